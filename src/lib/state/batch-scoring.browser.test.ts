/**
 * Batch scoring against the real detector worker, tfjs and IndexedDB in Chromium: a labelled
 * dataset (an anomaly of raised values, labelled 1) is imported, a tiny model trained on its
 * normal segment through the Train path, and the whole dataset scored in small blocks. The worker
 * opens the app's database (`vigil`), so this test does too and deletes only what it made.
 */
import { wrap } from 'comlink';
import { afterAll, describe, expect, it } from 'vitest';
import { confusion, precisionRecallCurve, rates, rocCurve } from '../core/metrics';
import { addSegment, deleteDataset, deleteModel, readRange, VigilDb } from '../db';
import { beginDatasetImport } from '../db/dataset-import';
import { deleteBatchScores, latestBatchScores } from '../db/scores';
import type { DetectorApi } from '../../../workers/detector.worker';
import { BatchScoring } from './batch-scoring.svelte';
import { createTrainingWorker } from './training-worker';
import { TrainingJob } from './training.svelte';

const db = new VigilDb();
const made = { datasets: [] as number[], models: [] as number[] };
afterAll(async () => {
	for (const id of made.models) await deleteModel(db, id);
	for (const id of made.datasets) {
		await deleteBatchScores(db, id);
		await deleteDataset(db, id);
	}
});

const T0 = Date.UTC(2026, 2, 1);
const ROWS = 1200;
const ANOMALY = { from: 900, to: 1000 };

/** Two sine channels, rows 900–999 raised by 3 and labelled anomalous; chunks of 500 rows. */
async function storeLabelledDataset(): Promise<number> {
	const started = await beginDatasetImport(db, {
		name: 'batch scoring test',
		source: 'generated',
		channels: [
			{ name: 'a', unit: '' },
			{ name: 'b', unit: '' }
		],
		labelColumns: ['anomaly'],
		sampleRateHz: 1
	});
	if (!started.ok) throw new Error(started.error.message);
	const job = started.value;
	const inAnomaly = (row: number) => row >= ANOMALY.from && row < ANOMALY.to;
	for (let from = 0; from < ROWS; from += 500) {
		const n = Math.min(ROWS, from + 500) - from;
		const t = Float64Array.from({ length: n }, (_, i) => T0 + (from + i) * 1000);
		const channels = [0, 1].map((c) =>
			Float32Array.from({ length: n }, (_, i) => {
				const row = from + i;
				return Math.sin(row / (4 + c)) + 0.05 * Math.cos(row * 7.3 + c) + (inAnomaly(row) ? 3 : 0);
			})
		);
		const labels = [Uint8Array.from({ length: n }, (_, i) => (inAnomaly(from + i) ? 1 : 0))];
		const written = await job.writeChunk({ frame: { t, channels }, labels });
		if (!written.ok) throw new Error(written.error.message);
	}
	const committed = await job.commit();
	if (!committed.ok) throw new Error(committed.error.message);
	return committed.value.id;
}

