import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { afterEach, describe, expect, it } from 'vitest';
import { VigilDb } from './db';
import {
	addModelVersion,
	createModel,
	deleteModel,
	findVersionByAlias,
	listModelVersions,
	setAlias
} from './models';
import type { NewModelVersion } from './models';
import { appendLoss, endTrainingRun, getTrainingRun, startTrainingRun } from './training-runs';
import { artifactInfo, dbWeightsHandler, ModelArtifactError } from './weights-handler';
import type { WeightSpecLike } from './weights-handler';

const opened: VigilDb[] = [];
let counter = 0;
function freshDb(): VigilDb {
	const db = new VigilDb(`models-test-${counter++}-${Date.now()}`, { indexedDB, IDBKeyRange });
	opened.push(db);
	return db;
}
afterEach(async () => {
	for (const db of opened.splice(0)) await db.delete();
});

function version(artifactKey: string): NewModelVersion {
	return {
		preset: 'dense-ae',
		config: { windowSize: 32 },
		backend: 'cpu',
		trainingDurationMs: 1200,
		trainingDatasetId: 1,
		trainingDatasetSha256: 'ab'.repeat(32),
		trainingSegments: [{ startMs: 0, endMs: 1000, kind: 'normal' }],
		metrics: { f1: 0.5 },
		threshold: 0.3,
		scaler: { mean: [0], std: [1] },
		engineData: {},
		appVersion: '0.1.0',
		artifactKey,
		artifactsSha256: '',
		aliases: [],
		notes: ''
	};
}

describe('model store', () => {
	it('numbers versions 1, 2, 3 per model, independently', async () => {
		const db = freshDb();
		const a = await createModel(db, 'pump A');
		const b = await createModel(db, 'pump B');
		await addModelVersion(db, a, version('a1'));
		await addModelVersion(db, b, version('b1'));
		const a2 = await addModelVersion(db, a, version('a2'));
		expect(a2.version).toBe(2);
		expect((await listModelVersions(db, a)).map((v) => v.version)).toEqual([1, 2]);
		expect((await listModelVersions(db, b)).map((v) => v.version)).toEqual([1]);
	});

	it('never gives a deleted newest version number again (old links must not move)', async () => {
		const db = freshDb();
		const a = await createModel(db, 'pump A');
		await addModelVersion(db, a, version('a1'));
		const a2 = await addModelVersion(db, a, version('a2'));
		await db.modelVersions.delete(a2.id);
		expect((await addModelVersion(db, a, version('a3'))).version).toBe(3);
		// A model stored before lastVersion existed numbers from its highest version.
		await db.models.update(a, { lastVersion: undefined });
		expect((await addModelVersion(db, a, version('a4'))).version).toBe(4);
	});

	it('moves an alias to the version it is given, within one model', async () => {
		const db = freshDb();
		const a = await createModel(db, 'pump A');
		const b = await createModel(db, 'pump B');
		const v1 = await addModelVersion(db, a, version('a1'));
		const v2 = await addModelVersion(db, a, version('a2'));
		const other = await addModelVersion(db, b, version('b1'));
		await setAlias(db, v1.id, 'production');
		await setAlias(db, other.id, 'production');
		await setAlias(db, v2.id, 'production');
		expect((await findVersionByAlias(db, a, 'production'))?.id).toBe(v2.id);
		expect((await findVersionByAlias(db, b, 'production'))?.id).toBe(other.id);
		expect((await listModelVersions(db, a)).map((v) => v.aliases)).toEqual([[], ['production']]);
		expect(await findVersionByAlias(db, a, 'candidate')).toBeNull();
	});

	it('keeps training runs with their loss history', async () => {
		const db = freshDb();
		const model = await createModel(db, 'pump');
		const run = await startTrainingRun(db, { modelId: model, datasetId: null, backend: 'cpu' });
		await appendLoss(db, run, { epoch: 0, loss: 1, valLoss: null });
		await appendLoss(db, run, { epoch: 1, loss: 0.5, valLoss: 0.6 });
		await endTrainingRun(db, run, { status: 'done', modelVersionId: 7 });
		const row = await getTrainingRun(db, run);
		expect(row?.lossHistory.map((e) => e.loss)).toEqual([1, 0.5]);
		expect(row).toMatchObject({ status: 'done', modelVersionId: 7, error: null });
		expect(row?.endedAt).toBeGreaterThan(0);
	});

	it('deletes a model with its versions, weights and runs', async () => {
		const db = freshDb();
		const model = await createModel(db, 'pump');
		await dbWeightsHandler(db, 'm1').save({ weightData: new ArrayBuffer(8), weightSpecs: [] });
		await addModelVersion(db, model, version('m1'));
		await startTrainingRun(db, { modelId: model, datasetId: null, backend: 'cpu' });
		await deleteModel(db, model);
		const counts = await Promise.all(
			[db.models, db.modelVersions, db.modelArtifacts, db.trainingRuns].map((t) => t.count())
		);
		expect(counts).toEqual([0, 0, 0, 0]);
	});
});

