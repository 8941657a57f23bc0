import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { afterEach, describe, expect, it } from 'vitest';
import { messyCsv, pieces } from './data-test-fixtures';
import { VigilDb } from './db';
import {
	exportCsvBlob,
	float32Text,
	IsoTimes,
	writeCsv,
	type CsvExportProgress
} from './export-csv';
import { SeededRandom } from '../core/random';
import { importCsvStream } from './import-csv';
import { readRange } from './datasets';

const opened: VigilDb[] = [];
let counter = 0;
function freshDb(): VigilDb {
	const db = new VigilDb(`export-${counter++}-${Date.now()}`, { indexedDB, IDBKeyRange });
	opened.push(db);
	return db;
}
afterEach(async () => {
	for (const db of opened.splice(0)) await db.delete();
});

async function imported(db: VigilDb, text: string, name = 'pump') {
	const result = await importCsvStream(db, pieces(text), {
		name,
		source: 'x',
		totalBytes: text.length
	});
	if (!result.ok) throw new Error(result.reason);
	return result.dataset;
}

describe('CSV export', () => {
	it('streams chunk by chunk with progress; the Blob and the streamed text are the same, and re-import gives identical values', async () => {
		const db = freshDb();
		const dataset = await imported(db, messyCsv(9_000));
		const written: string[] = [];
		const progress: CsvExportProgress[] = [];
		const bytes = await writeCsv(db, dataset, async (text) => void written.push(text), {
			onProgress: (p) => progress.push(p)
		});
		// A header and one write per stored chunk: never the whole file as one string.
		expect(written).toHaveLength(1 + dataset.chunkCount);
		const text = written.join('');
		expect(bytes).toBe(new TextEncoder().encode(text).byteLength);
		expect(progress.map((p) => p.rows)).toEqual([4096, 8192, 9000]);
		const blob = await exportCsvBlob(db, dataset);
		expect(await blob!.text()).toBe(text);

		const copy = await imported(db, text, 'copy');
		const [a, b] = await Promise.all([readRange(db, dataset.id), readRange(db, copy.id)]);
		expect(b.frame).toEqual(a.frame);
		expect(b.labels).toEqual(a.labels);
	});

	it('stops when cancelled and says so (null)', async () => {
		const db = freshDb();
		const dataset = await imported(db, messyCsv(9_000));
		const controller = new AbortController();
		const bytes = await writeCsv(db, dataset, async () => undefined, {
			signal: controller.signal,
			onProgress: () => controller.abort()
		});
		expect(bytes).toBeNull();
		expect(await exportCsvBlob(db, dataset, { signal: AbortSignal.abort() })).toBeNull();
	});
});

describe('CSV text of values and times (the fast paths)', () => {
	it('float32Text is String(Number(v.toPrecision(9))) for every magnitude and the special values', () => {
		const random = new SeededRandom(3);
		const values = [
			0,
			-0,
			1,
			-1,
			7,
			1e8,
			123456789,
			1e-7,
			1.5e-7,
			9.99e20,
			1e21,
			-3.4e38,
			Infinity,
			-Infinity
		];
		for (let i = 0; i < 50_000; i++) {
			const magnitude = 10 ** Math.floor(random.next() * 60 - 30);
			values.push(Math.fround((random.next() - 0.5) * magnitude));
			values.push(Math.fround(Math.round(random.next() * 100_000) / 1000)); // sensor-like: 3 decimals
		}
		for (const v of values) expect(float32Text(v)).toBe(String(Number(v.toPrecision(9))));
	});

	it('IsoTimes is toISOString for ordered, fractional, negative and far-future times', () => {
		const random = new SeededRandom(4);
		const times = new IsoTimes();
		const check = (t: number) => expect(times.text(t)).toBe(new Date(t).toISOString());
		let t = Date.UTC(2026, 0, 1);
		for (let i = 0; i < 20_000; i++) check((t += Math.floor(random.next() * 700)));
		for (const x of [
			0, 0.9, 999.5, 1000, -1, -0.5, -86_400_001.5, 253_402_300_799_999, 253_402_300_800_000,
			8.64e15
		])
			check(x);
		for (let i = 0; i < 5_000; i++) check(random.next() * 4e12 - 1e12);
	});
});
