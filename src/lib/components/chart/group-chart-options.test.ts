import { describe, expect, it } from 'vitest';
import { seriesColour } from './chart-options';
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
