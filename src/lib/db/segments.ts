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

/** Kinds that label a time range; `marker` is a point with a note and labels nothing. */
export const RANGE_SEGMENT_KINDS: readonly SegmentKind[] = [
	'normal',
	'anomaly',
	'maintenance',
	'ignore'
];

/** Longest marker note kept, in characters: a note is a remark, not a document. */
export const MAX_MARKER_NOTE_CHARS = 500;

/**
 * Drops a marker at `atMs` (epoch ms) with a note ("valve closed"): a `marker` segment with
 * `startMs === endMs`, so it shares the segments' time index, backup and cascade delete. The note
 * is trimmed and cut to `MAX_MARKER_NOTE_CHARS`. Returns the segment's id.
 */
export async function addMarker(
	db: VigilDb,
	datasetId: number,
	atMs: number,
	note: string
): Promise<number> {
	const text = note.trim().slice(0, MAX_MARKER_NOTE_CHARS);
	return addSegment(db, datasetId, { startMs: atMs, endMs: atMs }, 'marker', text);
}

/** A dataset's markers by time. */
export async function listMarkers(db: VigilDb, datasetId: number): Promise<SegmentRow[]> {
	return (await listSegments(db, datasetId)).filter((segment) => segment.kind === 'marker');
}
