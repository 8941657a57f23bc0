import { Dexie } from 'dexie';
import { assert } from '../core/assert';
import {
	BACKUP_FORMAT,
	BACKUP_FORMAT_VERSION,
	BACKUP_TABLES,
	chunkPartBytes,
	chunkPath,
	encodeChunk,
	isDerivedSetting,
	isDeviceSetting,
	MANIFEST_PATH,
	tablePath,
	weightsPath,
	type BackupArtifactRow,
	type BackupChunkRow,
	type BackupManifest,
	type BackupTable,
	type ManifestPart
} from './backup-format';
import { encodeJson } from './backup-json';
import { ZipWriter, type ByteSink } from './backup-zip-writer';
import type { VigilDb } from './db';
import { isDatabaseClosed, isQuotaExceeded } from './errors';
import { sha256Hex } from './hash';
import { DB_VERSION } from './migrations';
import {
	restoreDataset,
	restoreModel,
	restoreModelVersion,
	restoreSegment,
	restoreTrainingRun
} from './restore';

/** Where a backup is. Bytes are of the archive's parts (the zip adds about 100 bytes per part). */
export interface BackupProgress {
	bytesDone: number;
	/** Known before the first byte: the chunks' and weights' sizes (the small JSON comes on top). */
	bytesTotal: number;
	/** The part being written (`datasets/3/chunk-12.bin`). */
	part: string;
}

export interface BackupOptions {
	/** The Vigil build writing it, for the manifest. */
	appVersion: string;
	signal?: AbortSignal;
	onProgress?: (progress: BackupProgress) => void;
	/** Defaults to now; tests fix it. */
	createdAt?: Date;
	/** Tests: force the Zip64 records on a small archive. */
	zip64Threshold?: number;
}

/** Why a backup stopped; `message` is what the user reads. */
export type BackupFailure =
	| { kind: 'cancelled'; message: string }
	| { kind: 'quota-exceeded'; message: string }
	| { kind: 'changed'; message: string }
	| { kind: 'closed'; message: string };

export type BackupOutcome =
	| { ok: true; manifest: BackupManifest; archiveBytes: number }
	| { ok: false; error: BackupFailure };

/** Everything but the bulk data, read in one transaction so the tables agree with each other. */
async function snapshot(db: VigilDb) {
	return db.transaction('r', db.tables, async () => {
		const datasets = (await db.datasets.where('status').equals('ready').toArray()).map(
			restoreDataset
		);
		const ready = new Set(datasets.map((d) => d.id));
		const chunkKeys = new Map<number, number[]>();
		for (const dataset of datasets) {
			const keys = await db.chunks
				.where('[datasetId+seq]')
				.between([dataset.id, Dexie.minKey], [dataset.id, Dexie.maxKey])
				.primaryKeys();
			chunkKeys.set(dataset.id, keys);
		}
		return {
			datasets,
			chunkKeys,
			segments: (await db.segments.toArray())
				.filter((s) => ready.has(s.datasetId))
				.map(restoreSegment),
			models: (await db.models.toArray()).map(restoreModel),
			modelVersions: (await db.modelVersions.toArray()).map(restoreModelVersion),
			artifacts: await db.modelArtifacts.toArray(),
			trainingRuns: (await db.trainingRuns.toArray()).map(restoreTrainingRun),
			settings: (await db.settings.toArray()).filter(
				(s) => !isDeviceSetting(s.key) && !isDerivedSetting(s.key)
			),
			diagnostics: await db.diagnostics.toArray()
		};
	});
}

/**
 * Writes the whole workspace to `sink` as one zip (see `backup-format.ts`): chunk by chunk, so
 * only one chunk is in memory at a time. Datasets still importing are left out. A dataset deleted
 * while the backup runs makes it fail with `changed` rather than write an incomplete copy.
 */
export async function writeBackup(
	db: VigilDb,
	sink: ByteSink,
	options: BackupOptions
): Promise<BackupOutcome> {
	try {
		return await write(db, sink, options);
	} catch (error) {
		if (error instanceof BackupStop) return { ok: false, error: error.failure };
		if (isQuotaExceeded(error)) {
			const message =
				'There is not enough disk space for the backup file. Free some disk space, or save ' +
				'the backup on another drive, then try again.';
			return { ok: false, error: { kind: 'quota-exceeded', message } };
		}
		if (isDatabaseClosed(error)) {
			const message = 'Vigil was updated in another tab. Reload this page and back up again.';
			return { ok: false, error: { kind: 'closed', message } };
		}
		throw error;
	}
}

