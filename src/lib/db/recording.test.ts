import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { afterEach, describe, expect, it } from 'vitest';
import type { Frame } from '../core/frame';
import { beginDatasetImport, cleanupInterrupted } from './dataset-import';
import { deleteDataset, getDataset, listDatasets, readRange } from './datasets';
import { VigilDb } from './db';
import { beginRecording, recordingName } from './recording';
import type { RecordingWriter } from './recording';
import { recoverInterruptedRecordings, STALE_RECORDING_MS } from './recording-recovery';
import { listMarkers, listSegments } from './segments';

const opened: VigilDb[] = [];
let counter = 0;
function freshDb(): VigilDb {
	const db = new VigilDb(`recording-test-${counter++}-${Date.now()}`, { indexedDB, IDBKeyRange });
	opened.push(db);
	return db;
}
afterEach(async () => {
	for (const db of opened.splice(0)) await db.delete();
});

const T0 = 1_700_000_000_000;
/** Rows `from..to-1` at 100 Hz: t = T0 + 10 i, channel c = i + c / 10. */
function rows(from: number, to: number): Frame {
	const n = to - from;
	return {
		t: Float64Array.from({ length: n }, (_, k) => T0 + 10 * (from + k)),
		channels: [0, 1].map((c) => Float32Array.from({ length: n }, (_, k) => from + k + c / 10))
	};
}

const CHANNELS = [
	{ name: 'pressure', unit: 'bar' },
	{ name: 'flow', unit: 'l/min' }
];

async function begin(db: VigilDb, nowMs = Date.now()): Promise<RecordingWriter> {
	const started = await beginRecording(db, { sourceLabel: 'test rig', channels: CHANNELS }, nowMs);
	if (!started.ok) throw new Error(started.error.message);
	return started.value;
}

async function record(db: VigilDb, pieces: [number, number][], nowMs = Date.now()) {
	const writer = await begin(db, nowMs);
	for (const [from, to] of pieces)
		expect((await writer.append(rows(from, to), nowMs)).ok).toBe(true);
	return writer;
}

const PIECES: [number, number][] = [
	[0, 100],
	[100, 200],
	[200, 250]
];

