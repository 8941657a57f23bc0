import {
	CHANGEPOINT_PROFILES,
	changepointRows,
	normalisedChangepointScore,
	scoreChangepoints,
	type ChangepointTally
} from './changepoint-score';
import {
	addConfusion,
	confusion,
	rates,
	type ClassificationRates,
	type Confusion
} from './metrics';

/** SKAB's protocol: rows 0–399 of each file train (normal), rows 400 to the end are the test part. */
export const SKAB_TRAIN_ROWS = 400;

/** One file's test part: times, labels (when the file has them) and the detector's 0/1 output. */
export interface FileOutcome {
	file: string;
	timesMs: ArrayLike<number>;
	/** `anomaly` column of the test rows, if the file has labels. */
	anomaly?: ArrayLike<number>;
	/** `changepoint` column of the test rows, if the file has labels. */
	changepoint?: ArrayLike<number>;
	prediction: ArrayLike<number>;
}

export type ChangepointScores = Record<keyof typeof CHANGEPOINT_PROFILES, number>;

export interface RunEvaluation extends ClassificationRates {
	confusion: Confusion;
	changepoint: ChangepointScores;
	perFile: { file: string; confusion: Confusion; rates: ClassificationRates }[];
}

/**
 * Evaluates one run (one seed) the SKAB way: confusion counts pooled over all labelled files
 * before any rate is computed, changepoint scores normalised over all files at once.
 */
export function evaluateRun(outcomes: readonly FileOutcome[]): RunEvaluation {
	let pooled: Confusion = { tp: 0, fp: 0, fn: 0, tn: 0 };
	const tallies = Object.fromEntries(
		Object.keys(CHANGEPOINT_PROFILES).map((name) => [name, [] as ChangepointTally[]])
	) as Record<keyof typeof CHANGEPOINT_PROFILES, ChangepointTally[]>;
	const perFile: RunEvaluation['perFile'] = [];
	for (const outcome of outcomes) {
		if (outcome.anomaly) {
			const counts = confusion(outcome.anomaly, outcome.prediction);
			pooled = addConfusion(pooled, counts);
			perFile.push({ file: outcome.file, confusion: counts, rates: rates(counts) });
		}
		if (outcome.changepoint) {
			const rows = changepointRows(outcome.changepoint);
			for (const [name, profile] of Object.entries(CHANGEPOINT_PROFILES)) {
				tallies[name as keyof typeof CHANGEPOINT_PROFILES].push(
					scoreChangepoints(outcome.timesMs, rows, outcome.prediction, profile)
				);
			}
		}
	}
	const changepoint = Object.fromEntries(
		Object.entries(CHANGEPOINT_PROFILES).map(([name, profile]) => [
			name,
			normalisedChangepointScore(tallies[name as keyof typeof CHANGEPOINT_PROFILES], profile)
		])
	) as ChangepointScores;
	return { ...rates(pooled), confusion: pooled, changepoint, perFile };
}

/** Mean and population standard deviation of a figure across seeds. */
export function meanAndStd(values: readonly number[]): { mean: number; std: number } {
	const mean = values.reduce((a, b) => a + b, 0) / values.length;
	const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length;
	return { mean, std: Math.sqrt(variance) };
}
