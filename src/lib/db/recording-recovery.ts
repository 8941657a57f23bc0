import { Dexie } from 'dexie';
import type { VigilDb } from './db';
import { localTimeText } from './recording';
import { chunkFacts, RecordingTotals } from './recording-totals';
import { restoreChunk, restoreDataset } from './restore';
import type { DatasetRow } from './schema';

/**
 * A recording untouched this long (epoch ms of its last write) is taken for dead when nothing
 * says it is alive. A live recorder writes at least every 2 s, even with no samples (heartbeat).
 */
export const STALE_RECORDING_MS = 10_000;

/** Chunks read at a time while recomputing a recording's totals (bounded memory). */
const RECOVERY_PAGE_CHUNKS = 64;

export interface RecoveryOptions {
	/** Untouched at least this long (ms) before it counts as dead; `STALE_RECORDING_MS` by default. */
	staleAfterMs?: number;
	/** Whether a tab is known to be recording it now (a held Web Lock): never recovered then. */
	isLive?: (datasetId: number) => boolean;
}

export interface RecoveredRecording {
	dataset: DatasetRow;
	/** When it was last written (epoch ms): about when the app closed. */
	lastWriteMs: number;
}

export interface RecoveryReport {
	recovered: RecoveredRecording[];
	/**
	 * Ms until the soonest recording left alone as too fresh (and not known live) turns stale, so
	 * the caller can look again; null when there is none.
	 */
	recheckInMs: number | null;
}

/**
 * Run at startup: finalizes recordings left `recording` by a crash, a killed or closed tab. Each
 * becomes `ready` with counts, range, rate and hash recomputed from its stored chunks, and a note
 * saying when the app closed. Never deletes anything. Recordings another tab may still be writing
 * (known live, or touched within `staleAfterMs` of `nowMs`) are left alone.
 */
export async function recoverInterruptedRecordings(
	db: VigilDb,
	nowMs: number,
	{ staleAfterMs = STALE_RECORDING_MS, isLive = () => false }: RecoveryOptions = {}
): Promise<RecoveryReport> {
	const rows = await db.datasets.where('status').equals('recording').toArray();
	const recovered: RecoveredRecording[] = [];
	let recheckInMs: number | null = null;
	for (const row of rows) {
		if (isLive(row.id)) continue;
		const lastWriteMs = row.updatedAt ?? 0;
		const freshForMs = lastWriteMs + staleAfterMs - nowMs;
		if (freshForMs > 0) {
			recheckInMs = Math.min(recheckInMs ?? Infinity, freshForMs);
			continue;
		}
		const dataset = await finalize(db, row.id, lastWriteMs);
		if (dataset) recovered.push({ dataset, lastWriteMs });
	}
	return { recovered, recheckInMs };
}

/** Recomputes a recording's totals from its chunks in `seq` order, a page at a time. */
export async function totalsOfStoredChunks(
	db: VigilDb,
	datasetId: number
): Promise<RecordingTotals> {
	const totals = new RecordingTotals();
	let afterSeq = -1;
	for (;;) {
		const page = await db.chunks
			.where('[datasetId+seq]')
			.between([datasetId, afterSeq], [datasetId, Dexie.maxKey], false, true)
			.limit(RECOVERY_PAGE_CHUNKS)
			.toArray();
		for (const chunk of page.map(restoreChunk)) {
			totals.add(await chunkFacts(chunk.t, chunk.channels, chunk.labels));
			afterSeq = chunk.seq;
		}
		if (page.length < RECOVERY_PAGE_CHUNKS) return totals;
	}
}

/**
 * Marks one recording `ready`, unless it was written to (or recovered by another tab) while its
 * chunks were being read: then it is alive after all, or done, and is left as it is.
 */
async function finalize(
	db: VigilDb,
	datasetId: number,
	lastWriteMs: number
): Promise<DatasetRow | null> {
	const summary = await (await totalsOfStoredChunks(db, datasetId)).summary();
	return db.transaction('rw', db.datasets, async () => {
		const row = await db.datasets.get(datasetId);
		if (row?.status !== 'recording' || (row.updatedAt ?? 0) !== lastWriteMs) return null;
		const note = `Recovered after the app closed unexpectedly at ${localTimeText(lastWriteMs)}.`;
		const notes = row.notes ? `${row.notes}\n${note}` : note;
		await db.datasets.update(datasetId, { ...summary, status: 'ready', notes });
		return restoreDataset({ ...row, ...summary, status: 'ready', notes });
	});
}
