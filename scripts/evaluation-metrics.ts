import type { BatchMetrics } from '../src/lib/db/scores';
/**
 * Metrics of one scored, labelled file for the Node runner. Deliberately its own code rather than
 * the app's `workers/batch-metrics.ts`: the end-to-end test compares the two, so sharing the glue
 * (which rows count, which decides a row, where the true changepoints are) would hide a mistake
 * in it. Here a row's decision is the engine's streaming-rule prediction from `detectRows`; the
 * app derives it from the stored score (`score > threshold`). The definitions they must share are
 * core's: `confusion`, `rates`, `rocCurve`, `precisionRecallCurve` and SKAB's changepoint score.
 */
import {
	CHANGEPOINT_PROFILES,
	normalisedChangepointScore,
	scoreChangepoints
} from '../src/lib/core/changepoint-score';
import { confusion, precisionRecallCurve, rates, rocCurve } from '../src/lib/core/metrics';

/**
 * Point-wise metrics over the rows that have a score (NaN where a rate is 0/0): the app's stored
 * `BatchMetrics` fields without the label column's name and the curves. Same shape, computed here
 * independently.
 */
export type PointMetrics = Omit<BatchMetrics, 'labelColumn' | 'roc' | 'pr'>;

export interface PointMetricsInput {
	/** Per row, 0/1. */
	labels: Uint8Array;
	/** Per row, 1 at a true changepoint; null: the rising edges of `labels` are the changepoints. */
	changepoints: Uint8Array | null;
	/** Per row, the score of the window ending on it; NaN where none does. */
	scores: Float32Array;
	/** Per row, the detector's decision (0 where no window ends). */
	predicted: Uint8Array;
	/** Per row, epoch ms (the changepoint score's 60 s windows are in time). */
	timesMs: Float64Array;
}

export function pointMetrics(input: PointMetricsInput): PointMetrics {
	const { labels, scores, predicted, timesMs } = input;
	const n = labels.length;
	if (scores.length !== n || predicted.length !== n || timesMs.length !== n) {
		throw new Error(
			`pointMetrics: ${n} labels, ${scores.length} scores, ${predicted.length} predictions, ${timesMs.length} times`
		);
	}
	const actual: number[] = [];
	const said: number[] = [];
	const scored: number[] = [];
	for (let i = 0; i < n; i++) {
		if (Number.isNaN(scores[i]!)) continue;
		actual.push(labels[i]!);
		said.push(predicted[i]!);
		scored.push(scores[i]!);
	}
	const counts = confusion(actual, said);
	const r = rates(counts);
	const truth: number[] = [];
	for (let i = 0; i < n; i++) {
		const change = input.changepoints
			? input.changepoints[i] === 1
			: labels[i] === 1 && (i === 0 || labels[i - 1] === 0);
		if (change) truth.push(i);
	}
	const profile = CHANGEPOINT_PROFILES.standard;
	const tally = scoreChangepoints(timesMs, truth, predicted, profile);
	return {
		rows: scored.length,
		...counts,
		precision: r.precision,
		recall: r.recall,
		f1: r.f1,
		farPct: r.farPct,
		marPct: r.marPct,
		rocAuc: rocCurve(actual, scored).auc,
		prAuc: precisionRecallCurve(actual, scored).auc,
		changepointScore: tally.windows > 0 ? normalisedChangepointScore([tally], profile) : NaN
	};
}
