import type uPlot from 'uplot';
import type { Frame } from '../../core/frame';

/** Colour-blind-safe series colours (Okabe–Ito based), tuned for contrast on each theme. */
const SERIES_COLOURS = {
	light: ['#0072b2', '#d55e00', '#009e73', '#cc79a7', '#b8860b', '#56b4e9', '#7b3294', '#1b1b1b'],
	dark: ['#56b4e9', '#f0a35e', '#3ccf9c', '#e69fd0', '#f0e442', '#8fd3ff', '#c39bd3', '#e0e0e0']
} as const;

const AXIS_COLOURS = {
	light: { text: '#52616b', grid: 'rgba(16, 24, 27, 0.08)' },
	dark: { text: '#98a9b1', grid: 'rgba(227, 236, 239, 0.09)' }
} as const;

/** Axis text, grid and tick colours of the given theme, as uPlot axis options. */
export function axisStyle(dark: boolean): Pick<uPlot.Axis, 'stroke' | 'grid' | 'ticks'> {
	const axis = AXIS_COLOURS[dark ? 'dark' : 'light'];
	return {
		stroke: axis.text,
		grid: { stroke: axis.grid, width: 1 },
		ticks: { stroke: axis.grid, width: 1 }
	};
}

/** Colour of series `index` on the given theme (cycles past eight). */
export function seriesColour(index: number, dark: boolean): string {
	const palette = SERIES_COLOURS[dark ? 'dark' : 'light'];
	return palette[index % palette.length]!;
}

export interface ChannelChartSpec {
	name: string;
	unit: string;
	colour: string;
	/** Visible span of the x axis, ending at the newest sample. */
	windowMs: number;
	dark: boolean;
	/** Charts with the same key share the cursor. */
	syncKey?: string;
	/** Stacked charts share one time axis: only the bottom one draws its labels. */
	showTimeAxis?: boolean;
}

/**
 * uPlot options for one channel's strip chart (width and height come from the component's
 * ResizeObserver). Times are epoch ms (`ms: 1`); the x range always ends at the newest sample and
 * spans `windowMs`, so the chart scrolls. `null` values are drawn as gaps.
 */
export function channelChartOptions(
	spec: ChannelChartSpec
): Omit<uPlot.Options, 'width' | 'height'> {
	const axes = axisStyle(spec.dark);
	return {
		ms: 1,
		legend: { show: false },
		cursor: {
			sync: spec.syncKey ? { key: spec.syncKey } : undefined,
			drag: { x: false, y: false }
		},
		scales: {
			x: {
				time: true,
				range: (_u, _min, max) => [max - spec.windowMs, max]
			},
			y: { auto: true }
		},
		axes: [
			spec.showTimeAxis === false ? { ...axes, size: 6, values: () => [] } : { ...axes, size: 32 },
			// Name only: with the unit it overflows a short chart; the readout beside it gives the unit.
			{ ...axes, label: spec.name, labelSize: 16, labelFont: '12px system-ui', size: 52 }
		],
		series: [
			{},
			{
				label: spec.name,
				stroke: spec.colour,
				// Exactly one pixel. Real sensor data is noisy, so a decimated trace is a vertical
				// stroke per pixel column; at 1.25 px every stroke is antialiased, and eight such
				// charts rasterised in software took live scoring at 8 ch × 1 kHz from p50 2 ms to
				// 45 ms as the 60-s window filled (bench/detect on SKAB data); at 1 px it stays at
				// p50 2–3 ms, p99 10–17 ms.
				width: 1,
				spanGaps: false,
				points: { show: false }
			}
		]
	};
}

/**
 * One channel of a frame as uPlot data. The times are passed through without copying; values
 * are copied because uPlot draws gaps only for `null`, not `NaN`.
 */
export function toPlotData(frame: Frame, channel: number): uPlot.AlignedData {
	const column = frame.channels[channel];
	if (!column) return [frame.t, []];
	const values: (number | null)[] = new Array(column.length);
	for (let i = 0; i < column.length; i++) {
		const value = column[i]!;
		values[i] = Number.isNaN(value) ? null : value;
	}
	return [frame.t, values];
}

