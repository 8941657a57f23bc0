/**
 * Batch scores of a stored dataset with one model version: one settings row per dataset and
 * version (key below). A settings row rather than a new table: the result is derived data (score
 * again to recreate it), so it needs no schema version of its own, no migration and no backup.
 */
import { chunksInOrder } from './datasets';
import type { VigilDb } from './db';
import { BATCH_SCORES_PREFIX } from './setting-keys';

export { BATCH_SCORES_PREFIX } from './setting-keys';

/** A time range where the score stayed above the threshold (epoch ms, both ends inclusive). */
export interface ScoreSpan {
	startMs: number;
	endMs: number;
	/** The highest score inside it. */
	peak: number;
}

/** Point-wise metrics of a scored, labelled dataset (NaN where undefined, e.g. 0/0). */
export interface BatchMetrics {
	/** The label column the rows were compared with. */
	labelColumn: string;
	/** Rows compared: those with a score (each row from the first full window on). */
	rows: number;
	tp: number;
	fp: number;
	fn: number;
	tn: number;
	precision: number;
	recall: number;
	f1: number;
	farPct: number;
	marPct: number;
	rocAuc: number;
	prAuc: number;
	roc: { x: number[]; y: number[] };
	pr: { x: number[]; y: number[] };
	/** SKAB's normalised changepoint score (standard profile), 0…100; NaN without changepoints. */
	changepointScore: number;
}

// DO NOT RENAME: persisted in IndexedDB
export interface BatchScoresRow {
	datasetId: number;
	versionId: number;
	/** Per dataset row (file order): the score of the window ending on it; NaN before the first. */
	scores: Float32Array;
	threshold: number;
	windowLength: number;
	spans: ScoreSpan[];
	metrics: BatchMetrics | null;
	/** The tfjs backend that scored (`wasm`, `webgpu`…). */
	backend: string;
	scoreMs: number;
	createdAt: number;
}

function keyOf(datasetId: number, versionId: number): string {
	return `${BATCH_SCORES_PREFIX}${datasetId}|${versionId}`;
}

/** Stores (replaces) the scores of a dataset with a version. */
export async function saveBatchScores(db: VigilDb, row: BatchScoresRow): Promise<void> {
	await db.settings.put({ key: keyOf(row.datasetId, row.versionId), value: row });
}

/**
 * The newest stored scores of a dataset (any version), or null. A row that does not look like
 * one (written by another build, or cut short) reads as null: score again.
 */
export async function latestBatchScores(
	db: VigilDb,
	datasetId: number
): Promise<BatchScoresRow | null> {
	const rows = await db.settings
		.where('key')
		.startsWith(`${BATCH_SCORES_PREFIX}${datasetId}|`)
		.toArray();
	const valid = rows.map((r) => restoreBatchScores(r.value)).filter((r) => r !== null);
	valid.sort((a, b) => b.createdAt - a.createdAt);
	return valid[0] ?? null;
}

/** Deletes every stored score of a dataset (when the dataset is deleted). */
export async function deleteBatchScores(db: VigilDb, datasetId: number): Promise<void> {
	await db.settings.where('key').startsWith(`${BATCH_SCORES_PREFIX}${datasetId}|`).delete();
}

function restoreBatchScores(value: unknown): BatchScoresRow | null {
	const row = value as Partial<BatchScoresRow> | null;
	if (!row || !(row.scores instanceof Float32Array)) return null;
	if (typeof row.datasetId !== 'number' || typeof row.versionId !== 'number') return null;
	if (typeof row.threshold !== 'number' || !Array.isArray(row.spans)) return null;
	return {
		datasetId: row.datasetId,
		versionId: row.versionId,
		scores: row.scores,
		threshold: row.threshold,
		windowLength: row.windowLength ?? 0,
		spans: row.spans,
		metrics: row.metrics ?? null,
		backend: row.backend ?? '',
		scoreMs: row.scoreMs ?? 0,
		createdAt: row.createdAt ?? 0
	};
}

/** Every row's time (epoch ms) of a dataset in file order, read chunk by chunk (8 bytes a row). */
export async function datasetTimes(db: VigilDb, datasetId: number): Promise<Float64Array> {
	const dataset = await db.datasets.get(datasetId);
	const times = new Float64Array(dataset?.rowCount ?? 0);
	let at = 0;
	for await (const chunk of chunksInOrder(db, datasetId)) {
		if (at + chunk.t.length > times.length) break; // rows beyond the recorded count: ignored
		times.set(chunk.t, at);
		at += chunk.t.length;
	}
	return times.subarray(0, at);
}
