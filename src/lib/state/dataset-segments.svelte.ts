import { liveQuery } from 'dexie';
import {
	addSegment,
	deleteSegment,
	listSegments,
	type SegmentKind,
	type SegmentRow,
	type VigilDb
} from '../db';
import { restoreDeletedSegment, updateSegment } from '../db/segment-edits';

/** The kinds a user marks on the detail page (`marker` points come from recordings). */
export const MARK_KINDS = ['normal', 'anomaly', 'maintenance', 'ignore'] as const;
export type MarkKind = (typeof MARK_KINDS)[number];

/** A segment to save: a time range in epoch ms, a kind and a note. */
export interface SegmentDraft {
	startMs: number;
	endMs: number;
	kind: MarkKind;
	note: string;
}

/**
 * The marked segments of one dataset, live from IndexedDB while watched, with add, edit,
 * delete and one level of undo for the last delete.
 */
export class DatasetSegments {
	list = $state.raw<SegmentRow[]>([]);
	/** The segment deleted last, until undone or another is deleted. */
	lastDeleted = $state.raw<SegmentRow | undefined>();

	constructor(
		private readonly db: VigilDb,
		readonly datasetId: number
	) {}

	watch(): () => void {
		const subscription = liveQuery(() => listSegments(this.db, this.datasetId)).subscribe({
			next: (rows) => (this.list = rows),
			error: () => (this.list = [])
		});
		return () => subscription.unsubscribe();
	}

	/** Checks a draft; returns what is wrong with it, or undefined when it can be saved. */
	static problem(draft: SegmentDraft): string | undefined {
		if (!Number.isFinite(draft.startMs)) return 'The start is not a time.';
		if (!Number.isFinite(draft.endMs)) return 'The end is not a time.';
		if (draft.endMs <= draft.startMs) return 'The end must come after the start.';
		if (!MARK_KINDS.includes(draft.kind)) return `Unknown kind ${draft.kind}.`;
		return undefined;
	}

	/** Saves a new segment; returns a reason when refused. */
	async add(draft: SegmentDraft): Promise<string | undefined> {
		const problem = DatasetSegments.problem(draft);
		if (problem) return problem;
		await addSegment(
			this.db,
			this.datasetId,
			{ startMs: draft.startMs, endMs: draft.endMs },
			draft.kind as SegmentKind,
			draft.note.trim()
		);
		return undefined;
	}

	/** Changes a segment; returns a reason when refused. */
	async update(segmentId: number, draft: SegmentDraft): Promise<string | undefined> {
		const problem = DatasetSegments.problem(draft);
		if (problem) return problem;
		const updated = await updateSegment(this.db, segmentId, draft);
		return updated ? undefined : 'This segment was deleted meanwhile.';
	}

	async remove(segment: SegmentRow): Promise<void> {
		await deleteSegment(this.db, segment.id);
		this.lastDeleted = segment;
	}

	/** Puts the last deleted segment back. */
	async undo(): Promise<void> {
		const segment = this.lastDeleted;
		this.lastDeleted = undefined;
		if (segment) await restoreDeletedSegment(this.db, segment);
	}
}
