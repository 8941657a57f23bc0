import type uPlot from 'uplot';
import { channelChartOptions, seriesColour } from '../chart/chart-options';

export interface OverlaySpec {
	/** The channel's name and unit (axis label and legend). */
	name: string;
	unit: string;
	/** Series index of the channel on the live charts, so the actual line keeps its colour. */
	colourIndex: number;
	dark: boolean;
}

/**
 * uPlot options for the event panel's overlay: one window of a channel as received (solid, the
 * channel's colour) and as the model reconstructs it (dashed, neutral). Unlike the live charts the
 * x range is the data's own (one window, fixed), so it does not scroll; the legend is shown
 * because the two lines must be told apart.
 */
export function overlayOptions(spec: OverlaySpec): Omit<uPlot.Options, 'width' | 'height'> {
	const base = channelChartOptions({
		name: spec.unit ? `${spec.name} (${spec.unit})` : spec.name,
		unit: spec.unit,
		colour: seriesColour(spec.colourIndex, spec.dark),
		windowMs: 0,
		dark: spec.dark
	});
	return {
		...base,
		legend: { show: true, live: false },
		scales: { ...base.scales, x: { time: true, auto: true } },
		series: [
			{},
			{ ...base.series[1]!, label: 'Actual', width: 1.5 },
			{
				label: 'Reconstructed',
				stroke: spec.dark ? '#e0e0e0' : '#1b1b1b',
				width: 1.5,
				dash: [5, 3],
				points: { show: false }
			}
		]
	};
}

/**
 * The overlay's data: window times (epoch ms) and the two lines. NaN becomes `null` (uPlot draws
 * gaps only for null); a length mismatch keeps the common rows.
 */
export function toOverlayData(overlay: {
	t: Float64Array;
	actual: Float32Array;
	reconstructed: Float32Array;
}): uPlot.AlignedData {
	const rows = Math.min(overlay.t.length, overlay.actual.length, overlay.reconstructed.length);
	const gaps = (values: Float32Array) =>
		Array.from(values.subarray(0, rows), (x) => (Number.isNaN(x) ? null : x));
	return [overlay.t.slice(0, rows), gaps(overlay.actual), gaps(overlay.reconstructed)];
}
