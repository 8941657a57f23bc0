import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { afterEach, describe, expect, it } from 'vitest';
import { VigilDb } from './db';
import { restoreDeletedSegment, updateSegment } from './segment-edits';
import { addSegment, deleteSegment, listSegments } from './segments';

const opened: VigilDb[] = [];
let counter = 0;
function freshDb(): VigilDb {
	const db = new VigilDb(`segment-edits-${counter++}-${Date.now()}`, { indexedDB, IDBKeyRange });
	opened.push(db);
	return db;
}
afterEach(async () => {
	for (const db of opened.splice(0)) await db.delete();
});

async function withDataset(db: VigilDb): Promise<number> {
	return db.datasets.add({
		name: 'x',
		status: 'ready',
		channels: [],
		labelColumns: [],
		sampleRateHz: null,
		rowCount: 0,
		chunkCount: 0,
		startMs: null,
		endMs: null,
		source: '',
		sha256: '',
		sizeBytes: 0,
		notes: '',
		parentId: null,
		createdAt: 0,
		updatedAt: 0
	});
}

describe('segment edits', () => {
	it('updates kind, note and range, storing the range in order and the note trimmed', async () => {
		const db = freshDb();
		const datasetId = await withDataset(db);
		const id = await addSegment(db, datasetId, { startMs: 100, endMs: 200 }, 'normal');
		const updated = await updateSegment(db, id, {
			startMs: 500,
			kind: 'maintenance',
			note: ' oil '
		});
		expect(updated).toMatchObject({ startMs: 200, endMs: 500, kind: 'maintenance', note: 'oil' });
		expect(await listSegments(db, datasetId)).toEqual([updated]);
		expect(await updateSegment(db, 999, { note: 'x' })).toBeNull();
	});

	it('puts a deleted segment back with its id (undo), unless its dataset is gone', async () => {
		const db = freshDb();
		const datasetId = await withDataset(db);
		const id = await addSegment(db, datasetId, { startMs: 1, endMs: 2 }, 'anomaly', 'spike');
		const [row] = await listSegments(db, datasetId);
		await deleteSegment(db, id);
		expect(await restoreDeletedSegment(db, row!)).toBe(true);
		expect(await listSegments(db, datasetId)).toEqual([row]);
		await db.datasets.delete(datasetId);
		await deleteSegment(db, id);
		expect(await restoreDeletedSegment(db, row!)).toBe(false);
		expect(await db.segments.count()).toBe(0);
	});
});
