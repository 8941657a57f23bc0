/**
 * The training job against the real detector worker, tfjs and IndexedDB in Chromium: a stored
 * dataset's normal segment trains the `default` preset (made small), the version is saved with its
 * lineage, run and weights, and those weights load back in a fresh worker and score as in
 * training. A cancelled training leaves nothing. The worker opens the app's database (`vigil`),
 * so this test does too and deletes only what it made.
 */
import { wrap } from 'comlink';
import { afterAll, describe, expect, it } from 'vitest';
import {
	addSegment,
	deleteDataset,
	deleteModel,
	readRange,
	VigilDb,
	type ModelVersionRow
} from '../db';
import { FIXTURE_START_MS as T0, storeSineDataset } from '../db/training-test-fixtures';
import { dbWeightsHandler } from '../db/weights-handler';
import type { DetectorApi } from '../../../workers/detector.worker';
import { createTrainingWorker } from './training-worker';
import { TrainingJob, type TrainRequest } from './training.svelte';

const db = new VigilDb();
const made = { datasets: [] as number[], models: [] as number[] };
afterAll(async () => {
	for (const id of made.models) await deleteModel(db, id);
	for (const id of made.datasets) await deleteDataset(db, id);
});

const counts = () =>
	Promise.all(
		[db.models, db.modelVersions, db.modelArtifacts, db.trainingRuns].map((t) => t.count())
	);

describe('TrainingJob with the real detector worker (Chromium)', () => {
	it('trains on a normal segment, saves a version with lineage whose weights load back and score as in training; cancel leaves nothing', async () => {
		const dataset = await storeSineDataset(db, {
			name: 'training test',
			rows: 400,
			channels: ['a', 'b', 'c']
		});
		made.datasets.push(dataset.id);
		// Rows 0–299 are normal; 300–399 are marked anomalous and must not be trained on.
		const normal = await addSegment(db, dataset.id, { startMs: T0, endMs: T0 + 299_000 }, 'normal');
		await addSegment(db, dataset.id, { startMs: T0 + 300_000, endMs: T0 + 399_000 }, 'anomaly');

		const job = new TrainingJob({ candidates: ['wasm', 'cpu'] });
		const catalog = await job.loadCatalog();
		expect(Object.keys(catalog.presets)).toEqual(['default', 'skab-lstm-ae']);
		expect(catalog.choices.thresholdMethod).toEqual(['quantile', 'pot']);
		const config = { ...catalog.presets['default']!, windowLength: 10, maxEpochs: 3 };
		expect(await job.validate(config)).toEqual([]);
		expect(await job.validate({ ...config, batchSize: 0, dropoutRate: 1 })).toEqual([
			'dropoutRate must be a number in [0, 1), got 1',
			'batchSize must be a positive integer, got 0'
		]);

		const request: TrainRequest = {
			selection: {
				datasetIds: [dataset.id],
				rows: { kind: 'segments', segmentIds: [normal] },
				channels: ['b', 'c']
			},
			config,
			preset: 'default',
			model: { kind: 'new', name: 'Browser test model' },
			notes: ' small run ',
			appVersion: 'browser-test'
		};
		const before = await counts();
		await job.start(request, 'Browser test model');
		expect(job.error).toBeUndefined();
		expect(job.phase).toBe('done');
		const result = job.result!;
		made.models.push(result.modelId);
		expect(job.data).toMatchObject({ rows: 300, droppedRows: 0, parts: 1 });
		expect(['wasm', 'cpu']).toContain(job.backend?.backend);
		expect(job.history.loss).toHaveLength(3);
		expect(job.batchLosses.loss.length).toBeGreaterThan(0);
		expect(job.progress).toBe(1);
		expect(result.trainingScores.length).toBe(291); // 300 rows − 10 + 1 windows
		expect(Number.isFinite(result.threshold)).toBe(true);

		const version = (await db.modelVersions.get(result.versionId)) as ModelVersionRow;
		expect(version).toMatchObject({
			modelId: result.modelId,
			version: 1,
			preset: 'default',
			backend: job.backend!.backend,
			trainingDatasetId: dataset.id,
			trainingDatasetSha256: dataset.sha256,
			trainingSegments: [{ startMs: T0, endMs: T0 + 299_000, kind: 'normal' }],
			threshold: result.threshold,
			appVersion: 'browser-test',
			notes: 'small run',
			config: { windowLength: 10, maxEpochs: 3 }
		});
		expect(version.metrics).toMatchObject({ epochs: 3, trainWindows: 261, validationWindows: 30 });
		expect(version.engineData).toMatchObject({
			channelNames: ['b', 'c'],
			lineage: {
				datasets: [{ datasetId: dataset.id, rows: 300, ranges: [{ segmentIds: [normal] }] }]
			}
		});
		const run = await db.trainingRuns.where('modelId').equals(result.modelId).first();
		expect(run).toMatchObject({
			status: 'done',
			datasetId: dataset.id,
			modelVersionId: result.versionId
		});
		expect(run!.lossHistory.map((e) => e.loss)).toEqual(job.history.loss);
		const weights = await dbWeightsHandler(db, version.artifactKey).load();
		expect((weights.weightData as ArrayBuffer).byteLength).toBeGreaterThan(0);

		// A fresh worker opens the version from IndexedDB and scores the training rows as training did.
		const worker = createTrainingWorker();
		try {
			const api = wrap<DetectorApi>(worker);
			await api.configure(['wasm', 'cpu']);
			expect(await api.openModelVersion(result.versionId)).toEqual({ channelNames: ['b', 'c'] });
			const { frame } = await readRange(db, dataset.id);
			const scored = await api.score({
				channels: [frame.channels[1]!, frame.channels[2]!],
				from: 100,
				to: 300
			});
			// Row 100 + i ends training window 100 + i − 9.
			for (const i of [0, 99, 199]) {
				const expected = result.trainingScores[100 + i - 9]!;
				expect(Math.abs(scored.score[i]! - expected)).toBeLessThan(1e-3 * Math.max(1, expected));
			}
		} finally {
			worker.terminate();
		}

		// Cancelled mid-training: the worker is stopped, nothing new is stored.
		const saved = await counts();
		expect(saved.map((n, i) => n - before[i]!)).toEqual([1, 1, 1, 1]);
		const long = job.start(
			{ ...request, config: { ...config, maxEpochs: 200, earlyStoppingPatience: 200 } },
			'Cancelled model'
		);
		await expect
			.poll(() => job.batchesDone + job.epochsDone, { timeout: 60_000 })
			.toBeGreaterThan(0);
		expect(job.cancellable).toBe(true);
		job.cancel();
		await long;
		expect(job.phase).toBe('cancelled');
		expect(job.error).toBeUndefined();
		expect(await counts()).toEqual(saved);

		// A refusal names what is wrong and comes before any training.
		await job.start({ ...request, model: { kind: 'existing', modelId: 987_654 } }, 'x');
		expect(job.phase).toBe('failed');
		expect(job.error).toBe('Model 987654 no longer exists.');
		job.stop();
	}, 240_000);
});
