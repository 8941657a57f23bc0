/**
 * ROC and precision–recall curves of a scored, labelled dataset, for the batch scoring panel:
 * thinning for drawing, the operating point at the model's threshold, the chance line, uPlot
 * options and accessible labels. Pure, tested in Node.
 */
import type uPlot from 'uplot';
import { axisStyle, seriesColour } from '../chart/chart-options';

type ChartOptions = Omit<uPlot.Options, 'width' | 'height'>;

/** What the curves need of the stored metrics (`BatchMetrics` has these fields). */
export interface CurveMetrics {
	tp: number;
	fp: number;
	fn: number;
	tn: number;
	rocAuc: number;
	prAuc: number;
	/** x: false positive rate, y: true positive rate, one point per distinct score. */
	roc: { x: ArrayLike<number>; y: ArrayLike<number> };
	/** x: recall, y: precision, one point per distinct score. */
	pr: { x: ArrayLike<number>; y: ArrayLike<number> };
}

/** A curve's points in drawing order. */
export interface CurvePoints {
	x: Float64Array;
	y: Float64Array;
}

/** A point of a curve, both coordinates in 0…1. */
export interface CurvePoint {
	x: number;
	y: number;
}

/** How far (a fraction of the 0…1 axes) a point must move from the last kept one to be kept. */
export const CURVE_STEP = 1 / 1000;

/**
 * The curve thinned for drawing: the first and last points, and each point that moves more than
 * `step` along either axis from the last one kept (so a dropped point is within `step` of a kept
 * one and the staircase keeps its shape to about a pixel). Points that are not finite numbers
 * (bad stored data) are left out; with unequal lengths the shorter one counts. New arrays: the
 * input (the stored metrics) is never changed.
 */
export function thinCurve(
	x: ArrayLike<number>,
	y: ArrayLike<number>,
	step = CURVE_STEP
): CurvePoints {
	const keptX: number[] = [];
	const keptY: number[] = [];
	const length = Math.min(x.length, y.length);
	let last = -1;
	for (let i = 0; i < length; i++) {
		if (!Number.isFinite(x[i]!) || !Number.isFinite(y[i]!)) continue;
		last = i;
		const k = keptX.length - 1;
		if (k < 0 || Math.abs(x[i]! - keptX[k]!) > step || Math.abs(y[i]! - keptY[k]!) > step) {
			keptX.push(x[i]!);
			keptY.push(y[i]!);
			last = -1; // kept
		}
	}
	if (last >= 0) {
		keptX.push(x[last]!);
		keptY.push(y[last]!);
	}
	return { x: Float64Array.from(keptX), y: Float64Array.from(keptY) };
}

/**
 * Where the model's threshold sits on each curve, from its confusion counts (the rows the
 * curves were computed on, predicted anomalous when the score exceeds the threshold), and the
 * share of anomalous rows (the precision of guessing: the PR curve's chance line). Each is
 * undefined where its denominator is 0.
 */
export function operatingPoints(counts: Pick<CurveMetrics, 'tp' | 'fp' | 'fn' | 'tn'>): {
	roc?: CurvePoint;
	pr?: CurvePoint;
	positiveRate?: number;
} {
	const { tp, fp, fn, tn } = counts;
	const ratio = (a: number, b: number) => (b > 0 ? a / b : undefined);
	const tpr = ratio(tp, tp + fn);
	const fpr = ratio(fp, fp + tn);
	const precision = ratio(tp, tp + fp);
	return {
		roc: tpr !== undefined && fpr !== undefined ? { x: fpr, y: tpr } : undefined,
		pr: tpr !== undefined && precision !== undefined ? { x: tpr, y: precision } : undefined,
		positiveRate: ratio(tp + fn, tp + fp + fn + tn)
	};
}

/**
 * A curve's chart data: x, the thinned curve, and the chance line on the same x: the diagonal
 * (`'diagonal'`, ROC), a level (PR: the positive rate), or none (`undefined`: all null).
 */
export function curveChartData(
	points: CurvePoints,
	chance: 'diagonal' | number | undefined
): uPlot.AlignedData {
	const line =
		chance === 'diagonal'
			? Array.from(points.x)
			: Array.from(points.x, () => (chance === undefined ? null : chance));
	return [points.x, points.y, line];
}

