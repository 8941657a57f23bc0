import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { afterEach, describe, expect, it } from 'vitest';
import { VigilDb } from './db';
import {
	deleteModelVersion,
	modelDetail,
	modelSummaries,
	moveAlias,
	removeAlias,
	renameModel,
	setVersionNotes,
	versionDetail
} from './model-queries';
import { sampleLossHistory, sampleVersion } from './model-test-fixtures';
import { addModelVersion, createModel, listModelVersions } from './models';
import { appendLoss, endTrainingRun, startTrainingRun } from './training-runs';
import type { DatasetRow } from './schema';
import { dbWeightsHandler } from './weights-handler';

const opened: VigilDb[] = [];
let counter = 0;
function freshDb(): VigilDb {
	const db = new VigilDb(`model-queries-${counter++}-${Date.now()}`, { indexedDB, IDBKeyRange });
	opened.push(db);
	return db;
}
afterEach(async () => {
	for (const db of opened.splice(0)) await db.delete();
});

/** Saves `bytes` of weights under `key` through the real tf.io handler; returns what it counts. */
async function saveWeights(db: VigilDb, key: string, bytes: number): Promise<number> {
	const topology = { class_name: 'Sequential', config: { layers: [] } };
	await dbWeightsHandler(db, key).save({
		modelTopology: topology,
		weightData: new ArrayBuffer(bytes)
	});
	return bytes + JSON.stringify(topology).length;
}

/** A stored, empty dataset row (lineage only reads its name and hash). */
function datasetRow(name: string): Omit<DatasetRow, 'id'> {
	return {
		name,
		status: 'ready',
		channels: [],
		labelColumns: [],
		sampleRateHz: 1,
		rowCount: 0,
		chunkCount: 0,
		startMs: null,
		endMs: null,
		source: `${name}.csv`,
		sha256: '',
		sizeBytes: 0,
		notes: '',
		parentId: null,
		createdAt: 1,
		updatedAt: 1
	};
}

/** A version as the Train page will save it: weights, then the version, then its finished run. */
async function trainedVersion(db: VigilDb, modelId: number, key: string, epochs: number) {
	const bytes = await saveWeights(db, key, 4096);
	const run = await startTrainingRun(db, { modelId, datasetId: null, backend: 'wasm' });
	for (const entry of sampleLossHistory(epochs)) await appendLoss(db, run, entry);
	const version = await addModelVersion(db, modelId, sampleVersion({ artifactKey: key }));
	await endTrainingRun(db, run, { status: 'done', modelVersionId: version.id });
	return { version, bytes, run };
}

