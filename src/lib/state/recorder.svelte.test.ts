import type { DBCore } from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import type { Frame } from '../core/frame';
import { getDataset, readRange } from '../db/datasets';
import { VigilDb } from '../db/db';
import { beginRecording } from '../db/recording';
import { listMarkers } from '../db/segments';
import type { ChannelInfo } from '../io/source';
import { FLUSH_INTERVAL_MS, Recorder } from './recorder.svelte';
import { recordingLockName } from './recorder-recovery';

// Real IndexedDB, timers and Web Locks in headless Chromium.
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
	for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

let counter = 0;
function freshDb(): VigilDb {
	const db = new VigilDb(`recorder-test-${counter++}-${Date.now()}`);
	cleanups.push(() => db.delete().then(() => undefined));
	return db;
}

const TWO: ChannelInfo[] = [
	{ name: 'pressure', unit: 'bar' },
	{ name: 'flow', unit: 'l/min' }
];

function makeRecorder(db: VigilDb) {
	const reports: string[] = [];
	const recorder = new Recorder({ db, report: (message) => reports.push(message) });
	cleanups.push(() => recorder.stop());
	return { recorder, reports };
}

/** `rows` samples 1 ms apart from `t0`; channel c holds `first + i + c / 10`. */
function batch(t0: number, rows: number, first: number, channels = TWO) {
	const frame: Frame = {
		t: Float64Array.from({ length: rows }, (_, i) => t0 + i),
		channels: channels.map((_, c) =>
			Float32Array.from({ length: rows }, (_, i) => first + i + c / 10)
		)
	};
	return { frame, channels };
}