class BackupStop extends Error {
	constructor(readonly failure: BackupFailure) {
		super(failure.message);
	}
}

async function write(db: VigilDb, sink: ByteSink, options: BackupOptions): Promise<BackupOutcome> {
	const createdAt = options.createdAt ?? new Date();
	const zip = new ZipWriter(sink, {
		modifiedAt: createdAt,
		zip64Threshold: options.zip64Threshold
	});
	const rows = await snapshot(db);
	const parts: ManifestPart[] = [];
	const bytesTotal =
		rows.datasets.reduce(
			(n, d) => n + chunkPartBytes(d.rowCount, d.channels.length, d.labelColumns.length),
			0
		) + rows.artifacts.reduce((n, a) => n + a.weightData.byteLength, 0);
	let bytesDone = 0;
	let lastReportMs = -Infinity;
	const addPart = async (path: string, bytes: Uint8Array) => {
		if (options.signal?.aborted) {
			throw new BackupStop({ kind: 'cancelled', message: 'Backup cancelled.' });
		}
		parts.push({ path, bytes: bytes.length, sha256: await sha256Hex(bytes) });
		await zip.add(path, bytes);
		bytesDone += bytes.length;
		const now = Date.now();
		if (options.onProgress && now - lastReportMs >= 100) {
			lastReportMs = now;
			options.onProgress({ bytesDone, bytesTotal: Math.max(bytesTotal, bytesDone), part: path });
		}
	};

	const chunkRows: BackupChunkRow[] = [];
	for (const dataset of rows.datasets) {
		for (const key of rows.chunkKeys.get(dataset.id)!) {
			const chunk = await db.chunks.get(key);
			if (!chunk || chunk.datasetId !== dataset.id) {
				const message = `The dataset “${dataset.name}” was deleted or changed during the backup. Back up again.`;
				throw new BackupStop({ kind: 'changed', message });
			}
			const path = chunkPath(dataset.id, chunk.seq);
			await addPart(path, encodeChunk(chunk));
			chunkRows.push({
				id: chunk.id,
				datasetId: chunk.datasetId,
				seq: chunk.seq,
				rows: chunk.rows,
				startMs: chunk.startMs,
				endMs: chunk.endMs,
				channelCount: chunk.channels.length,
				labelCount: chunk.labels.length,
				path
			});
		}
	}
	const artifactRows: BackupArtifactRow[] = [];
	for (const [index, artifact] of rows.artifacts.entries()) {
		const { weightData, ...meta } = artifact;
		const path = weightsPath(index);
		await addPart(path, new Uint8Array(weightData));
		artifactRows.push({ ...meta, path });
	}
	const tables: Record<BackupTable, unknown[]> = {
		datasets: rows.datasets,
		chunks: chunkRows,
		segments: rows.segments,
		models: rows.models,
		modelVersions: rows.modelVersions,
		modelArtifacts: artifactRows,
		trainingRuns: rows.trainingRuns,
		settings: rows.settings,
		diagnostics: rows.diagnostics
	};
	const encoder = new TextEncoder();
	for (const table of BACKUP_TABLES) {
		await addPart(tablePath(table), encoder.encode(encodeJson(tables[table], table)));
	}
	const manifest: BackupManifest = {
		format: BACKUP_FORMAT,
		formatVersion: BACKUP_FORMAT_VERSION,
		appVersion: options.appVersion,
		schemaVersion: DB_VERSION,
		createdAt: createdAt.toISOString(),
		tables: Object.fromEntries(BACKUP_TABLES.map((t) => [t, tables[t].length])) as Record<
			BackupTable,
			number
		>,
		totalBytes: parts.reduce((n, p) => n + p.bytes, 0),
		parts
	};
	await zip.add(MANIFEST_PATH, encoder.encode(JSON.stringify(manifest, null, '\t')));
	await zip.finish();
	assert(bytesDone === manifest.totalBytes, `backup wrote ${bytesDone} of ${manifest.totalBytes}`);
	options.onProgress?.({ bytesDone, bytesTotal: bytesDone, part: MANIFEST_PATH });
	return { ok: true, manifest, archiveBytes: zip.bytesWritten };
}
