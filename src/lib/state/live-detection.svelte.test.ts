/**
 * Live detection end to end in Chromium: a tiny model is trained on simulator rows through the
 * real Train path (worker, tfjs, IndexedDB), then the simulator streams into a LiveStream and a
 * LiveDetection scores it in its own worker. An injected spike scores above the version's
 * threshold with the spiked channel on top of the attribution. The worker opens the app's
 * database (`vigil`), so this test does too and deletes only what it made.
 */
import { afterAll, describe, expect, it } from 'vitest';
import {
	beginDatasetImport,
	deleteDataset,
	deleteModel,
	VigilDb,
	type ModelVersionRow
} from '../db';
import { PumpSimulator } from '../io/simulator';
import { LiveDetection } from './live-detection.svelte';
import { LiveStream } from './live-stream.svelte';
import { Models } from './models.svelte';
import { TrainingJob } from './training.svelte';

const db = new VigilDb();
const made = { datasets: [] as number[], models: [] as number[] };
afterAll(async () => {
	for (const id of made.models) await deleteModel(db, id);
	for (const id of made.datasets) await deleteDataset(db, id);
});

const SEED = 7;
const RATE_HZ = 100;
const CHANNELS = 3;

/** 60 s of the simulator's normal signal, stored as a ready dataset. */
async function storeSimulatorDataset() {
	const simulator = new PumpSimulator({
		seed: SEED,
		sampleRateHz: RATE_HZ,
		channelCount: CHANNELS,
		startMs: Date.UTC(2026, 2, 1)
	});
	const names = simulator.channels.map((c) => c.name);
	const started = await beginDatasetImport(db, {
		name: 'live detection test',
		source: 'generated',
		channels: simulator.channels.map(({ name, unit }) => ({ name, unit })),
		labelColumns: [],
		sampleRateHz: RATE_HZ
	});
	if (!started.ok) throw new Error(started.error.message);
	for (let i = 0; i < 12; i++) {
		const written = await started.value.writeChunk({
			frame: simulator.generate(500).frame,
			labels: []
		});
		if (!written.ok) throw new Error(written.error.message);
	}
	const committed = await started.value.commit();
	if (!committed.ok) throw new Error(committed.error.message);
	return { dataset: committed.value, names };
}

const argmax = (values: Float32Array) => values.indexOf(Math.max(...values));

/** `run()`, or a failure naming `what` when it has not settled within `ms` (not a silent hang). */
async function within<T>(ms: number, what: string, run: () => Promise<T>): Promise<T> {
	let timer: ReturnType<typeof setTimeout> | undefined;
	const late = new Promise<never>((_, reject) => {
		timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms);
	});
	try {
		return await Promise.race([run(), late]);
	} finally {
		clearTimeout(timer);
	}
}

