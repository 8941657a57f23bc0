import { assert } from './assert';

/** Point-wise confusion counts. */
export interface Confusion {
	tp: number;
	fp: number;
	fn: number;
	tn: number;
}

/** Rates derived from a confusion matrix. 0/0 is `NaN` (undefined), never a silent 0 or 1. */
export interface ClassificationRates {
	precision: number;
	recall: number;
	/** SKAB's form: TP / (TP + (FP + FN) / 2), equal to the harmonic mean of precision and recall. */
	f1: number;
	accuracy: number;
	specificity: number;
	/** False alarm rate in percent: FP / (FP + TN) · 100. */
	farPct: number;
	/** Missed alarm rate in percent: FN / (FN + TP) · 100. */
	marPct: number;
}

/** Confusion counts of predictions against labels (1 = anomalous), index by index. */
export function confusion(actual: ArrayLike<number>, predicted: ArrayLike<number>): Confusion {
	assert(
		actual.length === predicted.length,
		`${actual.length} labels but ${predicted.length} predictions`
	);
	const counts: Confusion = { tp: 0, fp: 0, fn: 0, tn: 0 };
	for (let i = 0; i < actual.length; i++) {
		const truth = actual[i] === 1;
		const said = predicted[i] === 1;
		if (truth && said) counts.tp++;
		else if (said) counts.fp++;
		else if (truth) counts.fn++;
		else counts.tn++;
	}
	return counts;
}

/** Adds confusion counts (SKAB pools counts over files before computing rates). */
export function addConfusion(a: Confusion, b: Confusion): Confusion {
	return { tp: a.tp + b.tp, fp: a.fp + b.fp, fn: a.fn + b.fn, tn: a.tn + b.tn };
}

export function rates({ tp, fp, fn, tn }: Confusion): ClassificationRates {
	return {
		precision: tp / (tp + fp),
		recall: tp / (tp + fn),
		f1: tp / (tp + (fp + fn) / 2),
		accuracy: (tp + tn) / (tp + fp + fn + tn),
		specificity: tn / (tn + fp),
		farPct: (100 * fp) / (fp + tn),
		marPct: (100 * fn) / (fn + tp)
	};
}

/** Points of a curve with its area. */
export interface Curve {
	x: Float64Array;
	y: Float64Array;
	auc: number;
}

/**
 * ROC curve (false positive rate → true positive rate) over all distinct score thresholds, and its
 * area, which equals the probability that a random anomalous sample outscores a random normal one
 * (ties count half). `NaN` area when only one class is present.
 */
export function rocCurve(actual: ArrayLike<number>, scores: ArrayLike<number>): Curve {
	const { positives, negatives, steps } = thresholdSteps(actual, scores);
	const x = [0];
	const y = [0];
	let auc = 0;
	for (const { tp, fp } of steps) {
		const fpr = fp / negatives;
		const tpr = tp / positives;
		auc += ((fpr - x[x.length - 1]!) * (tpr + y[y.length - 1]!)) / 2;
		x.push(fpr);
		y.push(tpr);
	}
	const degenerate = positives === 0 || negatives === 0;
	return { x: Float64Array.from(x), y: Float64Array.from(y), auc: degenerate ? NaN : auc };
}

/**
 * Precision–recall curve and average precision, AP = Σ (Rₙ − Rₙ₋₁) · Pₙ over distinct thresholds
 * (scikit-learn's definition; no interpolation). `NaN` when there is no anomalous sample.
 */
export function precisionRecallCurve(actual: ArrayLike<number>, scores: ArrayLike<number>): Curve {
	const { positives, steps } = thresholdSteps(actual, scores);
	const x: number[] = [0];
	const y: number[] = [1];
	let ap = 0;
	for (const { tp, fp } of steps) {
		const recall = tp / positives;
		const precision = tp / (tp + fp);
		ap += (recall - x[x.length - 1]!) * precision;
		x.push(recall);
		y.push(precision);
	}
	return { x: Float64Array.from(x), y: Float64Array.from(y), auc: positives === 0 ? NaN : ap };
}

/** Cumulative TP/FP counts when the threshold is lowered past each distinct score (highest first). */
function thresholdSteps(actual: ArrayLike<number>, scores: ArrayLike<number>) {
	assert(actual.length === scores.length, `${actual.length} labels but ${scores.length} scores`);
	const order = Array.from({ length: scores.length }, (_, i) => i)
		.filter((i) => !Number.isNaN(scores[i]!))
		.sort((a, b) => scores[b]! - scores[a]!);
	let positives = 0;
	for (const i of order) if (actual[i] === 1) positives++;
	const negatives = order.length - positives;
	const steps: { tp: number; fp: number }[] = [];
	let tp = 0;
	let fp = 0;
	for (let k = 0; k < order.length; k++) {
		if (actual[order[k]!] === 1) tp++;
		else fp++;
		const next = order[k + 1];
		if (next === undefined || scores[next] !== scores[order[k]!]) steps.push({ tp, fp });
	}
	return { positives, negatives, steps };
}