/** What a curve chart shows: the axes' names and the operating point to mark. */
export interface CurveChartSpec {
	xLabel: string;
	yLabel: string;
	curveLabel: string;
	chanceLabel: string;
	/** The operating point at the model's threshold, marked on the curve. */
	operating?: CurvePoint;
	dark: boolean;
}

/** Draws the operating point: a ring around a dot, in canvas pixels. */
function drawOperatingPoint(u: uPlot, point: CurvePoint, colour: string): void {
	const { ctx } = u;
	const pxRatio = globalThis.devicePixelRatio ?? 1;
	const cx = u.valToPos(point.x, 'x', true);
	const cy = u.valToPos(point.y, 'y', true);
	ctx.save();
	ctx.setLineDash([]); // the chance line's dash may still be set
	ctx.fillStyle = colour;
	ctx.strokeStyle = colour;
	ctx.lineWidth = 2 * pxRatio;
	ctx.beginPath();
	ctx.arc(cx, cy, 3 * pxRatio, 0, 2 * Math.PI);
	ctx.fill();
	ctx.beginPath();
	ctx.arc(cx, cy, 7 * pxRatio, 0, 2 * Math.PI);
	ctx.stroke();
	ctx.restore();
}

/**
 * uPlot options for one curve: both axes fixed to 0…1 (a rate), the curve, the chance line
 * dashed, the operating point drawn after the series, and a legend naming the lines (no live
 * values: the curve is not a time series to read point by point). Data: `curveChartData`.
 */
export function curveChartOptions(spec: CurveChartSpec): ChartOptions {
	const axes = axisStyle(spec.dark);
	const markColour = seriesColour(1, spec.dark);
	const operating = spec.operating;
	return {
		legend: { show: true, live: false },
		cursor: { drag: { x: false, y: false }, points: { show: false } },
		scales: { x: { time: false, range: [0, 1] }, y: { range: [0, 1] } },
		axes: [
			{ ...axes, label: spec.xLabel, labelSize: 16, size: 36 },
			{ ...axes, label: spec.yLabel, labelSize: 16, size: 44 }
		],
		series: [
			{ label: spec.xLabel },
			{
				label: spec.curveLabel,
				stroke: seriesColour(0, spec.dark),
				width: 2,
				points: { show: false }
			},
			{
				label: spec.chanceLabel,
				stroke: axes.stroke as string,
				width: 1,
				dash: [6, 4],
				points: { show: false }
			}
		],
		hooks: { draw: operating ? [(u) => drawOperatingPoint(u, operating, markColour)] : [] }
	};
}

/**
 * The line under a curve chart explaining its marks: the operating point (when drawn) and the
 * chance line (when there is one, e.g. "the dashed diagonal is chance"). Empty when neither.
 */
export function curveNote(operatingShown: boolean, chance: string | undefined): string {
	const parts = [operatingShown ? "the ringed point is the model's threshold" : '', chance ?? ''];
	const text = parts.filter((part) => part !== '').join('; ');
	return text === '' ? '' : `${text[0]!.toUpperCase()}${text.slice(1)}.`;
}

/** `value` to 3 decimals, `—` when undefined. */
const three = (value: number | undefined) =>
	value !== undefined && Number.isFinite(value) ? value.toFixed(3) : '—';

/** The ROC chart's accessible name: what it plots, its AUC and the operating point. */
export function rocLabel(auc: number, operating: CurvePoint | undefined): string {
	const at = operating
		? ` At the model's threshold: false positive rate ${three(operating.x)}, true positive rate ${three(operating.y)}.`
		: '';
	return `ROC curve, true positive rate against false positive rate: AUC ${three(auc)}.${at} The dashed diagonal is chance.`;
}

/** The PR chart's accessible name: what it plots, its AUC, the operating point and chance. */
export function prLabel(
	auc: number,
	operating: CurvePoint | undefined,
	positiveRate: number | undefined
): string {
	const at = operating
		? ` At the model's threshold: recall ${three(operating.x)}, precision ${three(operating.y)}.`
		: '';
	const chance =
		positiveRate === undefined
			? ''
			: ` The dashed line is the share of anomalous rows (${three(positiveRate)}), the precision of chance.`;
	return `Precision–recall curve, precision against recall: AUC ${three(auc)}.${at}${chance}`;
}
