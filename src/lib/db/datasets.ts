import { Dexie } from 'dexie';
import type { Frame } from '../core/frame';
import type { VigilDb } from './db';
import { deleteDatasetRows } from './dataset-import';
import { restoreChunk, restoreDataset } from './restore';
import type { ChunkRow, DatasetRow } from './schema';

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
}

/** All chunks of a dataset in file order (`seq`). */
export async function readChunks(db: VigilDb, datasetId: number): Promise<ChunkRow[]> {
	const rows = await db.chunks
		.where('[datasetId+seq]')
		.between([datasetId, Dexie.minKey], [datasetId, Dexie.maxKey])
		.toArray();
	return rows.map(restoreChunk);
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
