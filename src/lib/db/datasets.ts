import { Dexie } from 'dexie';
import { assert } from '../core/assert';
import type { Frame } from '../core/frame';
import type { VigilDb } from './db';
import { BATCH_SCORES_PREFIX } from './setting-keys';
import { deleteDatasetRows } from './dataset-import';
import { restoreChunk, restoreDataset } from './restore';
import type { ChunkRow, DatasetRow } from './schema';

/** Chunks read per query when streaming a dataset: ~5 MB with 8 channels, few round trips. */
const CHUNK_PAGE = 32;

/** Datasets ready to use (imports in progress are left out), newest first. */
export async function listDatasets(db: VigilDb): Promise<DatasetRow[]> {
	const rows = await db.datasets.where('status').equals('ready').toArray();
	return rows.map(restoreDataset).sort((a, b) => b.createdAt - a.createdAt);
}

/** One dataset, or null if there is none with this id. */
export async function getDataset(db: VigilDb, datasetId: number): Promise<DatasetRow | null> {
	const row = await db.datasets.get(datasetId);
	return row ? restoreDataset(row) : null;
}

export async function renameDataset(db: VigilDb, datasetId: number, name: string): Promise<void> {
	await db.datasets.update(datasetId, { name, updatedAt: Date.now() });
}

/** Deletes a dataset with its chunks and segments. */
export async function deleteDataset(db: VigilDb, datasetId: number): Promise<void> {
	await deleteDatasetRows(db, datasetId);
	// Its batch-scoring results (scores.ts) go with it.
	await db.settings.where('key').startsWith(`${BATCH_SCORES_PREFIX}${datasetId}|`).delete();
}

/** All chunks of a dataset in file order (`seq`). */
export async function readChunks(db: VigilDb, datasetId: number): Promise<ChunkRow[]> {
	const rows = await db.chunks
		.where('[datasetId+seq]')
		.between([datasetId, Dexie.minKey], [datasetId, Dexie.maxKey])
		.toArray();
	return rows.map(restoreChunk);
}

/**
 * A dataset's chunks in file order, a page at a time, so a dataset larger than memory can be
 * read through (export, validation, fixes). Each page is its own read transaction: a dataset
 * changed meanwhile (it cannot be, once ready) would be read as it is at each page.
 */
export async function* chunksInOrder(
	db: VigilDb,
	datasetId: number,
	pageSize = CHUNK_PAGE
): AsyncGenerator<ChunkRow> {
	let nextSeq = 0;
	for (;;) {
		const page = await db.chunks
			.where('[datasetId+seq]')
			.between([datasetId, nextSeq], [datasetId, Dexie.maxKey])
			.limit(pageSize)
			.toArray();
		if (page.length === 0) return;
		for (const row of page) yield restoreChunk(row);
		nextSeq = page[page.length - 1]!.seq + 1;
	}
}

/** The chunks with these `seq`s, in the order given. */
export async function chunksBySeq(
	db: VigilDb,
	datasetId: number,
	seqs: readonly number[]
): Promise<ChunkRow[]> {
	const rows = await db.chunks
		.where('[datasetId+seq]')
		.anyOf(seqs.map((seq) => [datasetId, seq]))
		.toArray();
	const bySeq = new Map(rows.map((row) => [row.seq, restoreChunk(row)]));
	return seqs.map((seq) => {
		const chunk = bySeq.get(seq);
		assert(chunk, `chunk ${seq} of dataset ${datasetId} is missing`);
		return chunk;
	});
}

/** Rows of a dataset as one frame plus its label arrays (same order as the dataset's). */
export interface DatasetRows {
	frame: Frame;
	labels: Uint8Array[];
}

/**
 * The rows with `fromMs <= t <= toMs` (epoch ms), in file order, copied into one frame. Only
 * chunks whose time span meets the range are read. Without a range: the whole dataset.
 */
export async function readRange(
	db: VigilDb,
	datasetId: number,
	fromMs = -Infinity,
	toMs = Infinity
): Promise<DatasetRows> {
	const chunks = (
		await db.chunks
			.where('[datasetId+startMs]')
			.between([datasetId, -Infinity], [datasetId, toMs], true, true)
			.filter((chunk) => chunk.endMs >= fromMs)
			.toArray()
	)
		.map(restoreChunk)
		.sort((a, b) => a.seq - b.seq);
	const dataset = await db.datasets.get(datasetId);
	const channelCount = dataset?.channels.length ?? chunks[0]?.channels.length ?? 0;
	const labelCount = dataset?.labelColumns.length ?? chunks[0]?.labels.length ?? 0;
	const picks = chunks.map((chunk) => rowsInRange(chunk.t, fromMs, toMs));
	const total = picks.reduce((n, p) => n + p.length, 0);
	const frame: Frame = {
		t: new Float64Array(total),
		channels: Array.from({ length: channelCount }, () => new Float32Array(total))
	};
	const labels = Array.from({ length: labelCount }, () => new Uint8Array(total));
	let at = 0;
	chunks.forEach((chunk, k) => {
		const pick = picks[k]!;
		copyRows(chunk.t, frame.t, pick, at);
		chunk.channels.forEach((column, c) => copyRows(column, frame.channels[c]!, pick, at));
		chunk.labels.forEach((column, c) => copyRows(column, labels[c]!, pick, at));
		at += pick.length;
	});
	return { frame, labels };
}

/** Indices of rows inside the range; a contiguous run when the chunk is sorted (the usual case). */
type RowPick = { start: number; length: number } | { indices: number[]; length: number };

function rowsInRange(t: Float64Array, fromMs: number, toMs: number): RowPick {
	const indices: number[] = [];
	for (let i = 0; i < t.length; i++) if (t[i]! >= fromMs && t[i]! <= toMs) indices.push(i);
	const first = indices[0] ?? 0;
	const contiguous =
		indices.length === 0 || indices[indices.length - 1]! - first === indices.length - 1;
	return contiguous
		? { start: first, length: indices.length }
		: { indices, length: indices.length };
}

function copyRows<T extends Float64Array | Float32Array | Uint8Array>(
	from: T,
	to: T,
	pick: RowPick,
	at: number
): void {
	if ('start' in pick) {
		to.set(from.subarray(pick.start, pick.start + pick.length), at);
	} else {
		pick.indices.forEach((i, k) => (to[at + k] = from[i]!));
	}
}
