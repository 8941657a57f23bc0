import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { afterEach, describe, expect, it } from 'vitest';
import { reportFromSummary, summariseFrame } from '../core/validation';
import { messyCsv, pieces } from './data-test-fixtures';
import { getDataset, readRange } from './datasets';
import { VigilDb } from './db';
import { importCsvStream } from './import-csv';
import { restoreDataset } from './restore';
import { limitsOf, revalidateDataset } from './validation-store';

const opened: VigilDb[] = [];
let counter = 0;
function freshDb(): VigilDb {
	const db = new VigilDb(`validation-${counter++}-${Date.now()}`, { indexedDB, IDBKeyRange });
	opened.push(db);
	return db;
}
afterEach(async () => {
	for (const db of opened.splice(0)) await db.delete();
});

async function imported(db: VigilDb, rows: number) {
	const text = messyCsv(rows);
	const result = await importCsvStream(db, pieces(text, 1000), {
		name: 'pump',
		source: 'file:pump.csv',
		totalBytes: text.length
	});
	if (!result.ok) throw new Error(result.reason);
	return result.dataset;
}

describe('validation stored with datasets', () => {
	it('an import validates as it stores: the stored summary is the one of the whole stored table', async () => {
		const db = freshDb();
		// 10,000 rows: three chunks of 4,096, so steps across chunk borders count too.
		const dataset = await imported(db, 10_000);
		const { frame } = await readRange(db, dataset.id);
		const names = dataset.channels.map((c) => c.name);
		expect(dataset.validation!.summary).toEqual(summariseFrame(frame, { channelNames: names }));
		const kinds = reportFromSummary(dataset.validation!.summary, 'standard').issues.map(
			(i) => i.kind
		);
		expect(kinds).toEqual([
			'not-increasing',
			'duplicate-time',
			'missing-values',
			'missing-values',
			'constant-channel',
			'gap'
		]);
	});

	it('re-validates on demand with new per-channel limits, and keeps them for next time', async () => {
		const db = freshDb();
		const dataset = await imported(db, 2_000);
		const progress: number[] = [];
		const stored = await revalidateDataset(db, dataset.id, {
			limits: { flow: { max: 30.5 } },
			onProgress: (rows) => progress.push(rows)
		});
		const outside = reportFromSummary(stored!.summary, 'standard').issues.find(
			(i) => i.kind === 'out-of-limits'
		);
		const { frame } = await readRange(db, dataset.id);
		const above = frame.channels[0]!.filter((v) => v > 30.5).length;
		expect(outside).toMatchObject({ channel: 'flow', count: above });
		expect(above).toBeGreaterThan(0);
		expect(progress.at(-1)).toBe(2_000);
		const again = await getDataset(db, dataset.id);
		expect(limitsOf(again!.validation)).toEqual({ flow: { max: 30.5 } });
		// Without limits given, the stored ones are used again.
		const same = await revalidateDataset(db, dataset.id);
		expect(same!.summary.channels[0]!.outside.count).toBe(above);
	});

	it('a dataset from before validation reads back with none, and re-validating a missing one gives null', async () => {
		expect(restoreDataset({ id: 3, name: 'old' }).validation).toBeNull();
		expect(await revalidateDataset(freshDb(), 42)).toBeNull();
	});
});
