import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { afterEach, describe, expect, it } from 'vitest';
import { CsvReader } from '../core/csv';
import { beginDatasetImport, cleanupInterrupted } from './dataset-import';
import type { ChunkInput, DatasetImport } from './dataset-import';
import { getDataset, listDatasets, readChunks, readRange } from './datasets';
import { VigilDb } from './db';

const opened: VigilDb[] = [];
let counter = 0;
function freshDb(): VigilDb {
	const db = new VigilDb(`import-test-${counter++}-${Date.now()}`, { indexedDB, IDBKeyRange });
	opened.push(db);
	return db;
}
afterEach(async () => {
	for (const db of opened.splice(0)) await db.delete();
});

/** Rows `from..to-1`: t = 1000 + 10 i, channel c = i + c / 10, label = i % 3 === 0. */
function chunk(from: number, to: number): ChunkInput {
	const n = to - from;
	return {
		frame: {
			t: Float64Array.from({ length: n }, (_, k) => 1000 + 10 * (from + k)),
			channels: [0, 1].map((c) => Float32Array.from({ length: n }, (_, k) => from + k + c / 10))
		},
		labels: [Uint8Array.from({ length: n }, (_, k) => ((from + k) % 3 === 0 ? 1 : 0))]
	};
}

const META = {
	name: 'pump',
	source: 'pump.csv',
	channels: [
		{ name: 'a', unit: 'bar' },
		{ name: 'b', unit: '' }
	],
	labelColumns: ['anomaly'],
	sampleRateHz: 100
};

async function begin(db: VigilDb): Promise<DatasetImport> {
	const started = await beginDatasetImport(db, META);
	if (!started.ok) throw new Error(started.error.message);
	return started.value;
}

