import type { Frame } from '../core/frame';
import { assert } from '../core/assert';
import type { VigilDb } from './db';
import { storageCall, storageFailureOf } from './errors';
import type { StorageResult } from './errors';
import { sha256Hex, sha256OfDigests } from './hash';
import { restoreDataset } from './restore';
import type { ChannelInfo, DatasetRow } from './schema';

/** What an import knows before its first row. */
export interface NewDataset {
	name: string;
	source: string;
	channels: ChannelInfo[];
	labelColumns: string[];
	sampleRateHz: number | null;
	notes?: string;
	/** The dataset a fix was derived from. */
	parentId?: number | null;
}

/** Rows to append: the shape `CsvReader` emits. `labels[k]` is 0/1 for `labelColumns[k]`. */
export interface ChunkInput {
	frame: Frame;
	labels: Uint8Array[];
}

/**
 * Starts an import: writes a dataset row with status `importing`. Chunks written through the
 * returned `DatasetImport` belong to it; `commit` makes it `ready`, `abort` removes every trace.
 * Lists show `ready` datasets only, so an import in progress is invisible.
 */
export async function beginDatasetImport(
	db: VigilDb,
	meta: NewDataset
): Promise<StorageResult<DatasetImport>> {
	const now = Date.now();
	return storageCall(async () => {
		const id = await db.datasets.add({
			name: meta.name,
			status: 'importing',
			channels: meta.channels,
			labelColumns: meta.labelColumns,
			sampleRateHz: meta.sampleRateHz,
			rowCount: 0,
			chunkCount: 0,
			startMs: null,
			endMs: null,
			source: meta.source,
			sha256: '',
			sizeBytes: 0,
			notes: meta.notes ?? '',
			parentId: meta.parentId ?? null,
			createdAt: now,
			updatedAt: now
		});
		return new DatasetImport(db, id, meta);
	});
}

/** One import in progress. Call its methods one at a time (await each). */
export class DatasetImport {
	private seq = 0;
	private rowCount = 0;
	private sizeBytes = 0;
	private startMs = Infinity;
	private endMs = -Infinity;
	private readonly digests: string[] = [];
	private state: 'open' | 'committed' | 'aborted' = 'open';
	private busy = false;

	constructor(
		private readonly db: VigilDb,
		readonly datasetId: number,
		private readonly meta: NewDataset
	) {}

	/**
	 * Appends rows as one chunk. On a quota error the import aborts itself, so nothing
	 * half-written stays, and the failure is returned. On a closed database (`versionchange`)
	 * the failure is returned too; `cleanupInterrupted` removes the rest at the next start.
	 */
	async writeChunk(chunk: ChunkInput): Promise<StorageResult<void>> {
		assert(this.state === 'open', `writeChunk on a ${this.state} import ${this.datasetId}`);
		// Writes in parallel would race for `seq` and scramble the hash order: a caller bug.
		assert(!this.busy, `writeChunk on import ${this.datasetId} while another write is running`);
		this.busy = true;
		try {
			return await this.write(chunk);
		} finally {
			this.busy = false;
		}
	}

	private async write(chunk: ChunkInput): Promise<StorageResult<void>> {
		const { t, channels } = chunk.frame;
		const rows = t.length;
		assert(
			channels.length === this.meta.channels.length &&
				chunk.labels.length === this.meta.labelColumns.length,
			`chunk has ${channels.length} channels and ${chunk.labels.length} labels, dataset ` +
				`${this.datasetId} has ${this.meta.channels.length} and ${this.meta.labelColumns.length}`
		);
		for (const column of [...channels, ...chunk.labels]) {
			assert(column.length === rows, `chunk column has ${column.length} rows, t has ${rows}`);
		}
		if (rows === 0) return { ok: true, value: undefined };
		let startMs = Infinity;
		let endMs = -Infinity;
		for (const time of t) {
			if (time < startMs) startMs = time;
			if (time > endMs) endMs = time;
		}
		const columns = [t, ...channels, ...chunk.labels].map(ownBuffer);
		const digest = await sha256Hex(columns);
		const seq = this.seq;
		const result = await this.guard(async () => {
			await this.db.transaction('rw', this.db.chunks, this.db.datasets, async () => {
				await this.db.chunks.add({
					datasetId: this.datasetId,
					seq,
					rows,
					startMs,
					endMs,
					t: columns[0] as Float64Array,
					channels: columns.slice(1, 1 + channels.length) as Float32Array[],
					labels: columns.slice(1 + channels.length) as Uint8Array[]
				});
				// Touched per chunk so `cleanupInterrupted` can tell a live import from a dead one.
				await this.db.datasets.update(this.datasetId, { updatedAt: Date.now() });
			});
		});
		if (!result.ok) return result;
		this.seq++;
		this.rowCount += rows;
		this.sizeBytes += columns.reduce((n, c) => n + c.byteLength, 0);
		this.startMs = Math.min(this.startMs, startMs);
		this.endMs = Math.max(this.endMs, endMs);
		this.digests.push(digest);
		return result;
	}

