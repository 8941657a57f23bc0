import { describe, expect, it } from 'vitest';
import {
	anomalousSpans,
	scoreLaneOptions,
	spanIndexAt,
	toScoreLaneData
} from './score-lane-options';

describe('anomalousSpans', () => {
	it('gives one band per run above the threshold, ended by a normal or missing score', () => {
		const t = [0, 10, 20, 30, 40, 50, 60];
		expect(anomalousSpans(t, [1, 5, 6, 1, NaN, 7, 8], 4)).toEqual([
			{ startMs: 10, endMs: 20, kind: 'anomaly' },
			{ startMs: 50, endMs: 60, kind: 'anomaly' }
		]);
		expect(anomalousSpans(t, [1, 5, null, 5, 1, 1, 1], 4)).toEqual([
			{ startMs: 10, endMs: 10, kind: 'anomaly' },
			{ startMs: 30, endMs: 30, kind: 'anomaly' }
		]);
		// At the threshold is not above it.
		expect(anomalousSpans(t, [4, 4, 4, 4, 4, 4, 4], 4)).toEqual([]);
	});

	it('counts windows with missing values (Infinity) as above the threshold', () => {
		expect(anomalousSpans([0, 10, 20], Float32Array.of(1, Infinity, Infinity), 4)).toEqual([
			{ startMs: 10, endMs: 20, kind: 'anomaly' }
		]);
	});
});

describe('spanIndexAt', () => {
	const spans = [
		{ startMs: 100, endMs: 200 },
		{ startMs: 300, endMs: 300 },
		{ startMs: 310, endMs: 400 }
	];

	it('picks the span holding the time, ends included', () => {
		expect(spanIndexAt(spans, 150, 0)).toBe(0);
		expect(spanIndexAt(spans, 100, 0)).toBe(0);
		expect(spanIndexAt(spans, 200, 0)).toBe(0);
		expect(spanIndexAt(spans, 300, 0)).toBe(1);
		expect(spanIndexAt(spans, 400, 0)).toBe(2);
	});

	it('picks the nearest span within the tolerance, and none farther away', () => {
		// A one-window span is a line: a click a few pixels beside it picks it.
		expect(spanIndexAt(spans, 297, 5)).toBe(1);
		expect(spanIndexAt(spans, 304, 5)).toBe(1);
		expect(spanIndexAt(spans, 307, 5)).toBe(2);
		expect(spanIndexAt(spans, 250, 5)).toBe(-1);
		expect(spanIndexAt(spans, 50, 5)).toBe(-1);
		expect(spanIndexAt([], 150, 5)).toBe(-1);
	});
});

describe('scoreLaneOptions', () => {
	it('draws score and threshold over the live window, keeping the threshold in view', () => {
		const options = scoreLaneOptions({
			windowMs: 60_000,
			threshold: 5,
			dark: false,
			syncKey: 'live'
		});
		expect(options.series.map((s) => s.label)).toEqual([
			undefined,
			'Score',
			'Threshold',
			'Missing or stuck values'
		]);
		const fake = {} as never;
		const x = options.scales!['x']!.range as unknown as (
			u: never,
			min: number,
			max: number
		) => number[];
		expect(x(fake, 0, 100_000)).toEqual([40_000, 100_000]);
		const y = options.scales!['y']!.range as unknown as (
			u: never,
			min: number,
			max: number
		) => number[];
		expect(y(fake, 0.1, 2)).toEqual([0, 6]);
		expect(y(fake, 0.1, 30)).toEqual([0, 30]);
		expect(options.cursor?.sync?.key).toBe('live');
		expect(options.hooks?.drawClear).toHaveLength(1);
		// Clicks are listened to only when someone picks.
		expect(options.hooks?.ready).toHaveLength(0);
		const picking = scoreLaneOptions({ windowMs: 1, threshold: 5, dark: true, onpick: () => {} });
		expect(picking.hooks?.ready).toHaveLength(1);
		expect(picking.hooks?.setCursor).toHaveLength(1);
	});

	it('gives the lane data with the threshold as a line', () => {
		const data = toScoreLaneData({ t: Float64Array.of(1, 2), score: Float32Array.of(3, 9) }, 5);
		expect(data.map((column) => [...column])).toEqual([
			[1, 2],
			[3, 9],
			[5, 5],
			[null, null]
		]);
	});

	it('draws Infinity at 1.25 × max(finite scores in the window, threshold), marked', () => {
		const series = {
			t: Float64Array.of(0, 1000, 2000, 3000, 4000),
			score: Float32Array.of(40, 1, Infinity, 6, Infinity)
		};
		// The 40 is older than the 3 s window ending at 4000, so it does not set the height.
		const data = toScoreLaneData(series, 5, 3000);
		expect(Array.from(data[1]!)).toEqual([40, 1, 7.5, 6, 7.5]);
		expect(data[3]).toEqual([null, null, 7.5, null, 7.5]);
		expect(Array.from(toScoreLaneData(series, 5)[1]!)).toEqual([40, 1, 50, 6, 50]);
		// uPlot's range sees no Infinity, and the lane's top is the marker height.
		const y = scoreLaneOptions({ windowMs: 3000, threshold: 5, dark: false }).scales!['y']!
			.range as unknown as (u: never, min: number, max: number) => number[];
		expect(y({} as never, 1, 7.5)).toEqual([0, 7.5]);
		expect(series.score[2]).toBe(Infinity);
	});
});
