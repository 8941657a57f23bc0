import type uPlot from 'uplot';
import { describe, expect, it } from 'vitest';
import {
	bandColour,
	channelChartOptions,
	datasetChartOptions,
	drawBands,
	seriesColour,
	toPlotData
} from './chart-options';

const SPEC = { name: 'pressure', unit: 'bar', colour: '#123456', windowMs: 30_000, dark: false };

describe('channelChartOptions', () => {
	it('uses millisecond time and a range that ends at the newest sample and spans the window', () => {
		const options = channelChartOptions(SPEC);
		expect(options.ms).toBe(1);
		const x = options.scales!['x']!;
		expect(x.time).toBe(true);
		const range = x.range as (u: uPlot, min: number, max: number) => [number, number];
		expect(range({} as uPlot, 1_000, 100_000)).toEqual([70_000, 100_000]);
	});

	it('draws gaps (no spanGaps), no points, in the channel colour, named on the y axis', () => {
		const options = channelChartOptions(SPEC);
		expect(options.series[1]).toMatchObject({
			stroke: '#123456',
			spanGaps: false,
			points: { show: false }
		});
		expect(options.axes![1]!.label).toBe('pressure');
		expect(options.legend?.show).toBe(false);
	});

	it('shares the cursor by key and can hide the time axis labels of stacked charts', () => {
		const options = channelChartOptions({ ...SPEC, syncKey: 'live', showTimeAxis: false });
		expect(options.cursor?.sync?.key).toBe('live');
		const values = options.axes![0]!.values as () => unknown[];
		expect(values()).toEqual([]);
		expect(channelChartOptions(SPEC).axes![0]!.values).toBeUndefined();
	});

	it('follows the theme in its axis colours', () => {
		const light = channelChartOptions(SPEC).axes![0]!.stroke;
		const dark = channelChartOptions({ ...SPEC, dark: true }).axes![0]!.stroke;
		expect(light).not.toBe(dark);
	});
});

describe('seriesColour', () => {
	it('differs between neighbours and cycles after eight', () => {
		const colours = Array.from({ length: 8 }, (_, i) => seriesColour(i, false));
		expect(new Set(colours).size).toBe(8);
		expect(seriesColour(8, true)).toBe(seriesColour(0, true));
		expect(seriesColour(0, true)).not.toBe(seriesColour(0, false));
	});
});

describe('toPlotData', () => {
	it('passes times through without copying and turns NaN into null gaps', () => {
		const frame = { t: Float64Array.from([1, 2, 3]), channels: [Float32Array.from([0.5, NaN, 2])] };
		const [x, y] = toPlotData(frame, 0);
		expect(x).toBe(frame.t);
		expect(y).toEqual([0.5, null, 2]);
	});

	it('gives an empty series for a channel the frame lacks', () => {
		const frame = { t: Float64Array.from([1]), channels: [] };
		expect(toPlotData(frame, 3)[1]).toEqual([]);
	});
});

describe('datasetChartOptions', () => {
	it('lets the x range follow the data and turns a drag into a selected time range in epoch ms (a zoom or a segment)', () => {
		const selections: [number, number][] = [];
		const options = datasetChartOptions({
			name: 'flow',
			unit: 'l/min',
			colour: '#000',
			dark: false,
			onselect: (a, b) => selections.push([a, b])
		});
		expect(options.scales!['x']!.range).toBeUndefined();
		expect(options.cursor?.drag).toMatchObject({ x: true, setScale: false });
		const cleared: unknown[] = [];
		const fake = {
			select: { left: 100, width: 50 },
			posToVal: (px: number) => 1_000 + px * 10,
			setSelect: (s: unknown) => cleared.push(s)
		} as unknown as uPlot;
		options.hooks!.setSelect![0]!(fake);
		expect(selections).toEqual([[2_000, 2_500]]);
		expect(cleared).toHaveLength(1);
		// A click (no width) selects nothing.
		options.hooks!.setSelect![0]!({ ...fake, select: { left: 5, width: 0 } } as unknown as uPlot);
		expect(selections).toHaveLength(1);
	});
});

/** A canvas context that records what is drawn. */
function recordingCanvas() {
	const calls: [string, ...unknown[]][] = [];
	const ctx = {
		fillStyle: '',
		strokeStyle: '',
		save: () => calls.push(['save']),
		restore: () => calls.push(['restore']),
		fillRect: (...a: number[]) => calls.push(['fillRect', ...a]),
		strokeRect: (...a: number[]) => calls.push(['strokeRect', ...a])
	};
	const recordFill = new Proxy(ctx, {
		set(target, key, value) {
			if (key === 'fillStyle') calls.push(['fill', value]);
			return Reflect.set(target, key, value);
		}
	});
	// Plot area x 100…600 px showing t = 0…1000 ms: 2 ms per pixel.
	const u = {
		ctx: recordFill as unknown as CanvasRenderingContext2D,
		bbox: { left: 100, top: 10, width: 500, height: 80 },
		valToPos: (ms: number) => 100 + ms / 2
	};
	return { u: u as unknown as Parameters<typeof drawBands>[0], calls };
}

describe('segment bands', () => {
	it('fills each range across the plot height in its kind colour, clipped to the plot', () => {
		const { u, calls } = recordingCanvas();
		drawBands(
			u,
			[
				{ startMs: 200, endMs: 400, kind: 'anomaly' },
				{ startMs: -500, endMs: 100, kind: 'maintenance' },
				{ startMs: 2_000, endMs: 3_000, kind: 'normal' }
			],
			false
		);
		expect(calls).toEqual([
			['save'],
			['fill', bandColour('anomaly', false)],
			['fillRect', 200, 10, 100, 80],
			['fill', bandColour('maintenance', false)],
			['fillRect', 100, 10, 50, 80],
			// The normal band lies right of the plot: not drawn.
			['restore']
		]);
	});

	it('draws a marker as a thin vertical line and outlines the draft selection', () => {
		const { u, calls } = recordingCanvas();
		drawBands(
			u,
			[
				{ startMs: 500, endMs: 500, kind: 'marker' },
				{ startMs: 0, endMs: 100, kind: 'ignore', draft: true }
			],
			true
		);
		expect(calls).toContainEqual(['fillRect', 349, 10, 2, 80]);
		expect(calls).toContainEqual(['strokeRect', 100, 10, 50, 80]);
	});

	it('colours differ per kind and theme; unknown kinds fall back to ignore', () => {
		const kinds = ['normal', 'anomaly', 'maintenance', 'ignore'];
		expect(new Set(kinds.map((k) => bandColour(k, false))).size).toBe(4);
		expect(bandColour('anomaly', true)).not.toBe(bandColour('anomaly', false));
		expect(bandColour('mystery', false)).toBe(bandColour('ignore', false));
	});

	it('dataset options draw bands under the trace only when there are some', () => {
		const spec = { name: 'a', unit: '', colour: '#000', dark: false, onselect: () => undefined };
		expect(datasetChartOptions(spec).hooks!.drawClear).toEqual([]);
		const withBands = datasetChartOptions({
			...spec,
			bands: [{ startMs: 0, endMs: 1, kind: 'normal' }]
		});
		expect(withBands.hooks!.drawClear).toHaveLength(1);
	});
});