describe('dataset import', () => {
	it('writes chunks, commits, and reads back identical rows in order and by range', async () => {
		const db = freshDb();
		const job = await begin(db);
		for (const [from, to] of [
			[0, 4],
			[4, 8],
			[8, 10]
		] as const) {
			expect((await job.writeChunk(chunk(from, to))).ok).toBe(true);
		}
		expect(await listDatasets(db)).toEqual([]); // importing: invisible
		const committed = await job.commit();
		if (!committed.ok) throw new Error('commit failed');
		expect(committed.value).toMatchObject({
			status: 'ready',
			rowCount: 10,
			chunkCount: 3,
			startMs: 1000,
			endMs: 1090,
			sizeBytes: 10 * (8 + 4 + 4 + 1)
		});
		expect(committed.value.sha256).toMatch(/^[0-9a-f]{64}$/);
		expect((await listDatasets(db)).map((d) => d.name)).toEqual(['pump']);

		const chunks = await readChunks(db, job.datasetId);
		expect(chunks.map((c) => c.seq)).toEqual([0, 1, 2]);
		expect(chunks[1]!.channels[1]).toBeInstanceOf(Float32Array);

		const all = await readRange(db, job.datasetId);
		const whole = chunk(0, 10);
		expect(all.frame.t).toEqual(whole.frame.t);
		expect(all.frame.channels).toEqual(whole.frame.channels);
		expect(all.labels).toEqual(whole.labels);

		const part = await readRange(db, job.datasetId, 1030, 1050);
		expect(Array.from(part.frame.t)).toEqual([1030, 1040, 1050]);
		expect(Array.from(part.frame.channels[0]!)).toEqual([3, 4, 5]);
		expect(Array.from(part.labels[0]!)).toEqual([1, 0, 0]);
	});

	it('gives the same content hash to the same rows and another to different rows', async () => {
		const hashes: string[] = [];
		for (const last of [10, 10, 9]) {
			const job = await begin(freshDb());
			await job.writeChunk(chunk(0, 5));
			await job.writeChunk(chunk(5, last));
			const done = await job.commit();
			hashes.push(done.ok ? done.value.sha256 : '');
		}
		expect(hashes[0]).toBe(hashes[1]);
		expect(hashes[2]).not.toBe(hashes[0]);
	});

	it('leaves nothing behind when aborted', async () => {
		const db = freshDb();
		const job = await begin(db);
		await job.writeChunk(chunk(0, 4));
		await job.abort();
		await job.abort(); // twice is fine
		expect(await db.datasets.count()).toBe(0);
		expect(await db.chunks.count()).toBe(0);
		expect(await getDataset(db, job.datasetId)).toBeNull();
	});

	it('cleans up an import a crash left behind, but not one still being written', async () => {
		const db = freshDb();
		const crashed = await begin(db);
		await crashed.writeChunk(chunk(0, 4));
		const keep = await begin(db);
		await keep.writeChunk(chunk(0, 2));
		await keep.commit();
		expect(await cleanupInterrupted(db)).toBe(0); // both fresh: maybe another tab's
		expect(await cleanupInterrupted(db, 0)).toBe(1);
		expect((await db.datasets.toArray()).map((d) => d.id)).toEqual([keep.datasetId]);
		expect(await db.chunks.where('datasetId').equals(crashed.datasetId).count()).toBe(0);
		expect(await db.chunks.count()).toBe(1);
	});

	it('aborts itself and reports the quota when the disk fills up mid-import', async () => {
		const db = freshDb();
		let full = false;
		// The one fault we cannot make real storage produce in a test: a full disk on `chunks`.
		db.use({
			stack: 'dbcore',
			name: 'full-disk',
			create: (down) => ({
				...down,
				table: (name) => {
					const table = down.table(name);
					return {
						...table,
						mutate: (req) =>
							full && name === 'chunks' && req.type === 'add'
								? Promise.reject(new DOMException('disk full', 'QuotaExceededError'))
								: table.mutate(req)
					};
				}
			})
		});
		const job = await begin(db);
		expect((await job.writeChunk(chunk(0, 4))).ok).toBe(true);
		full = true;
		const failed = await job.writeChunk(chunk(4, 8));
		expect(failed.ok).toBe(false);
		if (!failed.ok) expect(failed.error.kind).toBe('quota-exceeded');
		expect(await db.datasets.count()).toBe(0);
		expect(await db.chunks.count()).toBe(0);
	});

	it('stores a view into a bigger buffer as its own rows only', async () => {
		const db = freshDb();
		const job = await begin(db);
		const big = chunk(0, 100);
		const view: ChunkInput = {
			frame: {
				t: big.frame.t.subarray(10, 12),
				channels: big.frame.channels.map((c) => c.subarray(10, 12))
			},
			labels: big.labels.map((l) => l.subarray(10, 12))
		};
		await job.writeChunk(view);
		const [stored] = await readChunks(db, job.datasetId);
		expect(stored!.t.buffer.byteLength).toBe(16);
		expect(Array.from(stored!.t)).toEqual([1100, 1110]);
		expect(stored!.channels[1]!.buffer.byteLength).toBe(8);
	});

	it('refuses parallel writes as a bug', async () => {
		const job = await begin(freshDb());
		const first = job.writeChunk(chunk(0, 2));
		await expect(job.writeChunk(chunk(2, 4))).rejects.toThrow(/while another write is running/);
		expect((await first).ok).toBe(true);
	});

	it('refuses a chunk of the wrong shape as a bug', async () => {
		const job = await begin(freshDb());
		const bad = chunk(0, 3);
		bad.frame.channels.pop();
		await expect(job.writeChunk(bad)).rejects.toThrow(
			/1 channels and 1 labels, dataset \d+ has 2 and 1/
		);
	});

	it('imports what CsvReader emits, piece by piece, and reads the same table back', async () => {
		const lines = ['datetime;p;anomaly'];
		for (let i = 0; i < 50; i++)
			lines.push(`2020-03-09 15:56:${String(i).padStart(2, '0')};${i / 4};${i > 40 ? 1 : 0}`);
		const text = lines.join('\r\n');
		const db = freshDb();
		const reader = new CsvReader({ chunkRows: 16 });
		const chunks = [];
		for (let at = 0; at < text.length; at += 100)
			chunks.push(...reader.push(text.slice(at, at + 100)));
		chunks.push(...reader.finish().chunks);
		const started = await beginDatasetImport(db, {
			name: 'skab-like',
			source: 'skab-like.csv',
			channels: reader.channelNames.map((name) => ({ name, unit: '' })),
			labelColumns: reader.labelNames,
			sampleRateHz: reader.format!.sampleRateHz
		});
		if (!started.ok) throw new Error(started.error.message);
		for (const c of chunks) await started.value.writeChunk(c);
		const done = await started.value.commit();
		expect(done.ok && [done.value.rowCount, done.value.chunkCount]).toEqual([50, 4]);
		const back = await readRange(db, started.value.datasetId);
		expect(back.frame.t[49]! - back.frame.t[0]!).toBe(49_000);
		expect(back.frame.channels[0]![10]).toBe(2.5);
		expect(back.labels[0]!.reduce((a, b) => a + b, 0)).toBe(9);
	});
});