describe('recording into a dataset', () => {
	it('appends chunks, keeps counts current while recording, and finishes as a ready dataset', async () => {
		const db = freshDb();
		const writer = await record(db, PIECES.slice(0, 2));
		expect(await listDatasets(db)).toEqual([]); // recording: not listed yet
		const during = await getDataset(db, writer.datasetId);
		expect(during).toMatchObject({ status: 'recording', rowCount: 200, chunkCount: 2 });
		expect(during!.startMs).toBe(T0);
		expect(during!.endMs).toBe(T0 + 1990);

		expect((await writer.append(rows(200, 250))).ok).toBe(true);
		const finished = await writer.finish();
		if (!finished.ok) throw new Error(finished.error.message);
		expect(finished.value).toMatchObject({
			status: 'ready',
			name: writer.name,
			source: 'test rig',
			channels: CHANNELS,
			labelColumns: [],
			rowCount: 250,
			chunkCount: 3,
			startMs: T0,
			endMs: T0 + 2490,
			sampleRateHz: 100,
			sizeBytes: 250 * (8 + 4 + 4)
		});
		expect(finished.value.sha256).toMatch(/^[0-9a-f]{64}$/);
		expect((await listDatasets(db)).map((d) => d.id)).toEqual([writer.datasetId]);
		const back = await readRange(db, writer.datasetId);
		const expected = rows(0, 250);
		expect(Array.from(back.frame.t)).toEqual(Array.from(expected.t));
		expect(Array.from(back.frame.channels[1]!)).toEqual(Array.from(expected.channels[1]!));
	});

	it('hashes like an import of the same chunks', async () => {
		const db = freshDb();
		const writer = await record(db, PIECES);
		const finished = await writer.finish();
		const started = await beginDatasetImport(db, {
			name: 'same rows',
			source: 'x.csv',
			channels: CHANNELS,
			labelColumns: [],
			sampleRateHz: null
		});
		if (!started.ok || !finished.ok) throw new Error('could not write');
		for (const [from, to] of PIECES) {
			await started.value.writeChunk({ frame: rows(from, to), labels: [] });
		}
		const imported = await started.value.commit();
		expect(imported.ok && imported.value.sha256).toBe(finished.value.sha256);
	});

	it('names a recording after its local start time unless given a name', async () => {
		const at = new Date(2026, 10, 30, 14, 5, 59).getTime();
		expect(recordingName(at)).toBe('Recording 2026-11-30 14:05');
		const db = freshDb();
		expect((await begin(db, at)).name).toBe('Recording 2026-11-30 14:05');
		const named = await beginRecording(db, {
			name: '  valve test ',
			sourceLabel: 's',
			channels: CHANNELS
		});
		expect(named.ok && named.value.name).toBe('valve test');
	});

	it('an empty append is a heartbeat: it only touches updatedAt', async () => {
		const db = freshDb();
		const writer = await record(db, [[0, 10]], 5000);
		expect((await writer.append(rows(0, 0), 9000)).ok).toBe(true);
		const row = await getDataset(db, writer.datasetId);
		expect(row).toMatchObject({ updatedAt: 9000, rowCount: 10, chunkCount: 1 });
		expect(await db.chunks.count()).toBe(1);
	});

	it('stores markers as point segments with their note, deleted with the dataset', async () => {
		const db = freshDb();
		const writer = await record(db, [[0, 100]]);
		const first = await writer.addMarker(T0 + 500, '  valve closed ');
		await writer.addMarker(T0 + 200, 'pump started');
		await writer.addMarker(T0 + 900, 'x'.repeat(2000));
		expect(first.ok).toBe(true);
		const markers = await listMarkers(db, writer.datasetId);
		expect(markers.map((m) => [m.startMs, m.endMs, m.kind, m.note.length])).toEqual([
			[T0 + 200, T0 + 200, 'marker', 12],
			[T0 + 500, T0 + 500, 'marker', 12],
			[T0 + 900, T0 + 900, 'marker', 500]
		]);
		expect(markers[1]!.note).toBe('valve closed');
		expect(await listSegments(db, writer.datasetId)).toHaveLength(3);
		await writer.finish();
		await deleteDataset(db, writer.datasetId);
		expect(await db.segments.count()).toBe(0);
	});

	it('copies a column that is a view into a bigger buffer', async () => {
		const db = freshDb();
		const writer = await begin(db);
		const big = rows(0, 100);
		await writer.append({
			t: big.t.subarray(10, 12),
			channels: big.channels.map((c) => c.subarray(10, 12))
		});
		const [chunk] = await db.chunks.toArray();
		expect(chunk!.t.buffer.byteLength).toBe(16);
		expect(chunk!.channels[0]!.buffer.byteLength).toBe(8);
	});

	it('refuses parallel writes and wrong shapes as bugs', async () => {
		const writer = await begin(freshDb());
		const first = writer.append(rows(0, 2));
		await expect(writer.append(rows(2, 4))).rejects.toThrow(/while another write is running/);
		expect((await first).ok).toBe(true);
		const bad = rows(4, 6);
		bad.channels.pop();
		await expect(writer.append(bad)).rejects.toThrow(/chunk has 1 channels, recording \d+ has 2/);
	});
});

