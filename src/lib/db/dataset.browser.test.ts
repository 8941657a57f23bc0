import { afterEach, describe, expect, it } from 'vitest';
import { beginDatasetImport } from './dataset-import';
import type { ChunkInput } from './dataset-import';
import { listDatasets, readChunks, readRange } from './datasets';
import { VigilDb } from './db';
import { dbWeightsHandler } from './weights-handler';

// Real IndexedDB in Chromium: what fake-indexeddb cannot prove (structured clone of typed
// arrays by the browser, transactions on the real engine).

const opened: VigilDb[] = [];
function freshDb(): VigilDb {
	const db = new VigilDb(`browser-test-${crypto.randomUUID()}`);
	opened.push(db);
	return db;
}
afterEach(async () => {
	for (const db of opened.splice(0)) await db.delete();
});

const CHANNELS = 8;
const CHUNK_ROWS = 4096;

function chunk(from: number, rows: number): ChunkInput {
	return {
		frame: {
			t: Float64Array.from({ length: rows }, (_, k) => 1_600_000_000_000 + (from + k) * 10),
			channels: Array.from({ length: CHANNELS }, (_, c) =>
				Float32Array.from({ length: rows }, (_, k) => Math.sin((from + k) * 0.01 + c))
			)
		},
		labels: [Uint8Array.from({ length: rows }, (_, k) => ((from + k) % 100 < 5 ? 1 : 0))]
	};
}

const META = {
	name: 'browser pump',
	source: 'generated',
	channels: Array.from({ length: CHANNELS }, (_, c) => ({ name: `ch${c}`, unit: '' })),
	labelColumns: ['anomaly'],
	sampleRateHz: 100
};

describe('datasets in real IndexedDB', () => {
	it('writes a dataset in chunks and reads it back identical', async () => {
		const db = freshDb();
		const started = await beginDatasetImport(db, META);
		if (!started.ok) throw new Error(started.error.message);
		const job = started.value;
		const sizes = [CHUNK_ROWS, CHUNK_ROWS, 1234];
		let from = 0;
		for (const rows of sizes) {
			expect((await job.writeChunk(chunk(from, rows))).ok).toBe(true);
			from += rows;
		}
		const done = await job.commit();
		expect(done.ok && done.value.rowCount).toBe(from);

		const back = await readRange(db, job.datasetId);
		const expected = chunk(0, from);
		expect(back.frame.t).toEqual(expected.frame.t);
		back.frame.channels.forEach((column, c) => expect(column).toEqual(expected.frame.channels[c]));
		expect(back.labels).toEqual(expected.labels);
		const stored = await readChunks(db, job.datasetId);
		expect(stored.map((c) => c.rows)).toEqual(sizes);
		expect(stored[0]!.channels[0]).toBeInstanceOf(Float32Array);
	});

	it('leaves nothing behind after an aborted import', async () => {
		const db = freshDb();
		const started = await beginDatasetImport(db, META);
		if (!started.ok) throw new Error(started.error.message);
		await started.value.writeChunk(chunk(0, CHUNK_ROWS));
		await started.value.writeChunk(chunk(CHUNK_ROWS, CHUNK_ROWS));
		await started.value.abort();
		expect(await listDatasets(db)).toEqual([]);
		expect(await db.datasets.count()).toBe(0);
		expect(await db.chunks.count()).toBe(0);
	});

	it('stores model weights through the tf.io handler', async () => {
		const db = freshDb();
		const weights = Float32Array.from({ length: 1000 }, (_, i) => i / 7);
		await dbWeightsHandler(db, 'm/1').save({
			modelTopology: { layers: [] },
			weightSpecs: [{ name: 'w', shape: [1000], dtype: 'float32' }],
			weightData: weights.buffer
		});
		const loaded = await dbWeightsHandler(db, 'm/1').load();
		expect(new Float32Array(loaded.weightData as ArrayBuffer)).toEqual(weights);
	});
});
