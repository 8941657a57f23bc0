import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { afterEach, describe, expect, it } from 'vitest';
import {
	dropChannels,
	dropDuplicateTimes,
	fillMissingWithPrevious,
	interpolateShortGaps,
	sortByTime
} from '../core/fixes';
import type { FixChoices } from '../core/fixes-stream';
import { messyCsv, pieces } from './data-test-fixtures';
import { writeFixedVersion, type FixProgress } from './dataset-versions';
import { getDataset, readRange } from './datasets';
import { VigilDb } from './db';
import { importCsvStream } from './import-csv';

const opened: VigilDb[] = [];
let counter = 0;
function freshDb(): VigilDb {
	const db = new VigilDb(`versions-${counter++}-${Date.now()}`, { indexedDB, IDBKeyRange });
	opened.push(db);
	return db;
}
afterEach(async () => {
	for (const db of opened.splice(0)) await db.delete();
});

async function imported(db: VigilDb, text: string) {
	const result = await importCsvStream(db, pieces(text), {
		name: 'pump',
		source: 'file:pump.csv',
		totalBytes: text.length
	});
	if (!result.ok) throw new Error(result.reason);
	return result.dataset;
}

const ALL: FixChoices = {
	sort: true,
	dropDuplicates: true,
	interpolateMaxRun: 3,
	missing: 'fill-previous',
	dropChannels: ['flat']
};

describe('writeFixedVersion', () => {
	it('writes a new version with the fixes applied, lineage and segments, and leaves the original as it was', async () => {
		const db = freshDb();
		const original = await imported(db, messyCsv(3_000));
		await db.segments.add({
			datasetId: original.id,
			startMs: original.startMs!,
			endMs: original.startMs! + 500,
			kind: 'anomaly',
			note: 'bump',
			createdAt: 1
		});
		const before = await readRange(db, original.id);
		const progress: FixProgress[] = [];
		const result = await writeFixedVersion(db, original.id, ALL, {
			chunkRows: 500,
			onProgress: (p) => progress.push(p)
		});
		if (!result.ok) throw new Error(result.reason);
		const fixed = result.dataset;
		expect(fixed).toMatchObject({
			name: 'pump (fixed)',
			parentId: original.id,
			status: 'ready',
			labelColumns: ['anomaly']
		});
		expect(fixed.channels.map((c) => c.name)).toEqual(['flow', 'pressure']);
		expect(fixed.notes).toContain('sorted by time');

		// The same rows as the whole-table fixes give.
		const table = {
			frame: before.frame,
			labels: before.labels,
			channelNames: ['flow', 'pressure', 'flat']
		};
		const expected = dropChannels(
			fillMissingWithPrevious(interpolateShortGaps(dropDuplicateTimes(sortByTime(table)), 3)),
			['flat']
		);
		const rows = await readRange(db, fixed.id);
		expect(rows.frame.t).toEqual(expected.frame.t);
		expect(rows.frame.channels).toEqual(expected.frame.channels);
		expect(rows.labels).toEqual(expected.labels);

		// Its own validation: sorted, no repeats, nothing missing.
		const kinds = (await getDataset(db, fixed.id))!.validation!.summary;
		expect(kinds.backwards.count).toBe(0);
		expect(kinds.duplicates.count).toBe(0);
		expect(kinds.channels.every((c) => c.missing.count === 0)).toBe(true);
		expect(await db.segments.where('datasetId').equals(fixed.id).count()).toBe(1);

		// The original is untouched.
		expect(await getDataset(db, original.id)).toEqual(original);
		expect((await readRange(db, original.id)).frame).toEqual(before.frame);
		expect(progress.at(-1)).toMatchObject({
			datasetId: fixed.id,
			rowsRead: 3_000,
			totalRows: 3_000
		});
	});

	it('a cancelled fix leaves no new dataset, chunk or segment behind', async () => {
		const db = freshDb();
		const original = await imported(db, messyCsv(5_000));
		const controller = new AbortController();
		const result = await writeFixedVersion(db, original.id, ALL, {
			chunkRows: 200,
			signal: controller.signal,
			onProgress: (p) => p.rowsRead > 1_000 && controller.abort()
		});
		expect(result).toEqual({ ok: false, reason: 'cancelled', failure: undefined });
		expect(await db.datasets.count()).toBe(1);
		expect(await db.chunks.where('datasetId').notEqual(original.id).count()).toBe(0);
	});

	it('refuses to sort when the overlapping rows would not fit the memory limit, and writes nothing', async () => {
		const db = freshDb();
		// Reversed rows: every chunk overlaps every other, so the sort needs all of them at once.
		const lines = messyCsv(2_000, { outOfOrder: false }).trim().split('\n');
		const reversed = [lines[0], ...lines.slice(1).reverse()].join('\n') + '\n';
		const original = await imported(db, reversed);
		const result = await writeFixedVersion(
			db,
			original.id,
			{ ...ALL, dropChannels: [] },
			{
				sortMaxBytes: 10_000
			}
		);
		expect(result.ok).toBe(false);
		if (!result.ok) expect(result.reason).toMatch(/sorting needs 2,000 rows in memory at once/);
		expect(await db.datasets.count()).toBe(1);
	});

	it('skips sorting a dataset already in order, and says so', async () => {
		const db = freshDb();
		const original = await imported(db, messyCsv(1_000, { outOfOrder: false }));
		const result = await writeFixedVersion(db, original.id, { ...ALL, dropChannels: [] });
		expect(result).toMatchObject({ ok: true, notes: ['already in time order: not sorted'] });
	});

	it('refuses nonsense choices with a reason', async () => {
		const db = freshDb();
		const original = await imported(db, messyCsv(100));
		const none: FixChoices = {
			sort: false,
			dropDuplicates: false,
			interpolateMaxRun: 0,
			missing: 'keep',
			dropChannels: []
		};
		expect(await writeFixedVersion(db, original.id, { ...none, dropChannels: [] })).toMatchObject({
			reason: 'no fix was chosen'
		});
		expect(
			await writeFixedVersion(db, original.id, { ...none, dropChannels: ['nope'] })
		).toMatchObject({ reason: 'no channel named nope' });
		expect(
			await writeFixedVersion(db, original.id, {
				...none,
				dropChannels: ['flow', 'pressure', 'flat']
			})
		).toMatchObject({ reason: 'dropping every channel would leave nothing' });
		expect(await writeFixedVersion(db, 999, { ...none, sort: true })).toMatchObject({ ok: false });
	});
});
