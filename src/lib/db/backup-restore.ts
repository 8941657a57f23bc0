import { decodeChunk, isDerivedSetting, isDeviceSetting } from './backup-format';
import { BackupInvalidError, openBackup, verifyParts, type OpenedBackup } from './backup-read';
import { cleanupInterrupted, deleteDatasetRows } from './dataset-import';
import type { VigilDb } from './db';
import { logDiagnostic } from './diagnostics';
import { isDatabaseClosed, isQuotaExceeded } from './errors';
import type { ModelArtifactRow } from './schema';

/** `checking` hashes every part, `writing` stages the datasets, `replacing` swaps in one step. */
export type RestorePhase = 'checking' | 'writing' | 'replacing';

export interface RestoreProgress {
	phase: RestorePhase;
	/** Bytes of chunks and weights done in this phase, of `bytesTotal`. */
	bytesDone: number;
	bytesTotal: number;
	part: string;
}

export interface RestoreOptions {
	signal?: AbortSignal;
	onProgress?: (progress: RestoreProgress) => void;
}

/** Why a restore stopped. In every case the workspace is as it was before. */
export type RestoreFailure =
	| { kind: 'invalid'; message: string }
	| { kind: 'cancelled'; message: string }
	| { kind: 'quota-exceeded'; message: string }
	| { kind: 'unreadable'; message: string }
	| { kind: 'closed'; message: string };

export interface RestoreSummary {
	datasets: number;
	rows: number;
	models: number;
	modelVersions: number;
	/** ISO 8601: when the backup was made. */
	backupCreatedAt: string;
}

export type RestoreOutcome =
	{ ok: true; summary: RestoreSummary } | { ok: false; error: RestoreFailure };

const UNCHANGED = 'Nothing was changed: the workspace is as it was.';

/**
 * Replaces the whole workspace with a backup file, safely:
 * 1. checks the manifest, every table and every part's SHA-256 before writing anything;
 * 2. writes each dataset as an invisible `importing` dataset (new ids), chunk by chunk, checking
 *    each part's hash again as it is read;
 * 3. in one transaction deletes the old workspace, writes the other tables (references to
 *    datasets follow their new ids) and makes the new datasets `ready`.
 * A failure, a quota error or a cancel at any point deletes what step 2 wrote, so the old
 * workspace stays untouched; a crash leaves `importing` rows for `cleanupInterrupted`.
 * Device settings (`DEVICE_SETTING_PREFIXES`) and the diagnostics log of this device are kept.
 */
export async function restoreBackup(
	db: VigilDb,
	file: Blob,
	options: RestoreOptions = {}
): Promise<RestoreOutcome> {
	const staged: number[] = [];
	try {
		await cleanupInterrupted(db);
		const backup = await openBackup(file);
		const report = throttled(options.onProgress, backup.binaryBytes);
		await verifyParts(backup, {
			signal: options.signal,
			onProgress: (bytes, part) => report('checking', bytes, part)
		});
		const newIds = await stageDatasets(db, backup, staged, options.signal, report);
		const artifacts = await readArtifacts(backup, report);
		report('replacing', backup.binaryBytes, '', true);
		await replaceWorkspace(db, backup, newIds, artifacts);
		const { rows, manifest } = backup;
		await logDiagnostic(db, 'info', 'Workspace restored from a backup', manifest.createdAt);
		return {
			ok: true,
			summary: {
				datasets: rows.datasets.length,
				rows: rows.datasets.reduce((n, d) => n + d.rowCount, 0),
				models: rows.models.length,
				modelVersions: rows.modelVersions.length,
				backupCreatedAt: manifest.createdAt
			}
		};
	} catch (error) {
		await Promise.all(staged.map((id) => deleteDatasetRows(db, id))).catch(() => undefined);
		const failure = failureOf(error, options.signal);
		if (failure === null) throw error;
		return { ok: false, error: failure };
	}
}

type Report = (phase: RestorePhase, bytesDone: number, part: string, force?: boolean) => void;

/** Step 2: returns backup dataset id → new id. Ids go into `staged` as they are created. */
async function stageDatasets(
	db: VigilDb,
	backup: OpenedBackup,
	staged: number[],
	signal: AbortSignal | undefined,
	report: Report
): Promise<Map<number, number>> {
	const newIds = new Map<number, number>();
	let bytesDone = 0;
	for (const dataset of backup.rows.datasets) {
		signal?.throwIfAborted();
		const { id: backupId, ...fields } = dataset;
		// `updatedAt` now, touched per chunk: `cleanupInterrupted` must not take it for dead.
		const id = await db.datasets.add({ ...fields, status: 'importing', updatedAt: Date.now() });
		staged.push(id);
		newIds.set(backupId, id);
		for (const chunk of backup.rows.chunks) {
			if (chunk.datasetId !== backupId) continue;
			signal?.throwIfAborted();
			const bytes = await backup.readPart(chunk.path);
			const columns = decodeChunk(bytes, chunk.rows, chunk.channelCount, chunk.labelCount);
			await db.transaction('rw', db.chunks, db.datasets, async () => {
				await db.chunks.add({
					datasetId: id,
					seq: chunk.seq,
					rows: chunk.rows,
					startMs: chunk.startMs,
					endMs: chunk.endMs,
					...columns
				});
				await db.datasets.update(id, { updatedAt: Date.now() });
			});
			bytesDone += bytes.length;
			report('writing', bytesDone, chunk.path);
		}
	}
	return newIds;
}