describe('LiveDetection with the real detector worker (Chromium)', () => {
	it('scores the live simulator with a trained version; a spike scores above its threshold, attributed to the spiked channel', async () => {
		const { dataset, names } = await storeSimulatorDataset();
		made.datasets.push(dataset.id);
		// The model's channels in another order than the source's: mapping is by name.
		const modelChannels = [names[2]!, names[0]!, names[1]!];
		const job = new TrainingJob({ candidates: ['wasm', 'cpu'] });
		const catalog = await job.loadCatalog();
		await job.start(
			{
				selection: {
					datasetIds: [dataset.id],
					rows: { kind: 'range', fromMs: dataset.startMs!, toMs: dataset.endMs! + 1 },
					channels: modelChannels
				},
				config: { ...catalog.presets['default']!, windowLength: 10, maxEpochs: 5 },
				preset: 'default',
				model: { kind: 'new', name: 'Live detection test model' },
				notes: '',
				appVersion: 'browser-test'
			},
			'Live detection test model'
		);
		job.stop();
		expect(job.error).toBeUndefined();
		made.models.push(job.result!.modelId);
		const row = (await db.modelVersions.get(job.result!.versionId)) as ModelVersionRow;

		const models = new Models(db);
		const stream = new LiveStream();
		const detection = new LiveDetection({ stream, models, candidates: ['wasm', 'cpu'] });
		try {
			// A source without one of the model's channels: refused, naming it.
			stream.start({ sampleRateHz: RATE_HZ, channelCount: 2, seed: SEED });
			await detection.start(row, 'Test model');
			expect(detection.phase).toBe('idle');
			expect(detection.missing).toEqual([names[2]]);
			expect(detection.error).toContain(names[2]);

			stream.start({ sampleRateHz: RATE_HZ, channelCount: CHANNELS, seed: SEED });
			await detection.start(row, 'Test model');
			expect(detection.error).toBeUndefined();
			expect(detection.phase).toBe('detecting');
			expect(detection.version).toMatchObject({
				id: row.id,
				threshold: row.threshold,
				windowLength: 10,
				channelNames: modelChannels
			});
			// Candidates were wasm and cpu: scoring runs on one of them, and says which.
			expect(['wasm', 'cpu']).toContain(detection.backend);
			expect(models.inUse(row.id)).toMatch(/^Live detection on /);
			await expect
				.poll(() => detection.scores.score.length, { timeout: 30_000 })
				.toBeGreaterThan(100);
			const { t } = detection.scores;
			for (let i = 1; i < t.length; i++) expect(t[i]!).toBeGreaterThan(t[i - 1]!);
			expect(detection.latency!.p99Ms).toBeGreaterThanOrEqual(detection.latency!.p50Ms);
			// Score listeners see each call's rows as scored: times rising, scores as kept.
			const heard: { t: number; score: number }[] = [];
			const stopListening = detection.addScoreListener(({ t, score }) =>
				t.forEach((tMs, i) => heard.push({ t: tMs, score: score[i]! }))
			);
			await expect.poll(() => heard.length, { timeout: 10_000 }).toBeGreaterThan(20);
			stopListening();
			const heardCount = heard.length;
			// Rows without a full window (NaN) are heard but not kept: compare the last scored one.
			const last = heard.findLast(({ score }) => !Number.isNaN(score))!;
			// The UI state follows within PUBLISH_INTERVAL_MS.
			await expect.poll(() => detection.scores.t.indexOf(last.t)).toBeGreaterThanOrEqual(0);
			const kept = detection.scores;
			const at = kept.t.indexOf(last.t);
			expect(kept.score[at]).toBe(Math.fround(last.score));
			await new Promise((resolve) => setTimeout(resolve, 500));
			expect(heard.length).toBe(heardCount);

			// Source channel 1 is model channel 2. Batches arrive on this thread, so the newest
			// sample seen when injecting is the last one before the spike.
			let lastBeforeMs = 0;
			const unlisten = stream.addBatchListener(({ frame }) => {
				lastBeforeMs = frame.t.at(-1) ?? lastBeforeMs;
			});
			await expect.poll(() => lastBeforeMs, { timeout: 5_000 }).toBeGreaterThan(0);
			unlisten();
			expect(stream.inject('spike', 1)).toBeDefined();
			const afterMs = lastBeforeMs + 2_000;
			await expect
				.poll(() => detection.scores.t.at(-1) ?? 0, { timeout: 30_000 })
				.toBeGreaterThan(afterMs);
			const peak = detection.peak(lastBeforeMs + 1, afterMs)!;
			expect(peak.score).toBeGreaterThan(row.threshold!);
			expect(argmax(peak.attribution)).toBe(modelChannels.indexOf(names[1]!));
			// The spike is in the newest anomalous window's past: it was seen as an anomaly.
			expect(detection.latestAnomaly!.tMs).toBeGreaterThan(lastBeforeMs);

			// The overlay: the spike's window is reconstructed in the worker; the spiked channel
			// is the one the model cannot reproduce.
			const spiked = modelChannels.indexOf(names[1]!);
			const maxErrors: number[] = [];
			for (let c = 0; c < CHANNELS; c++) {
				const overlay = await detection.reconstruction(peak.tMs, c);
				if (!overlay.ok) throw new Error(overlay.reason);
				expect(overlay.t.length).toBe(10);
				expect(overlay.t.at(-1)).toBe(peak.tMs);
				expect(overlay.actual.length).toBe(10);
				expect(overlay.reconstructed.every(Number.isFinite)).toBe(true);
				maxErrors.push(
					Math.max(...overlay.actual.map((x, i) => Math.abs(x - overlay.reconstructed[i]!)))
				);
			}
			for (let c = 0; c < CHANNELS; c++)
				if (c !== spiked) expect(maxErrors[spiked]).toBeGreaterThan(maxErrors[c]!);
			// A window whose rows were never kept (normal, long ago) says so instead of failing.
			const normal = await detection.reconstruction(t[0]!, 0);
			expect(normal.ok).toBe(false);
			expect(normal.ok ? '' : normal.reason).toMatch(/no longer kept/);

			detection.stop();
			expect(detection.phase).toBe('idle');
			expect(models.inUse(row.id)).toBeUndefined();
			// After stop the worker is gone: a cached window needs none; another one reopens the
			// version (the next window, still holding the spike, was kept with its event).
			const cached = await detection.reconstruction(peak.tMs, spiked);
			expect(cached.ok).toBe(true);
			const scoresT = detection.scores.t;
			// The call CI once hung on: the stop had dropped a scoring call the queue waited for.
			const next = await within(30_000, 'the overlay after a stop', () =>
				detection.reconstruction(scoresT[scoresT.indexOf(peak.tMs) + 1]!, spiked)
			);
			if (!next.ok) throw new Error(next.reason);
			expect(next.reconstructed.every(Number.isFinite)).toBe(true);

			// A stop while a scoring call is in the worker, then a start: the new run must not wait
			// on the call the stop dropped. The batch listener runs after detection's own, whose
			// call is posted to the worker a few microtasks later; the stop comes before any task
			// could bring the worker's answer.
			await detection.start(row, 'Test model');
			await expect
				.poll(() => detection.scores.score.length, { timeout: 30_000 })
				.toBeGreaterThan(0);
			await new Promise<void>((resolve) => {
				const unlisten = stream.addBatchListener(async () => {
					unlisten();
					for (let i = 0; i < 5; i++) await Promise.resolve();
					resolve(detection.stop());
				});
			});
			await within(30_000, 'the start after a stop during a scoring call', () =>
				detection.start(row, 'Test model')
			);
			expect(detection.error).toBeUndefined();
			expect(detection.phase).toBe('detecting');
		} finally {
			detection.stop();
			stream.stop();
		}
	}, 240_000);
});
