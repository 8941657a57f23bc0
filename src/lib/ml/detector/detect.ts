import { applyDifferencing } from '../../core/differencing';
import { skabPointLabels, streamingPointLabels, windowVerdicts } from '../../core/labelling';
import { applyScaler } from '../../core/scaler';
import { columnarWindows } from '../../core/windowing';
import { scoreWindows } from '../score';
import { normaliseErrors } from './error-scale';
import { markStuckWindows } from './constant-runs';
import { markMissingWindows } from './missing-windows';
import type { FittedDetector } from './fit';

/** How window verdicts become per-row decisions (core/labelling.ts). */
export type LabellingRule = 'streaming' | 'skab';

export interface DetectOptions {
	/** Rows `[from, to)` get a score and a decision. */
	from: number;
	to: number;
	rule: LabellingRule;
	batchSize?: number;
	signal?: AbortSignal;
}

export interface RowDetection {
	/**
	 * Per row in `[from, to)`: the score of the window that ends on it; NaN where none does;
	 * `+Infinity` where the window holds a missing value (missing-windows.ts) or a stuck channel
	 * (constant-runs.ts).
	 */
	score: Float32Array;
	/** Per row in `[from, to)`: 1 anomalous, 0 normal. */
	prediction: Uint8Array;
	/** Per row: each channel's share of the error, `[rows][channels]`; NaN where no window ends. */
	attribution: Float32Array;
	scoreMs: number;
}

/**
 * Scores rows with a fitted detector. Streaming rule: a row's window may reach back before `from`
 * (the rows before it are context, as in a live stream), so every row from the first window on
 * gets a decision when its window arrives. SKAB rule (reproducing the published protocol): windows
 * lie inside `[from, to)` only and rows are decided by SKAB's notebook rule.
 */
export async function detectRows(
	detector: FittedDetector,
	channels: readonly Float32Array[],
	{ from, to, rule, batchSize = 1024, signal }: DetectOptions
): Promise<RowDetection> {
	const windowLength = detector.config.windowLength;
	const rows = to - from;
	const first = rule === 'streaming' ? Math.max(0, from - (windowLength - 1)) : from;
	const scaled = applyScaler(
		applyDifferencing(channels, detector.differenced, first, to),
		detector.scaler
	);
	const windows = columnarWindows(scaled, windowLength);
	const started = performance.now();
	const raw = await scoreWindows(detector.model, windows, { batchSize, signal });
	const scored = detector.errorScale
		? normaliseErrors(raw.scores, raw.attribution, detector.errorScale)
		: raw;
	if (detector.longestConstantRun) {
		const raw = channels.map((column) => column.subarray(first, to));
		markStuckWindows(
			raw,
			windowLength,
			detector.longestConstantRun,
			scored.scores,
			scored.attribution
		);
	}
	markMissingWindows(scaled, windowLength, scored.scores, scored.attribution);
	const scoreMs = performance.now() - started;
	// Window w covers scaled rows [w, w + N) and ends on row first + w + N − 1.
	const offset = first + windowLength - 1 - from; // output row of window 0
	const channelCount = channels.length;
	const score = new Float32Array(rows).fill(NaN);
	const attribution = new Float32Array(rows * channelCount).fill(NaN);
	for (let w = 0; w < windows.count; w++) {
		const row = w + offset;
		if (row < 0 || row >= rows) continue;
		score[row] = scored.scores[w]!;
		attribution.set(
			scored.attribution.subarray(w * channelCount, (w + 1) * channelCount),
			row * channelCount
		);
	}
	const verdicts = windowVerdicts(scored.scores, detector.threshold);
	const prediction =
		rule === 'skab'
			? skabPointLabels(verdicts, windowLength, rows)
			: streamingPointLabels(verdicts, windowLength, windows.count + windowLength - 1).subarray(
					from - first
				);
	return { score, prediction: Uint8Array.from(prediction.subarray(0, rows)), attribution, scoreMs };
}
