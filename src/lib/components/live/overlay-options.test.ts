import { describe, expect, it } from 'vitest';
import { seriesColour } from '../chart/chart-options';
import { overlayOptions, toOverlayData } from './overlay-options';

describe('overlayOptions', () => {
	it('draws the actual line in the channel colour and the reconstruction dashed, legend shown', () => {
		const options = overlayOptions({ name: 'Pressure', unit: 'bar', colourIndex: 2, dark: true });
		expect(options.series).toHaveLength(3);
		expect(options.series[1]).toMatchObject({ label: 'Actual', stroke: seriesColour(2, true) });
		expect(options.series[2]).toMatchObject({ label: 'Reconstructed', dash: [5, 3] });
		expect(options.series[2]!.stroke).not.toBe(options.series[1]!.stroke);
		expect(options.legend?.show).toBe(true);
		expect(options.axes?.[1]?.label).toBe('Pressure (bar)');
		expect(
			overlayOptions({ name: 'Count', unit: '', colourIndex: 0, dark: false }).axes?.[1]?.label
		).toBe('Count');
	});

	it('fits the x axis to the window instead of scrolling a live span', () => {
		const x = overlayOptions({ name: 'a', unit: '', colourIndex: 0, dark: false }).scales?.x;
		expect(x).toEqual({ time: true, auto: true });
	});
});

describe('toOverlayData', () => {
	it('turns NaN into gaps and keeps the rows all three series have', () => {
		const data = toOverlayData({
			t: Float64Array.from([1000, 1010, 1020]),
			actual: Float32Array.from([1, NaN, 3]),
			reconstructed: Float32Array.from([1.5, 2.5])
		});
		expect(Array.from(data[0])).toEqual([1000, 1010]);
		expect(data[1]).toEqual([1, null]);
		expect(data[2]).toEqual([1.5, 2.5]);
	});
});
