import type uPlot from 'uplot';
import { decimateMinMax } from '../../core/decimate';
import { clampMissingScores, isMissingValuesScore } from '../chart/score-values';

/** CSV header of a scores export (one line per dataset row). */
export const SCORES_CSV_HEADER = 'time,score,threshold,anomaly';

/**
 * A scores export as CSV lines: ISO 8601 UTC time, the score (empty where no window ends on the
 * row), the threshold, and 1/0 for score > threshold. Returned as parts of at most `partRows`
 * lines each, so a Blob is built from them without one giant string.
 */
export function scoresCsvParts(
	timesMs: Float64Array,
	scores: Float32Array,
	threshold: number,
	partRows = 50_000
): string[] {
	const parts = [`${SCORES_CSV_HEADER}\n`];
	const rows = Math.min(timesMs.length, scores.length);
	for (let from = 0; from < rows; from += partRows) {
		const lines: string[] = [];
		for (let i = from; i < Math.min(rows, from + partRows); i++) {
			const score = scores[i]!;
			const scored = !Number.isNaN(score);
			lines.push(
				`${new Date(timesMs[i]!).toISOString()},${scored ? score : ''},${threshold},${
					scored && score > threshold ? 1 : 0
				}\n`
			);
		}
		parts.push(lines.join(''));
	}
	return parts;
}

/**
 * The score chart's data, in the columns `scoreLaneOptions` draws: scores decimated to at most
 * `bins` min/max pairs (spikes stay visible), the threshold repeated, and markers for windows
 * that could not be scored (`+Infinity`, values missing), which are drawn at the top (see
 * `clampMissingScores`). Rows before the first window (NaN) are left out.
 */
export function scoreChartData(
	timesMs: Float64Array,
	scores: Float32Array,
	threshold: number,
	bins: number
): uPlot.AlignedData {
	const first = scores.findIndex((s) => !Number.isNaN(s));
	if (first < 0 || timesMs.length === 0) return [new Float64Array(0), new Float32Array(0), [], []];
	const t = timesMs.subarray(first, scores.length);
	const startMs = t[0]!;
	const endMs = t[t.length - 1]! + 1; // the range is half-open: keep the last row
	const decimated = decimateMinMax({ t, channels: [scores.subarray(first)] }, startMs, endMs, bins);
	const clamped = clampMissingScores(decimated.channels[0]!, threshold);
	return [
		decimated.t,
		clamped.score,
		new Float64Array(decimated.t.length).fill(threshold),
		clamped.missing
	];
}

/** Rows whose window could not be scored because values were missing (score `+Infinity`). */
export function missingScoreCount(scores: Float32Array): number {
	let count = 0;
	for (const score of scores) if (isMissingValuesScore(score)) count++;
	return count;
}

/** A metric for the table: 3 significant decimals, `—` when undefined (NaN, e.g. 0/0). */
export function formatMetric(value: number, unit = ''): string {
	return Number.isFinite(value) ? `${value.toFixed(3)}${unit}` : '—';
}
