/**
 * Anomaly scores as charts and text show them. A window holding a missing value (NaN, e.g. a
 * sensor dropout) or a stuck channel (one value throughout, longer than any run in training)
 * cannot be scored: scoring gives it `+Infinity` (always above the threshold) and its attribution
 * is each channel's share of the window's missing or stuck values (ml/detector/missing-windows.ts,
 * constant-runs.ts). Charts must not hand
 * Infinity to uPlot (its auto range would become infinite), and text must not print "Infinity".
 */

/** What a window whose score is `+Infinity` is called wherever a number would be shown. */
export const MISSING_VALUES_TEXT = 'missing or stuck values';

/** Whether a score stands for "cannot be scored: values missing or stuck". */
export function isMissingValuesScore(score: number): boolean {
	return score === Number.POSITIVE_INFINITY;
}

/** A score as text: `digits` decimals, or "missing or stuck values" for `+Infinity`, `—` for NaN. */
export function formatScore(score: number, digits = 2): string {
	if (isMissingValuesScore(score)) return MISSING_VALUES_TEXT;
	return Number.isFinite(score) ? score.toFixed(digits) : '—';
}

/**
 * The channels holding a window's missing or stuck values (share > 0 of `attribution`, largest
 * share first), as "missing or stuck values in flow, pressure". `names` and `attribution` are in
 * model order.
 */
export function missingValuesText(
	attribution: ArrayLike<number>,
	names: readonly string[]
): string {
	const channels = names
		.map((name, c) => ({ name, share: attribution[c] ?? 0 }))
		.filter(({ share }) => share > 0)
		.sort((a, b) => b.share - a.share)
		.map(({ name }) => name);
	return channels.length > 0
		? `${MISSING_VALUES_TEXT} in ${channels.join(', ')}`
		: MISSING_VALUES_TEXT;
}

/**
 * The caption of an anomaly's attribution bars, which show each channel's share of the error
 * summed over the anomaly's flagged windows (`eventAttribution`). When its peak window could not
 * be scored, it names the channels whose values are missing or stuck there instead of a score.
 * `atText` names the peak window's end (a clock time); `windows` counts the flagged windows.
 */
export function attributionCaption(
	peak: { score: number; attribution: ArrayLike<number> },
	windows: number,
	names: readonly string[],
	atText: string
): string {
	const over = `over its ${windows} flagged window${windows === 1 ? '' : 's'}`;
	return isMissingValuesScore(peak.score)
		? `Which channels drive the anomaly (${over}); at ${atText} it cannot be scored: ${missingValuesText(peak.attribution, names)}`
		: `Which channels drive the anomaly (${over}; peak score ${formatScore(peak.score)} at ${atText})`;
}

/**
 * The height at which a chart draws `+Infinity` scores: a quarter above the highest finite score
 * or the threshold, whichever is higher, so those points sit at the top of the lane's auto range
 * and stay above the threshold line. 1 when both are 0 (nothing to scale from).
 */
export function missingValuesHeight(finiteMax: number, threshold: number): number {
	const top = Math.max(Number.isFinite(finiteMax) ? finiteMax : 0, threshold);
	return top > 0 ? top * 1.25 : top + 1;
}

/** Scores ready for uPlot: Infinity replaced, and where it was, a marker at the same height. */
export interface ClampedScores {
	score: Float32Array;
	/** Per row: the marker's height where the score was `+Infinity`, else null (no marker). */
	missing: (number | null)[];
	/** Rows whose score was `+Infinity`. */
	missingCount: number;
}

/**
 * Replaces `+Infinity` in `score` by `missingValuesHeight` of the finite scores in rows
 * `[fromRow, score.length)` (those in view) and the threshold. Returns `score` itself when it has
 * no Infinity (no copy); never mutates it.
 */
export function clampMissingScores(
	score: Float32Array,
	threshold: number,
	fromRow = 0
): ClampedScores {
	let finiteMax = Number.NEGATIVE_INFINITY;
	let missingCount = 0;
	for (let i = 0; i < score.length; i++) {
		const value = score[i]!;
		if (isMissingValuesScore(value)) missingCount++;
		else if (i >= fromRow && value > finiteMax) finiteMax = value;
	}
	// uPlot wants every column as long as the times: an all-null column draws no marker.
	const missing = new Array<number | null>(score.length).fill(null);
	if (missingCount === 0) return { score, missing, missingCount };
	const height = missingValuesHeight(finiteMax, threshold);
	const clamped = new Float32Array(score.length);
	for (let i = 0; i < score.length; i++) {
		const value = score[i]!;
		if (isMissingValuesScore(value)) {
			clamped[i] = height;
			missing[i] = height;
		} else clamped[i] = value;
	}
	return { score: clamped, missing, missingCount };
}
