/**
 * A small workspace with something in every table, for the backup tests in Node and Chromium.
 * Not imported by the app.
 */
import { beginDatasetImport, type ChunkInput } from './dataset-import';
import type { VigilDb } from './db';
import { logDiagnostic } from './diagnostics';
import { addModelVersion, createModel, type NewModelVersion } from './models';
import { addSegment } from './segments';
import { setSetting } from './settings';
import { appendLoss, endTrainingRun, startTrainingRun } from './training-runs';
import { dbWeightsHandler } from './weights-handler';

/** Rows `from..to-1` with NaN gaps in channel 0 every 97th row and labels every 3rd. */
function rows(from: number, to: number, channels: number, labels: number): ChunkInput {
	const n = to - from;
	return {
		frame: {
			t: Float64Array.from({ length: n }, (_, k) => 1.7e12 + 100 * (from + k)),
			channels: Array.from({ length: channels }, (_, c) =>
				Float32Array.from({ length: n }, (_, k) =>
					c === 0 && (from + k) % 97 === 0 ? NaN : Math.sin((from + k) / 10) + c
				)
			)
		},
		labels: Array.from({ length: labels }, () =>
			Uint8Array.from({ length: n }, (_, k) => ((from + k) % 3 === 0 ? 1 : 0))
		)
	};
}

async function dataset(
	db: VigilDb,
	name: string,
	chunkRows: number[],
	channels: number,
	labels: number,
	parentId: number | null = null
): Promise<number> {
	const started = await beginDatasetImport(db, {
		name,
		source: `file:${name}.csv`,
		channels: Array.from({ length: channels }, (_, c) => ({ name: `ch${c}`, unit: 'bar' })),
		labelColumns: Array.from({ length: labels }, (_, k) => `label${k}`),
		sampleRateHz: 10,
		parentId
	});
	if (!started.ok) throw new Error(started.error.message);
	let at = 0;
	for (const n of chunkRows) {
		const written = await started.value.writeChunk(rows(at, at + n, channels, labels));
		if (!written.ok) throw new Error(written.error.message);
		at += n;
	}
	const committed = await started.value.commit();
	if (!committed.ok) throw new Error(committed.error.message);
	return committed.value.id;
}

function modelVersion(artifactKey: string, trainingDatasetId: number): NewModelVersion {
	return {
		preset: 'lstm-ae',
		config: { windowSize: 30, units: [16, 8] },
		backend: 'wasm',
		trainingDurationMs: 1234,
		trainingDatasetId,
		trainingDatasetSha256: 'ab'.repeat(32),
		trainingSegments: [{ startMs: 1.7e12, endMs: 1.7e12 + 5000, kind: 'normal' }],
		// NaN and Infinity are what JSON alone would lose.
		metrics: { f1: 0.75, auc: NaN, far: Infinity },
		threshold: 0.42,
		scaler: { mean: Float32Array.of(1.5, -2), std: Float32Array.of(0.5, 3) },
		engineData: { channels: ['ch0', 'ch1'], at: new Date(1.7e12) },
		appVersion: '0.1.0',
		artifactKey,
		artifactsSha256: '',
		aliases: ['production'],
		notes: 'first'
	};
}

/** Builds the workspace; returns the ids the tests refer to. */
export async function buildWorkspace(db: VigilDb) {
	const pump = await dataset(db, 'pump', [1000, 1000, 37], 2, 1);
	const derived = await dataset(db, 'pump fixed', [300], 1, 0, pump);
	// An import in progress is not part of the workspace yet: backups leave it out.
	const unfinished = await beginDatasetImport(db, {
		name: 'half imported',
		source: 'file:half.csv',
		channels: [{ name: 'x', unit: '' }],
		labelColumns: [],
		sampleRateHz: null
	});
	if (!unfinished.ok) throw new Error(unfinished.error.message);
	await unfinished.value.writeChunk(rows(0, 10, 1, 0));
	await addSegment(db, pump, { startMs: 1.7e12, endMs: 1.7e12 + 5000 }, 'normal', 'warm-up');
	await addSegment(db, pump, { startMs: 1.7e12 + 9000, endMs: 1.7e12 + 9900 }, 'anomaly');
	const model = await createModel(db, 'pump model', 'LSTM');
	const weights = Float32Array.from({ length: 5000 }, (_, i) => Math.cos(i));
	for (const key of ['pump-model-v1', 'pump-model-v2']) {
		await dbWeightsHandler(db, key).save({
			modelTopology: { class_name: 'Sequential', config: { layers: [] } },
			weightSpecs: [{ name: 'dense/kernel', shape: [5000], dtype: 'float32' }],
			weightData: weights.slice().buffer,
			format: 'layers-model',
			generatedBy: 'test'
		});
		await addModelVersion(db, model, modelVersion(key, pump));
	}
	const run = await startTrainingRun(db, { modelId: model, datasetId: pump, backend: 'wasm' });
	await appendLoss(db, run, { epoch: 1, loss: 0.5, valLoss: null });
	await endTrainingRun(db, run, { status: 'done', modelVersionId: 1 });
	await setSetting(db, 'live-settings', { rateHz: 100, channels: 8 });
	await setSetting(db, 'backend-choice|train|30x8', { backend: 'webgpu' });
	await logDiagnostic(db, 'warn', 'something odd', 'detail');
	return { pump, derived, model, unfinished: unfinished.value.datasetId };
}

/** Collects written bytes in memory and hands them back as one Blob (as a file would be read). */
export function memorySink() {
	const pieces: Uint8Array[] = [];
	return {
		async write(bytes: Uint8Array) {
			pieces.push(bytes.slice());
		},
		blob: () => new Blob(pieces as BlobPart[], { type: 'application/zip' })
	};
}
