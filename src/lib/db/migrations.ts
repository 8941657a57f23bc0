import type { Dexie, Transaction } from 'dexie';

/**
 * Version 1: datasets and their chunks, segments, settings, diagnostics. It had no import status
 * (every dataset was complete) and chunks were only indexed in file order.
 */
// DO NOT RENAME: persisted in IndexedDB
export const SCHEMA_V1: Record<string, string> = {
	datasets: '++id, name, createdAt',
	chunks: '++id, datasetId, [datasetId+seq]',
	segments: '++id, datasetId',
	settings: 'key',
	diagnostics: '++id, at'
};

/**
 * Version 2: the import protocol (`datasets.status`), time-range reads of chunks and segments,
 * the model store (models, versions, weights) and training runs.
 */
// DO NOT RENAME: persisted in IndexedDB
export const SCHEMA_V2: Record<string, string> = {
	datasets: '++id, name, status, createdAt',
	chunks: '++id, datasetId, [datasetId+seq], [datasetId+startMs]',
	segments: '++id, datasetId, [datasetId+startMs]',
	models: '++id, name, createdAt',
	modelVersions: '++id, modelId, [modelId+version], *aliases',
	modelArtifacts: 'key',
	trainingRuns: '++id, modelId, startedAt',
	settings: 'key',
	diagnostics: '++id, at'
};

/** The current schema version: the last one declared in `declareVersions`. */
export const DB_VERSION = 2;

/**
 * v1 → v2: datasets written by v1 were complete, so they become `ready`; fields v1 did not have
 * get their defaults. Chunks get `startMs`/`endMs` (v1 rows had only `t`), so the new
 * `[datasetId+startMs]` index covers them.
 */
export async function upgradeToV2(tx: Transaction): Promise<void> {
	await tx
		.table('datasets')
		.toCollection()
		.modify((row: Record<string, unknown>) => {
			row.status ??= 'ready';
			row.labelColumns ??= [];
			row.parentId ??= null;
		});
	await tx
		.table('chunks')
		.toCollection()
		.modify((row: Record<string, unknown>) => {
			const t = row.t;
			if (!(t instanceof Float64Array) || t.length === 0) return;
			let startMs = Infinity;
			let endMs = -Infinity;
			for (const time of t) {
				if (time < startMs) startMs = time;
				if (time > endMs) endMs = time;
			}
			row.startMs ??= startMs;
			row.endMs ??= endMs;
		});
}

/** Declares every version on `db`, oldest first, each with its upgrade. */
export function declareVersions(db: Dexie): void {
	db.version(1).stores(SCHEMA_V1);
	db.version(2).stores(SCHEMA_V2).upgrade(upgradeToV2);
}
