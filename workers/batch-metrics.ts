/**
 * Metrics of a scored, labelled dataset, from core/metrics and core/changepoint-score. Pure; here
 * beside the batch scoring job that calls it (core is not this job's folder to extend).
 */
import {
	CHANGEPOINT_PROFILES,
	normalisedChangepointScore,
	scoreChangepoints
} from '../src/lib/core/changepoint-score';
import { confusion, precisionRecallCurve, rates, rocCurve } from '../src/lib/core/metrics';
import type { BatchMetrics, ScoreSpan } from '../src/lib/db/scores';

/** Label columns that hold point labels, in order of preference. */
const POINT_LABEL_NAMES = ['anomaly', 'label', 'is_anomaly'];

/** Which label column holds point labels (index), or -1 when none does. */
export function pointLabelColumn(labelColumns: readonly string[]): number {
	for (const name of POINT_LABEL_NAMES) {
		const at = labelColumns.findIndex((c) => c.toLowerCase() === name);
		if (at >= 0) return at;
	}
	return labelColumns.findIndex((c) => c.toLowerCase() !== 'changepoint');
}

/**
 * Metrics over the rows that have a score (NaN scores are left out: no window ends on them).
 * A row is predicted anomalous when its score exceeds `threshold` (the streaming rule). True
 * changepoints: the `changepoints` column when the dataset has one, else the rising edges of
 * the point labels.
 */
export function batchMetrics(input: {
	labelColumn: string;
	labels: Uint8Array;
	changepoints: Uint8Array | null;
	scores: Float32Array;
	threshold: number;
	timesMs: Float64Array;
}): BatchMetrics {
	const { labels, scores, threshold, timesMs } = input;
	const scored: number[] = [];
	for (let i = 0; i < scores.length; i++) if (!Number.isNaN(scores[i]!)) scored.push(i);
	const actual = Uint8Array.from(scored, (i) => labels[i]!);
	const scoreOf = Float32Array.from(scored, (i) => scores[i]!);
	const predicted = Uint8Array.from(scoreOf, (s) => (s > threshold ? 1 : 0));
	const counts = confusion(actual, predicted);
	const r = rates(counts);
	const roc = rocCurve(actual, scoreOf);
	const pr = precisionRecallCurve(actual, scoreOf);
	const allPredicted = Uint8Array.from(scores, (s) => (s > threshold ? 1 : 0));
	const truth: number[] = [];
	for (let i = 0; i < labels.length; i++) {
		const isChange = input.changepoints
			? input.changepoints[i] === 1
			: labels[i] === 1 && (i === 0 || labels[i - 1] !== 1);
		if (isChange) truth.push(i);
	}
	const profile = CHANGEPOINT_PROFILES.standard;
	const tally = scoreChangepoints(timesMs, truth, allPredicted, profile);
	return {
		labelColumn: input.labelColumn,
		rows: scored.length,
		...counts,
		precision: r.precision,
		recall: r.recall,
		f1: r.f1,
		farPct: r.farPct,
		marPct: r.marPct,
		rocAuc: roc.auc,
		prAuc: pr.auc,
		roc: { x: Array.from(roc.x), y: Array.from(roc.y) },
		pr: { x: Array.from(pr.x), y: Array.from(pr.y) },
		changepointScore: tally.windows > 0 ? normalisedChangepointScore([tally], profile) : NaN
	};
}

/**
 * Merges consecutive rows whose score exceeds the threshold into spans, fed row by row so the
 * whole dataset never needs to be in one array.
 */
export class SpanMerger {
	readonly spans: ScoreSpan[] = [];
	#open: ScoreSpan | null = null;

	constructor(readonly threshold: number) {}

	add(timeMs: number, score: number): void {
		if (score > this.threshold) {
			if (this.#open) {
				this.#open.endMs = timeMs;
				this.#open.peak = Math.max(this.#open.peak, score);
			} else this.#open = { startMs: timeMs, endMs: timeMs, peak: score };
		} else this.finish();
	}

	finish(): ScoreSpan[] {
		if (this.#open) this.spans.push(this.#open);
		this.#open = null;
		return this.spans;
	}
}
