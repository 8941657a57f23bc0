import type uPlot from 'uplot';
import { describe, expect, it } from 'vitest';
import {
	drawThreshold,
	histogramData,
	histogramOptions,
	lossChartData,
	lossChartOptions,
	scoreHistogram
} from './train-charts';

describe('loss chart', () => {
	it('merges batch points and epoch ends on one x axis, null where a series has no point', () => {
		const data = lossChartData(
			{ loss: [0.5, 0.3], valLoss: [0.6, NaN] },
			{ atEpoch: [0.5, 1, 1.5, 2, 2.5], loss: [0.7, 0.55, 0.4, 0.32, 0.3] }
		);
		expect(data).toEqual([
			[0.5, 1, 1.5, 2, 2.5],
			[0.7, 0.55, 0.4, 0.32, 0.3],
			[null, 0.5, null, 0.3, null],
			// A NaN validation loss (diverged) is a gap, not a point at NaN.
			[null, 0.6, null, null, null]
		]);
		expect(lossChartData({ loss: [], valLoss: [] }, { atEpoch: [], loss: [] })).toEqual([
			[],
			[],
			[],
			[]
		]);
	});

	it('has four series joined across gaps, epochs on x (not time)', () => {
		const options = lossChartOptions(false);
		expect(options.series.map((s) => s.label)).toEqual([
			'epoch',
			'batch loss',
			'loss',
			'validation loss'
		]);
		expect(options.series.slice(1).every((s) => s.spanGaps)).toBe(true);
		expect(options.scales!['x']!.time).toBe(false);
	});
});

describe('score histogram', () => {
	it('counts every finite score once, over a range that always shows the threshold', () => {
		const scores = Float32Array.from([0.1, 0.2, 0.2, 0.9, 1.0, NaN]);
		const h = scoreHistogram(scores, 2, 4);
		expect(h.edges).toEqual([0, 0.5, 1, 1.5, 2]);
		expect(h.counts).toEqual([3, 1, 1, 0]);
		expect(h.counts.reduce((a, b) => a + b)).toBe(5);
		// A score above the threshold widens the range instead; the top score lands in the last bin.
		const wide = scoreHistogram(Float32Array.from([0, 4]), 1, 4);
		expect(wide.edges.at(-1)).toBe(4);
		expect(wide.counts).toEqual([1, 0, 0, 1]);
		expect(scoreHistogram(new Float32Array(0), 0, 2).edges).toEqual([0, 0.5, 1]);
	});

	it('bars start at each bin’s left edge; the x range is the bins’ span; y starts at 0', () => {
		const h = scoreHistogram(Float32Array.from([0.1, 0.3]), 0.4, 2);
		expect(histogramData(h)).toEqual([
			[0, 0.2],
			[1, 1]
		]);
		const options = histogramOptions(h, 0.4, true);
		expect(options.scales!['x']!.range).toEqual([0, 0.4]);
		const y = options.scales!['y']!.range as unknown as (
			u: uPlot,
			min: number,
			max: number
		) => number[];
		expect(y({} as uPlot, 3, 7)).toEqual([0, 7]);
		expect(typeof options.series[1]!.paths).toBe('function');
		expect(options.hooks!.draw).toHaveLength(1);
	});

	it('draws the threshold as a vertical line across the plot, not when it is outside', () => {
		const calls: string[] = [];
		const ctx = {
			save: () => calls.push('save'),
			restore: () => calls.push('restore'),
			beginPath: () => calls.push('begin'),
			moveTo: (x: number, y: number) => calls.push(`move ${x},${y}`),
			lineTo: (x: number, y: number) => calls.push(`line ${x},${y}`),
			stroke: () => calls.push('stroke'),
			setLineDash: () => {},
			strokeStyle: '',
			lineWidth: 0
		};
		const u = {
			ctx,
			bbox: { left: 10, top: 5, width: 100, height: 50 },
			valToPos: (v: number) => 10 + v * 100
		} as unknown as Parameters<typeof drawThreshold>[0];
		drawThreshold(u, 0.25, 'red');
		expect(calls).toEqual(['save', 'begin', 'move 35,5', 'line 35,55', 'stroke', 'restore']);
		expect(ctx.strokeStyle).toBe('red');
		calls.length = 0;
		drawThreshold(u, 2, 'red');
		expect(calls).toEqual([]);
	});
});