describe('BatchScoring with the real detector worker (Chromium)', () => {
	it('scores every row after the first window across chunks and blocks, stores scores, spans and metrics equal to core/metrics on the same scores; cancel stores nothing', async () => {
		const datasetId = await storeLabelledDataset();
		made.datasets.push(datasetId);
		const normal = await addSegment(db, datasetId, { startMs: T0, endMs: T0 + 599_000 }, 'normal');

		const training = new TrainingJob({ candidates: ['wasm', 'cpu'] });
		const catalog = await training.loadCatalog();
		const config = { ...catalog.presets['default']!, windowLength: 10, maxEpochs: 3 };
		await training.start(
			{
				selection: {
					datasetIds: [datasetId],
					rows: { kind: 'segments', segmentIds: [normal] },
					channels: ['a', 'b']
				},
				config,
				preset: 'default',
				model: { kind: 'new', name: 'Batch scoring test model' },
				notes: '',
				appVersion: 'browser-test'
			},
			'Batch scoring test model'
		);
		expect(training.error).toBeUndefined();
		const trained = training.result!;
		made.models.push(trained.modelId);
		training.stop();

		const scoring = new BatchScoring(datasetId, { db, candidates: ['wasm', 'cpu'] });
		await scoring.load();
		expect(scoring.result).toBeNull();
		await scoring.start(trained.versionId, { blockRows: 300 });
		expect(scoring.error).toBeUndefined();
		expect(scoring.phase).toBe('done');
		expect(scoring.rowsDone).toBe(ROWS);
		const result = scoring.result!;
		expect(result.scores.length).toBe(ROWS);
		// Rows 0–8 end no 10-row window; every later row has a score.
		expect(Array.from(result.scores.subarray(0, 9)).every(Number.isNaN)).toBe(true);
		expect(Array.from(result.scores.subarray(9)).every(Number.isFinite)).toBe(true);
		expect(result.threshold).toBe(trained.threshold);

		// Scoring the whole dataset in one call gives the same scores: windows crossed the blocks.
		const { frame, labels } = await readRange(db, datasetId);
		const worker = createTrainingWorker();
		try {
			const api = wrap<DetectorApi>(worker);
			await api.configure(['wasm', 'cpu']);
			await api.openModelVersion(trained.versionId);
			const whole = await api.score({ channels: frame.channels, from: 0, to: ROWS });
			for (let i = 9; i < ROWS; i++) {
				expect(Math.abs(result.scores[i]! - whole.score[i]!)).toBeLessThan(
					1e-4 * Math.max(1, whole.score[i]!)
				);
			}
		} finally {
			worker.terminate();
		}

		// Spans: the runs of rows above the threshold, in time.
		const above = Array.from(result.scores, (s) => s > result.threshold);
		const runs: { startMs: number; endMs: number }[] = [];
		above.forEach((on, i) => {
			if (on && !above[i - 1]) runs.push({ startMs: frame.t[i]!, endMs: frame.t[i]! });
			else if (on) runs[runs.length - 1]!.endMs = frame.t[i]!;
		});
		expect(result.spans.map(({ startMs, endMs }) => ({ startMs, endMs }))).toEqual(runs);
		expect(runs.length).toBeGreaterThan(0);

		// Metrics equal core/metrics over the scored rows and the same labels.
		const actual = labels[0]!.subarray(9);
		const scores = result.scores.subarray(9);
		const predicted = Uint8Array.from(scores, (s) => (s > result.threshold ? 1 : 0));
		const counts = confusion(actual, predicted);
		const expectedRates = rates(counts);
		const metrics = result.metrics!;
		expect(metrics).toMatchObject({ labelColumn: 'anomaly', rows: ROWS - 9, ...counts });
		expect(metrics.precision).toBe(expectedRates.precision);
		expect(metrics.recall).toBe(expectedRates.recall);
		expect(metrics.f1).toBe(expectedRates.f1);
		expect(metrics.farPct).toBe(expectedRates.farPct);
		expect(metrics.marPct).toBe(expectedRates.marPct);
		expect(metrics.rocAuc).toBe(rocCurve(actual, scores).auc);
		expect(metrics.prAuc).toBe(precisionRecallCurve(actual, scores).auc);
		expect(Number.isFinite(metrics.changepointScore)).toBe(true);

		// Stored: a fresh reader sees the same result.
		const reopened = new BatchScoring(datasetId, { db });
		await reopened.load();
		expect(reopened.result?.versionId).toBe(trained.versionId);
		expect(Array.from(reopened.result!.scores)).toEqual(Array.from(result.scores));
		expect(reopened.result!.metrics).toEqual(metrics);

		// Cancelled: the worker stops and nothing is stored (the older result stays as it was).
		const storedAt = (await latestBatchScores(db, datasetId))!.createdAt;
		// One row per engine call: 1,200 calls, so the cancel lands mid-scoring.
		const cancelled = scoring.start(trained.versionId, { blockRows: 1 });
		await expect.poll(() => scoring.phase, { timeout: 60_000, interval: 5 }).toBe('scoring');
		expect(scoring.rowsDone).toBeLessThan(ROWS);
		scoring.cancel();
		await cancelled;
		expect(scoring.phase).toBe('cancelled');
		expect(scoring.error).toBeUndefined();
		expect((await latestBatchScores(db, datasetId))!.createdAt).toBe(storedAt);
		scoring.stop();
	}, 240_000);
});
