import type uPlot from 'uplot';
import type { Frame } from '../../core/frame';
import {
	channelChartOptions,
	drawBands,
	seriesColour,
	toPlotData,
	type ChartBand
} from './chart-options';

export interface GroupChartSpec {
	/** The y-axis label: the group's name, or the channel's when it is alone. */
	label: string;
	/** Channel indices drawn on this chart, and their names (for the series labels). */
	members: readonly number[];
	names: readonly string[];
	windowMs: number;
	dark: boolean;
	syncKey?: string;
	showTimeAxis?: boolean;
	/**
	 * Spans to shade under the traces (epoch ms), read at every draw: a getter, not an array, so
	 * new spans (live anomalies) show on the next redraw without new options, which would
	 * recreate the chart.
	 */
	bands?: () => readonly ChartBand[];
}

/**
 * Live chart options for several channels on one plot. Built on the single-channel options so
 * the axes, scales and redraw behaviour stay identical; each member keeps its channel colour,
 * the same colour as its swatch in the channel list.
 */
export function groupChartOptions(spec: GroupChartSpec): Omit<uPlot.Options, 'width' | 'height'> {
	const first = spec.members[0] ?? 0;
	const base = channelChartOptions({
		name: spec.label,
		unit: '',
		colour: seriesColour(first, spec.dark),
		windowMs: spec.windowMs,
		dark: spec.dark,
		syncKey: spec.syncKey,
		showTimeAxis: spec.showTimeAxis
	});
	const template = base.series[1]!;
	const bands = spec.bands;
	return {
		...base,
		hooks: {
			...base.hooks,
			// After the canvas is cleared, before axes and series: bands sit under the traces.
			drawClear: [
				...(base.hooks?.drawClear ?? []),
				...(bands ? [(u: uPlot) => drawBands(u, bands(), spec.dark)] : [])
			]
		},
		series: [
			{},
			...spec.members.map((c) => ({
				...template,
				label: spec.names[c] ?? `channel ${c + 1}`,
				stroke: seriesColour(c, spec.dark)
			}))
		]
	};
}

/** The members' columns of a frame as uPlot data (times shared, NaN → null for gaps). */
export function toGroupPlotData(frame: Frame, members: readonly number[]): uPlot.AlignedData {
	return [frame.t, ...members.map((c) => toPlotData(frame, c)[1]!)];
}
