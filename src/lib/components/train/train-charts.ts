/**
 * Options and data for the Train page's two charts: the live loss chart (batch losses as they
 * come, epoch losses and validation losses) and the histogram of the training windows' scores
 * with the calibrated threshold. Pure, so they are unit-tested in Node.
 */
import uPlot from 'uplot';
import { seriesColour } from '../chart/chart-options';

type ChartOptions = Omit<uPlot.Options, 'width' | 'height'>;

const AXIS = {
	light: { text: '#52616b', grid: 'rgba(16, 24, 27, 0.08)' },
	dark: { text: '#98a9b1', grid: 'rgba(227, 236, 239, 0.09)' }
} as const;

function axisStyle(dark: boolean) {
	const axis = AXIS[dark ? 'dark' : 'light'];
	return {
		stroke: axis.text,
		grid: { stroke: axis.grid, width: 1 },
		ticks: { stroke: axis.grid, width: 1 }
	};
}

/** Losses: x in epochs (batch points at fractions of an epoch, epoch points at its end). */
export function lossChartOptions(dark: boolean): ChartOptions {
	return {
		legend: { show: true },
		cursor: { drag: { x: false, y: false } },
		scales: { x: { time: false }, y: { auto: true } },
		axes: [
			{ ...axisStyle(dark), label: 'epoch', labelSize: 16, size: 36 },
			{ ...axisStyle(dark), label: 'loss (MAE)', labelSize: 16, size: 56 }
		],
		series: [
			{ label: 'epoch' },
			{
				label: 'batch loss',
				stroke: seriesColour(5, dark),
				width: 1,
				spanGaps: true,
				points: { show: false }
			},
			{
				label: 'loss',
				stroke: seriesColour(0, dark),
				width: 2,
				spanGaps: true,
				points: { show: true, size: 6 }
			},
			{
				label: 'validation loss',
				stroke: seriesColour(1, dark),
				width: 2,
				dash: [6, 4],
				spanGaps: true,
				points: { show: true, size: 6 }
			}
		]
	};
}

/**
 * The loss chart's data: one x column merging batch positions and epoch ends (epoch `e` ends at
 * x = e + 1), each series null where it has no point (uPlot joins them with `spanGaps`).
 */
export function lossChartData(
	history: { loss: readonly number[]; valLoss: readonly number[] },
	batches: { atEpoch: readonly number[]; loss: readonly number[] }
): uPlot.AlignedData {
	const points = new Map<number, [number | null, number | null, number | null]>();
	const at = (x: number) => {
		let row = points.get(x);
		if (!row) points.set(x, (row = [null, null, null]));
		return row;
	};
	batches.atEpoch.forEach((x, i) => (at(x)[0] = finiteOrNull(batches.loss[i]!)));
	history.loss.forEach((loss, epoch) => {
		const row = at(epoch + 1);
		row[1] = finiteOrNull(loss);
		row[2] = finiteOrNull(history.valLoss[epoch] ?? NaN);
	});
	const xs = [...points.keys()].sort((a, b) => a - b);
	return [
		xs,
		xs.map((x) => points.get(x)![0]),
		xs.map((x) => points.get(x)![1]),
		xs.map((x) => points.get(x)![2])
	];
}

function finiteOrNull(value: number): number | null {
	return Number.isFinite(value) ? value : null;
}

/** A histogram: `counts[i]` scores fell in `[edges[i], edges[i + 1])` (the last bin is closed). */
export interface Histogram {
	edges: number[];
	counts: number[];
}

/**
 * Bins the scores over `[min(0, lowest), max(highest, threshold)]`, so the threshold is always on
 * the chart even when no training score reaches it. Non-finite scores are left out.
 */
export function scoreHistogram(scores: ArrayLike<number>, threshold: number, bins = 40): Histogram {
	let low = 0;
	let high = Number.isFinite(threshold) ? threshold : 0;
	for (let i = 0; i < scores.length; i++) {
		const s = scores[i]!;
		if (!Number.isFinite(s)) continue;
		if (s < low) low = s;
		if (s > high) high = s;
	}
	if (high <= low) high = low + 1;
	const width = (high - low) / bins;
	const counts = new Array<number>(bins).fill(0);
	for (let i = 0; i < scores.length; i++) {
		const s = scores[i]!;
		if (!Number.isFinite(s)) continue;
		counts[Math.min(bins - 1, Math.floor((s - low) / width))]!++;
	}
	const edges = Array.from({ length: bins + 1 }, (_, i) => low + i * width);
	return { edges, counts };
}

/** uPlot data for the histogram's bars: x = each bin's left edge. */
export function histogramData(histogram: Histogram): uPlot.AlignedData {
	return [histogram.edges.slice(0, -1), histogram.counts];
}

/** What `drawThreshold` needs of a uPlot instance (a fake in tests). */
export type ThresholdCanvas = Pick<uPlot, 'ctx' | 'bbox' | 'valToPos'>;

/** A vertical dashed line at the threshold across the plot area (canvas pixels). */
export function drawThreshold(u: ThresholdCanvas, threshold: number, colour: string): void {
	const x = u.valToPos(threshold, 'x', true);
	const { ctx, bbox } = u;
	if (!(x >= bbox.left && x <= bbox.left + bbox.width)) return;
	ctx.save();
	ctx.strokeStyle = colour;
	ctx.lineWidth = 2 * (uPlot.pxRatio || 1);
	ctx.setLineDash([6, 4]);
	ctx.beginPath();
	ctx.moveTo(x, bbox.top);
	ctx.lineTo(x, bbox.top + bbox.height);
	ctx.stroke();
	ctx.restore();
}

/**
 * The histogram: bars (bins drawn from their left edge, one bin wide) and the threshold as a
 * dashed line drawn after the series. The x range spans the bins exactly.
 */
export function histogramOptions(
	histogram: Histogram,
	threshold: number,
	dark: boolean
): ChartOptions {
	const low = histogram.edges[0] ?? 0;
	const high = histogram.edges.at(-1) ?? 1;
	const lineColour = seriesColour(1, dark);
	return {
		legend: { show: false },
		cursor: { drag: { x: false, y: false } },
		scales: {
			x: { time: false, range: [low, high] },
			y: { auto: true, range: (_u, _min, max) => [0, Math.max(1, max)] }
		},
		axes: [
			{ ...axisStyle(dark), label: 'score of a training window', labelSize: 16, size: 36 },
			{ ...axisStyle(dark), label: 'windows', labelSize: 16, size: 56 }
		],
		series: [
			{ label: 'score' },
			{
				label: 'windows',
				stroke: seriesColour(0, dark),
				fill: dark ? 'rgba(86, 180, 233, 0.45)' : 'rgba(0, 114, 178, 0.35)',
				width: 1,
				paths: uPlot.paths.bars!({ size: [1, Infinity], align: 1 }),
				points: { show: false }
			}
		],
		hooks: { draw: [(u) => drawThreshold(u, threshold, lineColour)] }
	};
}
