import { Dexie } from 'dexie';
import type { VigilDb } from './db';
import { restoreSegment } from './restore';
import type { SegmentKind, SegmentRow } from './schema';

/** Marks `[startMs, endMs]` (epoch ms) of a dataset; returns the segment's id. */
export async function addSegment(
	db: VigilDb,
	datasetId: number,
	range: { startMs: number; endMs: number },
	kind: SegmentKind,
	note = ''
): Promise<number> {
	const startMs = Math.min(range.startMs, range.endMs);
	const endMs = Math.max(range.startMs, range.endMs);
	return db.segments.add({ datasetId, startMs, endMs, kind, note, createdAt: Date.now() });
}

/** A dataset's segments by start time. */
export async function listSegments(db: VigilDb, datasetId: number): Promise<SegmentRow[]> {
	const rows = await db.segments
		.where('[datasetId+startMs]')
		.between([datasetId, Dexie.minKey], [datasetId, Dexie.maxKey])
		.toArray();
	return rows.map(restoreSegment);
}

export async function deleteSegment(db: VigilDb, segmentId: number): Promise<void> {
	await db.segments.delete(segmentId);
}
