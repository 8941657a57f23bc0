import type uPlot from 'uplot';
import { describe, expect, it } from 'vitest';
import { seriesColour, type ChartBand } from './chart-options';
import { groupChartOptions, toGroupPlotData } from './group-chart-options';

describe('groupChartOptions', () => {
	it('draws one series per member in its channel colour, labelled with the channel name', () => {
		const options = groupChartOptions({
			label: 'motor',
			members: [0, 3],
			names: ['vibration', 'current', 'pressure', 'temperature'],
			windowMs: 10_000,
			dark: false
		});
		expect(options.series).toHaveLength(3);
		expect(options.series[1]).toMatchObject({ label: 'vibration', stroke: seriesColour(0, false) });
		expect(options.series[2]).toMatchObject({
			label: 'temperature',
			stroke: seriesColour(3, false)
		});
		expect(options.series[2]).toMatchObject({ spanGaps: false, points: { show: false } });
		expect(options.axes![1]!.label).toBe('motor');
	});
});

/** Records the rectangles a draw hook fills; plot area x 100…600 px shows t = 0…1000 ms. */
function recordingPlot() {
	const rects: number[][] = [];
	const ctx = {
		fillStyle: '',
		strokeStyle: '',
		save: () => {},
		restore: () => {},
		fillRect: (...a: number[]) => rects.push(a),
		strokeRect: () => {}
	};
	const u = {
		ctx,
		bbox: { left: 100, top: 10, width: 500, height: 80 },
		valToPos: (ms: number) => 100 + ms / 2
	};
	return { u: u as unknown as uPlot, rects };
}

describe('groupChartOptions bands', () => {
	const spec = {
		label: 'motor',
		members: [0],
		names: ['vibration'],
		windowMs: 1_000,
		dark: false
	};

	it('has no band hook without a bands getter', () => {
		expect(groupChartOptions(spec).hooks?.drawClear ?? []).toHaveLength(0);
	});

	it('reads the spans at each draw, so spans added later show without new options', () => {
		let spans: ChartBand[] = [];
		const options = groupChartOptions({ ...spec, bands: () => spans });
		const hooks = options.hooks!.drawClear as ((u: uPlot) => void)[];
		expect(hooks).toHaveLength(1);
		const first = recordingPlot();
		for (const hook of hooks) hook(first.u);
		expect(first.rects).toEqual([]);

		spans = [{ startMs: 200, endMs: 400, kind: 'anomaly' }];
		const second = recordingPlot();
		for (const hook of hooks) hook(second.u);
		// 200…400 ms is x 200…300 px, over the whole plot height.
		expect(second.rects).toEqual([[200, 10, 100, 80]]);
	});
});

describe('toGroupPlotData', () => {
	it('shares the time column and turns NaN into null gaps for each member', () => {
		const frame = {
			t: Float64Array.from([1, 2]),
			channels: [
				Float32Array.from([1, NaN]),
				Float32Array.from([5, 6]),
				Float32Array.from([NaN, 8])
			]
		};
		const data = toGroupPlotData(frame, [2, 0]);
		expect(data[0]).toBe(frame.t);
		expect(data.slice(1)).toEqual([
			[null, 8],
			[1, null]
		]);
	});
});