/** Pushes 1 kHz in 20-row batches, like a live source, until stopped; returns the row count. */
function feed(recorder: Recorder, channels = TWO) {
	let sent = 0;
	const t0 = Date.now();
	const timer = setInterval(() => {
		recorder.push(batch(t0 + sent, 20, sent, channels));
		sent += 20;
	}, 20);
	const stop = () => {
		clearInterval(timer);
		return sent;
	};
	cleanups.push(() => void stop());
	return { stop, sent: () => sent };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A Dexie middleware on `chunks` adds: `fault(n, keepAlive)` runs before the n-th add (1-based).
 * A slow disk must wait with `keepAlive`: IndexedDB commits a transaction that has no request
 * pending, so a plain timer would end it.
 */
function onChunkAdd(
	db: VigilDb,
	fault: (n: number, keepAlive: (ms: number) => Promise<void>) => Promise<void>
) {
	let adds = 0;
	db.use({
		stack: 'dbcore',
		name: 'chunk-fault',
		create: (down: DBCore) => ({
			...down,
			table: (name) => {
				const table = down.table(name);
				return {
					...table,
					mutate: async (req) => {
						const keepAlive = async (ms: number) => {
							const until = performance.now() + ms;
							while (performance.now() < until) await table.get({ trans: req.trans, key: 0 });
						};
						if (name === 'chunks' && req.type === 'add') await fault(++adds, keepAlive);
						return table.mutate(req);
					}
				};
			}
		})
	});
}

describe('Recorder', () => {
	it('writes at least every second while recording and finishes a dataset with every sample', async () => {
		const db = freshDb();
		const { recorder } = makeRecorder(db);
		const started = await recorder.start({ channels: TWO, sourceLabel: 'test feed' });
		if (!started.ok) throw new Error(started.reason);
		const source = feed(recorder);
		await sleep(1500);
		// What arrived more than a second ago is on disk already.
		const stored = (await getDataset(db, started.datasetId))!;
		expect(stored.status).toBe('recording');
		expect(stored.rowCount).toBeGreaterThanOrEqual(source.sent() - 1000);
		expect(stored.chunkCount).toBeGreaterThanOrEqual(2);
		expect(recorder.durationMs).toBeGreaterThanOrEqual(1000);

		const sent = source.stop();
		await recorder.stop();
		expect(recorder.recording).toBe(false);
		expect(recorder.samples).toBe(sent);
		expect(recorder.rateHz).toBeCloseTo(1000, 0);
		expect(recorder.parts).toEqual([{ datasetId: started.datasetId, name: stored.name }]);
		const done = (await getDataset(db, started.datasetId))!;
		expect(done).toMatchObject({
			status: 'ready',
			rowCount: sent,
			sampleRateHz: 1000,
			source: 'test feed'
		});
		const { frame } = await readRange(db, started.datasetId);
		expect(frame.channels[1]![sent - 1]).toBeCloseTo(sent - 1 + 0.1, 3);
		expect(Array.from(frame.t.slice(1)).every((t, i) => t - frame.t[i]! === 1)).toBe(true);
	});

	it('writes on pagehide without waiting for the timer', async () => {
		const db = freshDb();
		const { recorder } = makeRecorder(db);
		const started = await recorder.start({ channels: TWO, sourceLabel: 's' });
		if (!started.ok) throw new Error(started.reason);
		recorder.push(batch(Date.now(), 10, 0));
		window.dispatchEvent(new PageTransitionEvent('pagehide'));
		await sleep(FLUSH_INTERVAL_MS / 4);
		expect((await getDataset(db, started.datasetId))!.rowCount).toBe(10);
	});

	it('never runs two writes at once, even when the disk is slow', async () => {
		const db = freshDb();
		let inFlight = 0;
		let most = 0;
		onChunkAdd(db, async (_, keepAlive) => {
			most = Math.max(most, ++inFlight);
			await keepAlive(700); // slower than the flush interval
			inFlight--;
		});
		const { recorder } = makeRecorder(db);
		const started = await recorder.start({ channels: TWO, sourceLabel: 's' });
		if (!started.ok) throw new Error(started.reason);
		const source = feed(recorder);
		await sleep(1600);
		for (let i = 0; i < 5; i++) void recorder.flush();
		const sent = source.stop();
		await recorder.stop();
		expect(recorder.error).toBeUndefined();
		expect(most).toBe(1);
		expect((await getDataset(db, started.datasetId))!.rowCount).toBe(sent);
	});

	it('retries a failed write once and goes on', async () => {
		const db = freshDb();
		onChunkAdd(db, async (n) => {
			if (n === 2) throw new Error('flaky disk');
		});
		const { recorder, reports } = makeRecorder(db);
		const started = await recorder.start({ channels: TWO, sourceLabel: 's' });
		if (!started.ok) throw new Error(started.reason);
		for (let i = 0; i < 3; i++) {
			recorder.push(batch(1000 + i * 10, 10, i * 10));
			await recorder.flush();
			await sleep(1);
		}
		await recorder.stop();
		expect(recorder.error).toBeUndefined();
		expect(reports).toEqual([]);
		expect((await getDataset(db, started.datasetId))!.rowCount).toBe(30);
	});

	it('stops on a write that fails twice, keeps what was written, and says so', async () => {
		const db = freshDb();
		onChunkAdd(db, async (n) => {
			if (n >= 2) throw new Error('broken disk');
		});
		const { recorder, reports } = makeRecorder(db);
		const started = await recorder.start({ channels: TWO, sourceLabel: 's' });
		if (!started.ok) throw new Error(started.reason);
		recorder.push(batch(1000, 10, 0));
		await recorder.flush();
		recorder.push(batch(1010, 5, 10));
		await recorder.flush();
		expect(recorder.recording).toBe(false);
		expect(recorder.error).toMatch(/stopped: a write failed twice \(broken disk\)/);
		expect(recorder.error).toMatch(/last 5 samples could not be saved/);
		expect(recorder.error).toMatch(/10 rows written before are kept/);
		expect(reports).toEqual([recorder.error]);
		expect(await getDataset(db, started.datasetId)).toMatchObject({
			status: 'ready',
			rowCount: 10
		});
	});

	it('stops cleanly when the disk is full, keeps the recording, and says what to do', async () => {
		const db = freshDb();
		onChunkAdd(db, async (n) => {
			if (n >= 2) throw new DOMException('disk full', 'QuotaExceededError');
		});
		const { recorder, reports } = makeRecorder(db);
		const started = await recorder.start({ channels: TWO, sourceLabel: 's' });
		if (!started.ok) throw new Error(started.reason);
		recorder.push(batch(1000, 10, 0));
		await recorder.flush();
		recorder.push(batch(1010, 10, 10));
		await recorder.flush();
		expect(recorder.recording).toBe(false);
		expect(recorder.error).toMatch(/ran out of storage space for Vigil\. Delete datasets/);
		expect(reports).toHaveLength(1);
		expect(await getDataset(db, started.datasetId)).toMatchObject({
			status: 'ready',
			rowCount: 10
		});
		expect(recorder.parts.map((p) => p.datasetId)).toEqual([started.datasetId]);
	});

	it('drops markers on the samples’ clock and stores them', async () => {
		const db = freshDb();
		const { recorder } = makeRecorder(db);
		expect(await recorder.addMarker('too early')).toMatch(/while recording/);
		const started = await recorder.start({ channels: TWO, sourceLabel: 's' });
		if (!started.ok) throw new Error(started.reason);
		// A device clock a day behind: the marker must land on its axis, not on the wall clock.
		const deviceT0 = Date.now() - 86_400_000;
		recorder.push(batch(deviceT0, 10, 0));
		expect(await recorder.addMarker('  valve closed ')).toBeUndefined();
		expect(recorder.markers).toHaveLength(1);
		expect(recorder.markers[0]!.note).toBe('valve closed');
		expect(recorder.markers[0]!.atMs - (deviceT0 + 9)).toBeLessThan(500);
		await recorder.stop();
		const stored = await listMarkers(db, started.datasetId);
		expect(stored.map((m) => [m.startMs, m.note])).toEqual([
			[recorder.markers[0]!.atMs, 'valve closed']
		]);
	});

	it('continues in a new part when the channels change', async () => {
		const db = freshDb();
		const { recorder } = makeRecorder(db);
		const started = await recorder.start({ name: 'Bench', channels: TWO, sourceLabel: 's' });
		if (!started.ok) throw new Error(started.reason);
		const three = [...TWO, { name: 'temperature', unit: '°C' }];
		recorder.push(batch(1000, 10, 0));
		recorder.push(batch(1010, 7, 10, three));
		recorder.push(batch(1017, 3, 17, three));
		await recorder.stop();
		expect(recorder.error).toBeUndefined();
		expect(recorder.notice).toMatch(
			/channels changed .*temperature \(°C\).*“Bench” was saved.*“Bench \(part 2\)”/
		);
		expect(recorder.parts.map((p) => p.name)).toEqual(['Bench', 'Bench (part 2)']);
		const [first, second] = await Promise.all(
			recorder.parts.map((p) => getDataset(db, p.datasetId))
		);
		expect(first).toMatchObject({ status: 'ready', rowCount: 10, channels: TWO });
		expect(second).toMatchObject({ status: 'ready', rowCount: 10, channels: three });
		expect(second!.notes).toMatch(/continues “Bench”/);
	});

	it('holds a Web Lock while recording, so another tab does not recover it', async () => {
		const db = freshDb();
		const { recorder } = makeRecorder(db);
		const started = await recorder.start({ channels: TWO, sourceLabel: 's' });
		if (!started.ok) throw new Error(started.reason);
		const held = async () => (await navigator.locks.query()).held?.map((l) => l.name) ?? [];
		await expect.poll(held).toContain(recordingLockName(started.datasetId));
		expect(recorder.reloadBlocker()).toMatch(/recording is running/);
		// Pretend its last write was long ago: the lock alone must keep it alive.
		await db.datasets.update(started.datasetId, { updatedAt: 0 });
		const otherTab = new Recorder({ db, report: () => undefined });
		expect(await otherTab.recoverInterrupted()).toEqual([]);
		await recorder.stop();
		expect(await held()).not.toContain(recordingLockName(started.datasetId));
		expect(recorder.reloadBlocker()).toBeUndefined();
	});

	it('recovers a recording whose tab died and tells the user', async () => {
		const db = freshDb();
		const longAgo = Date.now() - 60_000;
		const begun = await beginRecording(db, { channels: TWO, sourceLabel: 's' }, longAgo);
		if (!begun.ok) throw new Error(begun.error.message);
		await begun.value.append(batch(longAgo, 50, 0).frame, longAgo); // then the tab died
		const { recorder, reports } = makeRecorder(db);
		const recovered = await recorder.recoverInterrupted();
		expect(recovered.map((r) => r.dataset.id)).toEqual([begun.value.datasetId]);
		expect(reports).toEqual([
			expect.stringMatching(/was recovered after the app closed unexpectedly: 50 rows kept/)
		]);
		expect(await getDataset(db, begun.value.datasetId)).toMatchObject({
			status: 'ready',
			rowCount: 50
		});
	});
});