/**
 * The model weights, read (and hash-checked) before the final transaction: awaiting a file read
 * inside it would commit it early. Models are small next to datasets, so memory is not a concern.
 */
async function readArtifacts(backup: OpenedBackup, report: Report): Promise<ModelArtifactRow[]> {
	const artifacts: ModelArtifactRow[] = [];
	let bytesDone = backup.binaryBytes - backup.artifactBytes;
	for (const { path, ...artifact } of backup.rows.artifacts) {
		const weights = await backup.readPart(path);
		artifacts.push({ ...artifact, weightData: weights.buffer });
		bytesDone += weights.length;
		report('writing', bytesDone, path);
	}
	return artifacts;
}

/** Step 3, one transaction: everything old goes, everything from the backup arrives. */
async function replaceWorkspace(
	db: VigilDb,
	backup: OpenedBackup,
	newIds: Map<number, number>,
	artifacts: ModelArtifactRow[]
): Promise<void> {
	const { rows } = backup;
	const datasetId = (id: number | null) => (id === null ? null : (newIds.get(id) ?? null));
	await db.transaction('rw', db.tables, async () => {
		const old = await db.datasets.where('status').equals('ready').primaryKeys();
		await db.chunks.where('datasetId').anyOf(old).delete();
		await db.datasets.bulkDelete(old);
		await db.segments.clear();
		await db.segments.bulkAdd(
			rows.segments.map((s) => ({ ...s, datasetId: newIds.get(s.datasetId)! }))
		);
		await db.models.clear();
		await db.models.bulkAdd(rows.models);
		await db.modelVersions.clear();
		await db.modelVersions.bulkAdd(
			rows.modelVersions.map((v) => ({ ...v, trainingDatasetId: datasetId(v.trainingDatasetId) }))
		);
		await db.modelArtifacts.clear();
		await db.modelArtifacts.bulkAdd(artifacts);
		await db.trainingRuns.clear();
		await db.trainingRuns.bulkAdd(
			rows.trainingRuns.map((r) => ({ ...r, datasetId: datasetId(r.datasetId) }))
		);
		await db.settings.filter((s) => !isDeviceSetting(s.key)).delete();
		await db.settings.bulkPut(
			rows.settings.filter((s) => !isDeviceSetting(s.key) && !isDerivedSetting(s.key))
		);
		for (const dataset of rows.datasets) {
			await db.datasets.update(newIds.get(dataset.id)!, {
				status: 'ready',
				parentId: datasetId(dataset.parentId),
				updatedAt: dataset.updatedAt
			});
		}
	});
}

/**
 * The failure `error` means, or null for an unexpected error. Quota comes before cancel: Dexie
 * reports a quota error as the transaction's `AbortError` (the quota error is its `inner`), so
 * only an abort of our own `signal` counts as a cancel.
 */
function failureOf(error: unknown, signal: AbortSignal | undefined): RestoreFailure | null {
	const name = (error as { name?: unknown } | null)?.name;
	if (error instanceof BackupInvalidError) {
		return { kind: 'invalid', message: `${error.message.replace(/\.$/, '')}. ${UNCHANGED}` };
	}
	if (isQuotaExceeded(error)) {
		const message =
			'The browser ran out of storage space while restoring. ' +
			UNCHANGED +
			' A restore needs room for the backup beside the current data until it replaces it. ' +
			'Delete datasets or models you no longer need (Storage lists them, largest first), or ' +
			'allow persistent storage, then try again.';
		return { kind: 'quota-exceeded', message };
	}
	if (signal?.aborted) return { kind: 'cancelled', message: `Restore cancelled. ${UNCHANGED}` };
	if (name === 'NotReadableError' || name === 'NotFoundError') {
		const message = `The backup file could not be read any more (was it moved, changed or on a removed drive?). ${UNCHANGED}`;
		return { kind: 'unreadable', message };
	}
	if (isDatabaseClosed(error)) {
		return {
			kind: 'closed',
			message: 'Vigil was updated in another tab. Reload this page, then restore again.'
		};
	}
	return null;
}

/** Progress at most every 100 ms per phase, plus each phase's first and last report. */
function throttled(onProgress: RestoreOptions['onProgress'], bytesTotal: number): Report {
	let lastMs = -Infinity;
	let lastPhase: RestorePhase | undefined;
	return (phase, bytesDone, part, force = false) => {
		const now = Date.now();
		const due = force || phase !== lastPhase || now - lastMs >= 100 || bytesDone === bytesTotal;
		if (!onProgress || !due) return;
		lastMs = now;
		lastPhase = phase;
		onProgress({ phase, bytesDone, bytesTotal, part });
	};
}