describe('model queries', () => {
	it('summarises each model: versions, latest, aliases by version, size of its weights', async () => {
		const db = freshDb();
		const pump = await createModel(db, 'Pump A');
		const empty = await createModel(db, 'Valve');
		const v1 = await trainedVersion(db, pump, 'pump/1', 5);
		const v2 = await trainedVersion(db, pump, 'pump/2', 8);
		await moveAlias(db, v2.version.id, 'champion');
		await moveAlias(db, v1.version.id, 'challenger');
		await moveAlias(db, v2.version.id, 'blue');

		const summaries = await modelSummaries(db);
		expect(summaries.map((s) => s.model.name)).toEqual(['Pump A', 'Valve']);
		const [a, b] = summaries;
		expect(a).toMatchObject({
			versionCount: 2,
			latest: { version: 2, createdAt: v2.version.createdAt },
			aliases: [
				{ alias: 'challenger', version: 1 },
				{ alias: 'blue', version: 2 },
				{ alias: 'champion', version: 2 }
			],
			totalBytes: v1.bytes + v2.bytes
		});
		expect(b).toMatchObject({ versionCount: 0, latest: null, aliases: [], totalBytes: 0 });
		expect(b!.model.id).toBe(empty);
	});

	it('gives the best validation loss of the run that made each version, else its metrics', async () => {
		const db = freshDb();
		const model = await createModel(db, 'Pump A');
		const { version } = await trainedVersion(db, model, 'k1', 6);
		const best = Math.min(...sampleLossHistory(6).map((e) => e.valLoss!));
		const untracked = await addModelVersion(
			db,
			model,
			sampleVersion({ artifactKey: 'gone', metrics: { valLoss: 0.42 } })
		);
		const fromEngine = await addModelVersion(
			db,
			model,
			sampleVersion({
				engineData: { training: { history: { loss: [1, 1], valLoss: [0.5, 0.3] } } }
			})
		);
		const detail = await modelDetail(db, model);
		expect(detail?.versions.map((v) => [v.row.id, v.valLoss])).toEqual([
			[version.id, best],
			[untracked.id, 0.42],
			[fromEngine.id, 0.3]
		]);
		// Its artifacts row is missing: it takes nothing, it does not fail.
		expect(detail?.versions[1]!.bytes).toBe(0);
		expect(await modelDetail(db, 999)).toBeNull();
		// From a URL like /models/abc: no query with an invalid key.
		expect(await modelDetail(db, NaN)).toBeNull();
		expect(await versionDetail(db, model, NaN)).toBeNull();
	});

	it('reads a version with its run and its training dataset as it is now', async () => {
		const db = freshDb();
		const datasetId = await db.datasets.add({
			...datasetRow('pump normal run'),
			sha256: 'ff'.repeat(32)
		});
		const model = await createModel(db, 'Pump A');
		const key = 'k';
		await saveWeights(db, key, 64);
		const version = await addModelVersion(
			db,
			model,
			sampleVersion({ artifactKey: key, trainingDatasetId: datasetId })
		);
		const run = await startTrainingRun(db, { modelId: model, datasetId, backend: 'wasm' });
		await appendLoss(db, run, { epoch: 0, loss: 0.9, valLoss: 1 });
		await endTrainingRun(db, run, { status: 'done', modelVersionId: version.id });

		const detail = await versionDetail(db, model, 1);
		expect(detail?.lineage).toEqual([
			{
				datasetId,
				nameThen: null,
				sha256Then: sampleVersion().trainingDatasetSha256,
				ranges: sampleVersion().trainingSegments,
				rows: null,
				now: { id: datasetId, name: 'pump normal run', sha256: 'ff'.repeat(32) }
			}
		]);
		expect(detail?.run?.lossHistory).toEqual([{ epoch: 0, loss: 0.9, valLoss: 1 }]);
		expect(detail?.version.row.id).toBe(version.id);
		expect(detail?.version.bytes).toBeGreaterThan(64);
		expect(await versionDetail(db, model, 2)).toBeNull();

		await db.datasets.delete(datasetId);
		expect((await versionDetail(db, model, 1))?.lineage[0]!.now).toBeNull();
	});

	it('reads the lineage of several datasets the Train page records, skipping entries it cannot read', async () => {
		const db = freshDb();
		const kept = await db.datasets.add({ ...datasetRow('pump A'), sha256: 'aa'.repeat(32) });
		const model = await createModel(db, 'Pump A');
		const range = { startMs: 1000, endMs: 2000, kind: 'normal' as const, segmentIds: [4] };
		await addModelVersion(
			db,
			model,
			sampleVersion({
				trainingDatasetId: kept,
				engineData: {
					lineage: {
						datasets: [
							{
								datasetId: kept,
								name: 'pump A (old name)',
								sha256: 'aa'.repeat(32),
								sampleRateHz: 1,
								ranges: [range],
								rows: 1001
							},
							{
								datasetId: 77,
								name: 'pump B',
								sha256: 'bb'.repeat(32),
								sampleRateHz: 1,
								ranges: [],
								rows: 5
							},
							{ name: 'no id' }
						],
						rows: 1006,
						usedRows: 1006,
						parts: 2
					}
				}
			})
		);
		const lineage = (await versionDetail(db, model, 1))?.lineage;
		expect(lineage).toEqual([
			{
				datasetId: kept,
				nameThen: 'pump A (old name)',
				sha256Then: 'aa'.repeat(32),
				ranges: [{ startMs: 1000, endMs: 2000, kind: 'normal' }],
				rows: 1001,
				now: { id: kept, name: 'pump A', sha256: 'aa'.repeat(32) }
			},
			{
				datasetId: 77,
				nameThen: 'pump B',
				sha256Then: 'bb'.repeat(32),
				ranges: [],
				rows: 5,
				now: null
			}
		]);
	});

	it('moves an alias and says from which version; removes one; renames and notes', async () => {
		const db = freshDb();
		const model = await createModel(db, 'Pump A');
		const other = await createModel(db, 'Pump B');
		const v1 = await addModelVersion(db, model, sampleVersion());
		const v2 = await addModelVersion(db, model, sampleVersion());
		const b1 = await addModelVersion(db, other, sampleVersion());
		await moveAlias(db, b1.id, 'champion');
		expect(await moveAlias(db, v2.id, 'champion')).toEqual({ movedFrom: null });
		expect(await moveAlias(db, v2.id, 'champion')).toEqual({ movedFrom: null });
		expect(await moveAlias(db, v1.id, 'champion')).toEqual({ movedFrom: 2 });
		expect(await moveAlias(db, 12345, 'champion')).toBe('missing');
		expect((await listModelVersions(db, model)).map((v) => v.aliases)).toEqual([['champion'], []]);
		// Another model's champion is its own.
		expect((await listModelVersions(db, other))[0]!.aliases).toEqual(['champion']);

		await removeAlias(db, v1.id, 'champion');
		expect((await listModelVersions(db, model))[0]!.aliases).toEqual([]);

		await renameModel(db, model, 'Pump A (line 2)');
		await setVersionNotes(db, v2.id, 'Trained after the seal change.');
		const detail = await modelDetail(db, model);
		expect(detail?.model.name).toBe('Pump A (line 2)');
		expect(detail?.versions[1]!.row.notes).toBe('Trained after the seal change.');
	});

	it('deletes one version with its weights and run; other versions and their runs stay', async () => {
		const db = freshDb();
		const model = await createModel(db, 'Pump A');
		const v1 = await trainedVersion(db, model, 'pump/1', 3);
		const v2 = await trainedVersion(db, model, 'pump/2', 3);
		const failed = await startTrainingRun(db, { modelId: model, datasetId: null, backend: 'cpu' });
		await endTrainingRun(db, failed, { status: 'failed', error: 'diverged' });

		expect(await deleteModelVersion(db, v1.version.id)).toBe(true);
		expect(await deleteModelVersion(db, v1.version.id)).toBe(false);
		expect((await listModelVersions(db, model)).map((v) => v.version)).toEqual([2]);
		expect(await db.modelArtifacts.toCollection().primaryKeys()).toEqual(['pump/2']);
		expect((await db.trainingRuns.toArray()).map((r) => r.id).sort()).toEqual(
			[v2.run, failed].sort()
		);
		// The next version is not renumbered into the gap.
		expect((await addModelVersion(db, model, sampleVersion())).version).toBe(3);
	});

	it('keeps weights another version of the model still uses', async () => {
		const db = freshDb();
		const model = await createModel(db, 'Pump A');
		await saveWeights(db, 'shared', 16);
		const v1 = await addModelVersion(db, model, sampleVersion({ artifactKey: 'shared' }));
		await addModelVersion(db, model, sampleVersion({ artifactKey: 'shared' }));
		await deleteModelVersion(db, v1.id);
		expect(await db.modelArtifacts.count()).toBe(1);
	});
});