describe('recovering interrupted recordings', () => {
	it('finalizes a crashed recording from its chunks, with a note, and never deletes it', async () => {
		const db = freshDb();
		const lastWriteMs = new Date(2026, 10, 30, 14, 7, 31).getTime();
		const crashed = await record(db, PIECES, lastWriteMs); // then the tab dies: no finish
		const reference = await (await record(db, PIECES)).finish();

		const early = await recoverInterruptedRecordings(db, lastWriteMs + 4000);
		expect(early).toEqual({ recovered: [], recheckInMs: STALE_RECORDING_MS - 4000 });
		expect(await listDatasets(db)).toHaveLength(1);

		const report = await recoverInterruptedRecordings(db, lastWriteMs + STALE_RECORDING_MS + 1);
		expect(report.recheckInMs).toBeNull();
		expect(report.recovered).toHaveLength(1);
		const { dataset } = report.recovered[0]!;
		expect(report.recovered[0]!.lastWriteMs).toBe(lastWriteMs);
		if (!reference.ok) throw new Error(reference.error.message);
		const same = [
			'rowCount',
			'chunkCount',
			'startMs',
			'endMs',
			'sampleRateHz',
			'sizeBytes',
			'sha256'
		];
		for (const key of same) {
			expect(dataset[key as keyof typeof dataset], key).toEqual(
				reference.value[key as keyof typeof dataset]
			);
		}
		expect(dataset).toMatchObject({ id: crashed.datasetId, status: 'ready' });
		expect(dataset.notes).toBe(
			'Recorded live from test rig.\nRecovered after the app closed unexpectedly at 2026-11-30 14:07:31.'
		);
		expect(await getDataset(db, crashed.datasetId)).toEqual(dataset);
		expect((await readRange(db, crashed.datasetId)).frame.t.length).toBe(250);
		// Done once: a second pass finds nothing.
		expect((await recoverInterruptedRecordings(db, Date.now() + 60_000)).recovered).toEqual([]);
	});

	it('leaves a recording alone while a tab holds it, however old its last write', async () => {
		const db = freshDb();
		const live = await record(db, [[0, 10]], 1000);
		const report = await recoverInterruptedRecordings(db, 1_000_000, {
			isLive: (id) => id === live.datasetId
		});
		expect(report).toEqual({ recovered: [], recheckInMs: null });
		expect((await getDataset(db, live.datasetId))!.status).toBe('recording');
	});

	it('keeps a recording that crashed before its first chunk, with no rows', async () => {
		const db = freshDb();
		const empty = await begin(db, 1000);
		const report = await recoverInterruptedRecordings(db, 1000 + STALE_RECORDING_MS);
		expect(report.recovered[0]!.dataset).toMatchObject({
			id: empty.datasetId,
			status: 'ready',
			rowCount: 0,
			startMs: null,
			endMs: null,
			sampleRateHz: null
		});
	});

	it('a recorder that wakes up after another tab recovered its recording writes nothing', async () => {
		const db = freshDb();
		const sleeper = await record(db, [[0, 10]], 1000);
		await recoverInterruptedRecordings(db, 1000 + STALE_RECORDING_MS);
		const late = await sleeper.append(rows(10, 20));
		expect(late.ok).toBe(false);
		if (!late.ok) {
			expect(late.error.kind).toBe('not-recording');
			expect(late.error.message).toMatch(/already closed, probably by another Vigil tab/);
		}
		expect(await db.chunks.count()).toBe(1);
		expect((await getDataset(db, sleeper.datasetId))!.rowCount).toBe(10);
		expect((await sleeper.finish()).ok).toBe(false);
	});

	it('cleanupInterrupted deletes stale imports but leaves recordings alone', async () => {
		const db = freshDb();
		const recording = await record(db, [[0, 10]], 1000);
		const importing = await beginDatasetImport(db, {
			name: 'crashed import',
			source: 'a.csv',
			channels: CHANNELS,
			labelColumns: [],
			sampleRateHz: null
		});
		expect(importing.ok).toBe(true);
		expect(await cleanupInterrupted(db, 0)).toBe(1);
		expect((await db.datasets.toArray()).map((d) => [d.id, d.status])).toEqual([
			[recording.datasetId, 'recording']
		]);
		expect(await db.chunks.count()).toBe(1);
	});
});

describe('a full disk mid-recording', () => {
	it('refuses the chunk, keeps what was written, and still finishes', async () => {
		const db = freshDb();
		let full = false;
		// The one fault real storage cannot be made to produce in a test: a full disk on `chunks`.
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
		const writer = await record(db, PIECES.slice(0, 2));
		full = true;
		const refused = await writer.append(rows(200, 250));
		expect(refused.ok).toBe(false);
		if (!refused.ok) {
			expect(refused.error.kind).toBe('quota-exceeded');
			expect(refused.error.message).toMatch(/ran out of storage space.*Delete datasets/);
		}
		expect((await getDataset(db, writer.datasetId))!.rowCount).toBe(200);
		const finished = await writer.finish();
		expect(finished.ok && finished.value).toMatchObject({ status: 'ready', rowCount: 200 });
		expect((await readRange(db, writer.datasetId)).frame.t.length).toBe(200);
	});
});
