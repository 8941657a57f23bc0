import { assert } from './assert';

/** Weights of a NAB-style changepoint scoring profile (SKAB's three). */
export interface ChangepointProfile {
	tp: number;
	fp: number;
	fn: number;
}

export const CHANGEPOINT_PROFILES = {
	standard: { tp: 1, fp: -0.11, fn: -1 },
	lowFp: { tp: 1, fp: -0.22, fn: -1 },
	lowFn: { tp: 1, fp: -0.11, fn: -2 }
} as const satisfies Record<string, ChangepointProfile>;

/** SKAB's detection window after each true changepoint. */
export const CHANGEPOINT_WINDOW_MS = 60_000;

/** One file's raw changepoint score and the number of detection windows it had. */
export interface ChangepointTally {
	score: number;
	windows: number;
}

/**
 * Predicted changepoints: the rows where a 0/1 prediction changes (rising and falling edges; row 0
 * is never an edge, as with a pandas `diff`).
 */
export function predictedChangepoints(predicted: ArrayLike<number>): number[] {
	const edges: number[] = [];
	for (let i = 1; i < predicted.length; i++) if (predicted[i] !== predicted[i - 1]) edges.push(i);
	return edges;
}

/**
 * Scores one file (SKAB's protocol, shared/data/README.md): each true changepoint at time t opens a
 * window [t, t + windowMs]. The first predicted changepoint inside a window earns
 * `A_fp + (A_tp − A_fp) · (1 − tanh(x) / tanh(π/2)) / 2` with x running from −π/2 at t to π/2 at
 * the window end (from `tp` down to `fp`, SKAB's `my_scale` with koef 1); later ones in the same
 * window earn nothing; a prediction in no window costs `fp`; a window with no prediction costs `fn`.
 */
export function scoreChangepoints(
	timesMs: ArrayLike<number>,
	trueChangepointRows: readonly number[],
	predicted: ArrayLike<number>,
	profile: ChangepointProfile,
	windowMs = CHANGEPOINT_WINDOW_MS
): ChangepointTally {
	assert(
		timesMs.length === predicted.length,
		`${timesMs.length} times but ${predicted.length} predictions`
	);
	const windows = trueChangepointRows.map((row) => {
		const start = timesMs[row];
		assert(start !== undefined, `changepoint row ${row} outside 0..${timesMs.length - 1}`);
		return { start, end: start + windowMs, detected: false };
	});
	let score = 0;
	for (const row of predictedChangepoints(predicted)) {
		const time = timesMs[row]!;
		const window = windows.find((w) => time >= w.start && time <= w.end);
		if (!window) {
			score += profile.fp;
			continue;
		}
		if (window.detected) continue;
		window.detected = true;
		const x = -Math.PI / 2 + (Math.PI * (time - window.start)) / windowMs;
		score +=
			profile.fp + ((profile.tp - profile.fp) * (1 - Math.tanh(x) / Math.tanh(Math.PI / 2))) / 2;
	}
	for (const window of windows) if (!window.detected) score += profile.fn;
	return { score, windows: windows.length };
}

/** Normalises tallies over all files at once: 100 · (S − S_null) / (S_perfect − S_null). */
export function normalisedChangepointScore(
	tallies: readonly ChangepointTally[],
	profile: ChangepointProfile
): number {
	const score = tallies.reduce((sum, t) => sum + t.score, 0);
	const windows = tallies.reduce((sum, t) => sum + t.windows, 0);
	const nullScore = windows * profile.fn;
	const perfect = windows * profile.tp;
	return (100 * (score - nullScore)) / (perfect - nullScore);
}

/** Rows whose label marks a changepoint (SKAB's `changepoint` column is 1 at each). */
export function changepointRows(labels: ArrayLike<number>): number[] {
	const rows: number[] = [];
	for (let i = 0; i < labels.length; i++) if (labels[i] === 1) rows.push(i);
	return rows;
}