/** A marked time range (epoch ms) drawn as a band; `startMs === endMs` is a marker line. */
export interface ChartBand {
	startMs: number;
	endMs: number;
	kind: string;
	/** The selection being marked (not saved yet): drawn outlined. */
	draft?: boolean;
}

/** Band fills per segment kind; translucent so the trace stays readable on top. */
const BAND_COLOURS: Record<string, { light: string; dark: string }> = {
	normal: { light: 'rgba(0, 158, 115, 0.16)', dark: 'rgba(60, 207, 156, 0.18)' },
	anomaly: { light: 'rgba(213, 94, 0, 0.2)', dark: 'rgba(240, 163, 94, 0.24)' },
	maintenance: { light: 'rgba(184, 134, 11, 0.2)', dark: 'rgba(240, 228, 66, 0.18)' },
	ignore: { light: 'rgba(82, 97, 107, 0.16)', dark: 'rgba(152, 169, 177, 0.18)' },
	marker: { light: 'rgba(123, 50, 148, 0.9)', dark: 'rgba(195, 155, 211, 0.9)' }
};

/** The fill (or line colour, for markers) of a band of `kind` on the given theme. */
export function bandColour(kind: string, dark: boolean): string {
	const colours = BAND_COLOURS[kind] ?? BAND_COLOURS['ignore']!;
	return dark ? colours.dark : colours.light;
}

/** What `drawBands` needs of a uPlot instance (a fake one in tests). */
export type BandCanvas = Pick<uPlot, 'ctx' | 'bbox' | 'valToPos'>;

/**
 * Draws `bands` across the plot area, clipped to it: ranges as filled rectangles, markers
 * (`startMs === endMs`) as 2-pixel vertical lines, the draft outlined. Canvas pixels.
 */
export function drawBands(u: BandCanvas, bands: readonly ChartBand[], dark: boolean): void {
	const { ctx, bbox } = u;
	const left = bbox.left;
	const right = bbox.left + bbox.width;
	ctx.save();
	for (const band of bands) {
		const x0 = Math.max(left, u.valToPos(band.startMs, 'x', true));
		const x1 = Math.min(right, u.valToPos(band.endMs, 'x', true));
		if (x1 < left || x0 > right || x1 < x0) continue;
		const colour = bandColour(band.kind, dark);
		if (band.startMs === band.endMs) {
			ctx.fillStyle = bandColour('marker', dark);
			ctx.fillRect(x0 - 1, bbox.top, 2, bbox.height);
			continue;
		}
		ctx.fillStyle = colour;
		ctx.fillRect(x0, bbox.top, Math.max(1, x1 - x0), bbox.height);
		if (band.draft) {
			ctx.strokeStyle = bandColour('marker', dark);
			ctx.strokeRect(x0, bbox.top, Math.max(1, x1 - x0), bbox.height);
		}
	}
	ctx.restore();
}

/**
 * Options for one channel of a stored dataset: the x range follows the data, dragging across
 * the chart selects a time range for `onselect` (epoch ms) — a zoom or a segment to mark, as the
 * page decides — and `bands` (marked segments) are drawn under the trace.
 */
export function datasetChartOptions(
	spec: Omit<ChannelChartSpec, 'windowMs'> & {
		onselect: (fromMs: number, toMs: number) => void;
		bands?: readonly ChartBand[];
	}
): Omit<uPlot.Options, 'width' | 'height'> {
	const base = channelChartOptions({ ...spec, windowMs: 0 });
	const bands = spec.bands ?? [];
	return {
		...base,
		scales: { x: { time: true }, y: { auto: true } },
		cursor: { ...base.cursor, drag: { x: true, y: false, setScale: false } },
		hooks: {
			// After the canvas is cleared, before axes and series: bands sit under the trace.
			drawClear: bands.length > 0 ? [(u) => drawBands(u, bands, spec.dark)] : [],
			setSelect: [
				(u) => {
					const { left, width } = u.select;
					if (width < 2) return;
					spec.onselect(u.posToVal(left, 'x'), u.posToVal(left + width, 'x'));
					u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
				}
			]
		}
	};
}
