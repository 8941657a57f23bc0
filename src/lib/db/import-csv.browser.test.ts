import { afterEach, describe, expect, it } from 'vitest';
import { readChunks } from './datasets';
import { VigilDb } from './db';
import { importCsvStream } from './import-csv';

const dbs: VigilDb[] = [];
afterEach(async () => {
	for (const db of dbs.splice(0)) await db.delete();
});

function fresh(): VigilDb {
	const db = new VigilDb(`import-csv-${Math.random()}`);
	dbs.push(db);
	return db;
}

/** A SKAB-style CSV of `rows` rows, with one malformed line at data row 5. */
function csv(rows: number): string {
	const lines = ['datetime;Flow;Pressure;anomaly'];
	for (let i = 0; i < rows; i++) {
		const time = new Date(Date.UTC(2020, 2, 9, 15, 0, 0) + i * 1000)
			.toISOString()
			.slice(0, 19)
			.replace('T', ' ');
		lines.push(
			i === 5
				? 'garbage;row'
				: `${time};${(30 + Math.sin(i)).toFixed(3)};${(1 + i / 1000).toFixed(3)};${i > rows - 10 ? '1.0' : '0.0'}`
		);
	}
	return lines.join('\r\n') + '\r\n';
}

/** The text as a stream in small pieces, as a File's stream arrives. */
function pieces(text: string, size = 4096): ReadableStream<string> {
	let offset = 0;
	return new ReadableStream<string>({
		pull(controller) {
			if (offset >= text.length) return controller.close();
			controller.enqueue(text.slice(offset, (offset += size)));
		}
	});
}

describe('CSV import into IndexedDB (real Chromium)', () => {
	it('streams a file into a ready dataset, keeps valid rows, reports the bad one, and shows progress', async () => {
		const db = fresh();
		const text = csv(20_000);
		const progress: number[] = [];
		const result = await importCsvStream(db, pieces(text), {
			name: 'pump',
			source: 'file:pump.csv',
			totalBytes: text.length,
			onProgress: (p) => progress.push(p.rows)
		});
		if (!result.ok) throw new Error(result.reason);
		expect(result.dataset).toMatchObject({
			name: 'pump',
			status: 'ready',
			rowCount: 19_999,
			labelColumns: ['anomaly']
		});
		expect(result.dataset.channels.map((c) => c.name)).toEqual(['Flow', 'Pressure']);
		expect(result.report.rowsRejected).toBe(1);
		expect(result.report.issues[0]).toMatchObject({ line: 7 });
		expect(progress.at(-1)).toBeGreaterThan(0);
		const chunks = await readChunks(db, result.dataset.id!);
		expect(chunks.reduce((sum, c) => sum + c.rows, 0)).toBe(19_999);
		expect(chunks[0]!.channels[0]![0]).toBeCloseTo(30, 3); // 30 + sin(0)
	});

	it('a cancelled import leaves no dataset and no chunks behind', async () => {
		const db = fresh();
		const text = csv(50_000);
		const controller = new AbortController();
		const result = await importCsvStream(db, pieces(text, 2048), {
			name: 'cancelled',
			source: 'file:x.csv',
			totalBytes: text.length,
			signal: controller.signal,
			onProgress: (p) => {
				if (p.rows > 10_000) controller.abort();
			}
		});
		expect(result).toMatchObject({ ok: false, reason: 'cancelled' });
		expect(await db.datasets.count()).toBe(0);
		expect(await db.chunks.count()).toBe(0);
	});

	it('a file with no readable rows is refused with a reason and stores nothing', async () => {
		const db = fresh();
		const result = await importCsvStream(db, pieces('only a header\n'), {
			name: 'x',
			source: 'file:x.csv',
			totalBytes: 14
		});
		expect(result).toMatchObject({ ok: false, reason: 'the file has no rows that could be read' });
		expect(await db.datasets.count()).toBe(0);
	});
});
