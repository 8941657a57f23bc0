import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { afterEach, describe, expect, it } from 'vitest';
import { messyCsv, pieces } from './data-test-fixtures';
import { VigilDb } from './db';
import { exportCsvBlob, writeCsv, type CsvExportProgress } from './export-csv';
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
