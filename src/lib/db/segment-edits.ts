/**
 * Editing marked segments from the dataset detail page. `segments.ts` (add, list, delete,
 * markers) belongs to the recording work; these are the edits the Data page adds.
 */
import type { VigilDb } from './db';
import { restoreSegment } from './restore';
import type { SegmentKind, SegmentRow } from './schema';

export interface SegmentChanges {
	startMs?: number;
	endMs?: number;
	kind?: SegmentKind;
	note?: string;
}

/**
 * Changes a segment; the range is stored with `startMs <= endMs` whichever way it was given.
 * Returns the updated segment, or null if it no longer exists.
 */
export async function updateSegment(
	db: VigilDb,
	segmentId: number,
	changes: SegmentChanges
): Promise<SegmentRow | null> {
	return db.transaction('rw', db.segments, async () => {
		const row = await db.segments.get(segmentId);
		if (!row) return null;
		const next = restoreSegment({ ...row, ...definedOnly(changes) });
		const startMs = Math.min(next.startMs, next.endMs);
		const endMs = Math.max(next.startMs, next.endMs);
		const updated = { ...next, startMs, endMs, note: next.note.trim() };
		await db.segments.put(updated);
		return updated;
	});
}

/**
 * Puts a deleted segment back as it was, with its id (the list's "Undo"). Refused (false) when
 * its dataset is gone meanwhile, so no segment points at nothing.
 */
export async function restoreDeletedSegment(db: VigilDb, segment: SegmentRow): Promise<boolean> {
	return db.transaction('rw', db.segments, db.datasets, async () => {
		if (!(await db.datasets.get(segment.datasetId))) return false;
		await db.segments.put(segment);
		return true;
	});
}

function definedOnly(changes: SegmentChanges): Partial<SegmentRow> {
	return Object.fromEntries(
		Object.entries(changes).filter(([, value]) => value !== undefined)
	) as Partial<SegmentRow>;
}