	/** Marks the dataset `ready` with its totals and content hash, and returns it. */
	async commit(): Promise<StorageResult<DatasetRow>> {
		assert(this.state === 'open', `commit on a ${this.state} import ${this.datasetId}`);
		assert(!this.busy, `commit on import ${this.datasetId} while a write is running`);
		const sha256 = await sha256OfDigests(this.digests);
		const changes: Partial<DatasetRow> = {
			status: 'ready',
			rowCount: this.rowCount,
			chunkCount: this.seq,
			sizeBytes: this.sizeBytes,
			startMs: this.rowCount > 0 ? this.startMs : null,
			endMs: this.rowCount > 0 ? this.endMs : null,
			sha256,
			updatedAt: Date.now()
		};
		const result = await this.guard(() => this.db.datasets.update(this.datasetId, changes));
		if (!result.ok) return result;
		this.state = 'committed';
		const row = await this.db.datasets.get(this.datasetId);
		assert(row, `dataset ${this.datasetId} vanished during commit`);
		return { ok: true, value: restoreDataset(row) };
	}

	/** Deletes the dataset row and every chunk written so far. Safe to call twice. */
	async abort(): Promise<void> {
		if (this.state !== 'open') return;
		this.state = 'aborted';
		await deleteDatasetRows(this.db, this.datasetId);
	}

	private async guard<T>(work: () => Promise<T>): Promise<StorageResult<T>> {
		try {
			return { ok: true, value: await work() };
		} catch (error) {
			const failure = storageFailureOf(error);
			if (failure === null) throw error;
			if (failure.kind === 'quota-exceeded') await this.abort();
			return { ok: false, error: failure };
		}
	}
}

/**
 * The array itself, or a copy when it is a view into a larger buffer: structured clone stores the
 * whole underlying buffer of a view, which would silently multiply the size on disk.
 */
function ownBuffer<T extends Float64Array | Float32Array | Uint8Array>(column: T): T {
	const whole = column.byteOffset === 0 && column.byteLength === column.buffer.byteLength;
	return whole ? column : (column.slice() as T);
}

/** Deletes a dataset with its chunks and segments, in one transaction. */
export async function deleteDatasetRows(db: VigilDb, datasetId: number): Promise<void> {
	await db.transaction('rw', db.datasets, db.chunks, db.segments, async () => {
		await db.chunks.where('datasetId').equals(datasetId).delete();
		await db.segments.where('datasetId').equals(datasetId).delete();
		await db.datasets.delete(datasetId);
	});
}

/** An import idle this long is taken for dead (its tab crashed or closed). */
export const STALE_IMPORT_MS = 60_000;

/**
 * Run at startup: deletes datasets left `importing` by a crash or a closed tab. Imports touched
 * within `staleAfterMs` are left alone, as another tab may still be writing them. Returns the
 * number deleted.
 */
export async function cleanupInterrupted(
	db: VigilDb,
	staleAfterMs = STALE_IMPORT_MS
): Promise<number> {
	const cutoff = Date.now() - staleAfterMs;
	const dead = await db.datasets
		.where('status')
		.equals('importing')
		.filter((row) => (row.updatedAt ?? 0) <= cutoff)
		.primaryKeys();
	for (const id of dead) await deleteDatasetRows(db, id);
	return dead.length;
}