describe('dbWeightsHandler (tf.io handler)', () => {
	const topology = { class_name: 'Sequential', config: { layers: [] } };
	const specs: WeightSpecLike[] = [
		{ name: 'dense/kernel', shape: [2, 2], dtype: 'float32' },
		{ name: 'dense/bias', shape: [2], dtype: 'float32' }
	];

	it('saves sharded weights and loads them back concatenated, with every field', async () => {
		const db = freshDb();
		const handler = dbWeightsHandler(db, 'model-1/v1');
		const kernel = Float32Array.from([1, 2, 3, 4]);
		const bias = Float32Array.from([5, 6]);
		const result = await handler.save({
			modelTopology: topology,
			weightSpecs: specs,
			weightData: [kernel.buffer, bias.buffer],
			format: 'layers-model',
			generatedBy: 'TensorFlow.js tfjs-layers v4.22.0',
			convertedBy: null,
			trainingConfig: { loss: 'meanSquaredError', optimizer_config: { class_name: 'Adam' } },
			userDefinedMetadata: { threshold: 0.3 }
		});
		expect(result.modelArtifactsInfo).toMatchObject({
			modelTopologyType: 'JSON',
			weightDataBytes: 24,
			modelTopologyBytes: JSON.stringify(topology).length
		});
		const info = await artifactInfo(db, 'model-1/v1');
		expect(info).toEqual({
			weightsSha256: expect.stringMatching(/^[0-9a-f]{64}$/),
			weightBytes: 24
		});
		expect(await artifactInfo(db, 'other')).toBeNull();
		const loaded = await dbWeightsHandler(db, 'model-1/v1').load();
		expect(loaded.modelTopology).toEqual(topology);
		expect(loaded.weightSpecs).toEqual(specs);
		expect(Array.from(new Float32Array(loaded.weightData as ArrayBuffer))).toEqual([
			1, 2, 3, 4, 5, 6
		]);
		expect(loaded).toMatchObject({
			format: 'layers-model',
			convertedBy: null,
			trainingConfig: { loss: 'meanSquaredError', optimizer_config: { class_name: 'Adam' } },
			userDefinedMetadata: { threshold: 0.3 }
		});
	});

	it('refuses to load a missing model or weights that fail their hash', async () => {
		const db = freshDb();
		await expect(dbWeightsHandler(db, 'nothing').load()).rejects.toThrow(ModelArtifactError);
		await dbWeightsHandler(db, 'k').save({ weightData: Float32Array.from([1]).buffer });
		const row = (await db.modelArtifacts.get('k'))!;
		await db.modelArtifacts.put({ ...row, weightData: Float32Array.from([2]).buffer });
		await expect(dbWeightsHandler(db, 'k').load()).rejects.toThrow(/do not match their SHA-256/);
	});
});
