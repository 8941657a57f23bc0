import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { afterEach, describe, expect, it } from 'vitest';
import { VigilDb } from './db';
import { addSegment } from './segments';
import {
	mergeRanges,
	readTrainingData,
	saveTrainedVersion,
	type TrainedVersion
} from './training-data';
import { FIXTURE_START_MS as T0, storeSineDataset } from './training-test-fixtures';
import { dbWeightsHandler } from './weights-handler';

const opened: VigilDb[] = [];
let counter = 0;
function freshDb(): VigilDb {
	const db = new VigilDb(`training-data-test-${counter++}-${Date.now()}`, {
		indexedDB,
		IDBKeyRange
	});
	opened.push(db);
	return db;
}
afterEach(async () => {
	for (const db of opened.splice(0)) await db.delete();
});

const s = (seconds: number) => T0 + seconds * 1000;

describe('readTrainingData', () => {
	it('reads the chosen normal segments of each dataset, channels by name, overlaps once', async () => {
		const db = freshDb();
		const a = await storeSineDataset(db, { name: 'A', rows: 1200, channels: ['x', 'y', 'z'] });
		// Same channels in another order: matched by name.
		const b = await storeSineDataset(db, { name: 'B', rows: 300, channels: ['z', 'x', 'y'] });
		const a1 = await addSegment(db, a.id, { startMs: s(100), endMs: s(199) }, 'normal');
		const a2 = await addSegment(db, a.id, { startMs: s(150), endMs: s(249) }, 'normal');
		const a3 = await addSegment(db, a.id, { startMs: s(1000), endMs: s(1099) }, 'normal');
		const b1 = await addSegment(db, b.id, { startMs: s(0), endMs: s(49) }, 'normal');
		const read = await readTrainingData(db, {
			datasetIds: [a.id, b.id],
			rows: { kind: 'segments', segmentIds: [a3, a1, a2, b1] },
			channels: ['y', 'z']
		});
		if (!read.ok) throw new Error(read.error);
		// A: 100–249 s merged (150 rows) and 1000–1099 s (100 rows); B: 0–49 s (50 rows).
		expect(read.blocks.map((b) => [b.datasetId, b.t.length])).toEqual([
			[a.id, 150],
			[a.id, 100],
			[b.id, 50]
		]);
		expect(read.blocks[0]!.t[0]).toBe(s(100));
		const [aRows, bRows] = [
			await db.chunks.where('datasetId').equals(a.id).first(),
			await db.chunks.where('datasetId').equals(b.id).first()
		];
		// A's y is its channel 1 at row 100; B's y is its channel 2 at row 0.
		expect(read.blocks[0]!.channels[0]![0]).toBe(aRows!.channels[1]![100]);
		expect(read.blocks[2]!.channels[0]![0]).toBe(bRows!.channels[2]![0]);
		expect(read.lineage).toEqual([
			{
				datasetId: a.id,
				name: 'A',
				sha256: a.sha256,
				sampleRateHz: 1,
				ranges: [
					{ startMs: s(100), endMs: s(249), kind: 'normal', segmentIds: [a1, a2] },
					{ startMs: s(1000), endMs: s(1099), kind: 'normal', segmentIds: [a3] }
				],
				rows: 250
			},
			{
				datasetId: b.id,
				name: 'B',
				sha256: b.sha256,
				sampleRateHz: 1,
				ranges: [{ startMs: s(0), endMs: s(49), kind: 'normal', segmentIds: [b1] }],
				rows: 50
			}
		]);
	});

	it('reads a time range from every dataset', async () => {
		const db = freshDb();
		const a = await storeSineDataset(db, { name: 'A', rows: 600, channels: ['x'] });
		const read = await readTrainingData(db, {
			datasetIds: [a.id],
			rows: { kind: 'range', fromMs: s(10), toMs: s(19) },
			channels: ['x']
		});
		if (!read.ok) throw new Error(read.error);
		expect(Array.from(read.blocks[0]!.t)).toEqual(Array.from({ length: 10 }, (_, i) => s(10 + i)));
	});

	it('refuses a choice that does not fit what is stored, saying what and where', async () => {
		const db = freshDb();
		const a = await storeSineDataset(db, { name: 'Pump A', rows: 100, channels: ['x', 'y'] });
		const b = await storeSineDataset(db, { name: 'Pump B', rows: 100, channels: ['x'] });
		const anomaly = await addSegment(db, a.id, { startMs: s(0), endMs: s(9) }, 'anomaly');
		const normal = await addSegment(db, a.id, { startMs: s(0), endMs: s(9) }, 'normal');
		const errorOf = async (selection: Parameters<typeof readTrainingData>[1]) => {
			const read = await readTrainingData(db, selection);
			return read.ok ? 'ok' : read.error;
		};
		const segments = (segmentIds: number[]) => ({ kind: 'segments' as const, segmentIds });
		expect(
			await errorOf({ datasetIds: [a.id, b.id], rows: segments([normal]), channels: ['x', 'y'] })
		).toBe('Dataset “Pump B” has no channel y (it has x).');
		expect(await errorOf({ datasetIds: [a.id], rows: segments([anomaly]), channels: ['x'] })).toBe(
			`Segment ${anomaly} is marked anomaly, not normal.`
		);
		expect(await errorOf({ datasetIds: [b.id], rows: segments([normal]), channels: ['x'] })).toBe(
			`Segment ${normal} belongs to dataset ${a.id}, which is not chosen.`
		);
		expect(
			await errorOf({ datasetIds: [a.id, b.id], rows: segments([normal]), channels: ['x'] })
		).toBe('No normal segment of “Pump B” is chosen: choose one or leave the dataset out.');
		expect(
			await errorOf({
				datasetIds: [a.id],
				rows: { kind: 'range', fromMs: s(500), toMs: s(600) },
				channels: ['x']
			})
		).toBe('Dataset “Pump A” has no rows in the chosen time.');
		expect(await errorOf({ datasetIds: [999], rows: segments([normal]), channels: ['x'] })).toBe(
			'Dataset 999 is not stored (deleted meanwhile?).'
		);
		expect(await errorOf({ datasetIds: [a.id], rows: segments([]), channels: ['x'] })).toBe(
			'Choose at least one segment.'
		);
	});

	it('merges overlapping and touching ranges only', () => {
		const r = (startMs: number, endMs: number, id: number) => ({
			startMs,
			endMs,
			kind: 'normal' as const,
			segmentIds: [id]
		});
		expect(mergeRanges([r(20, 30, 1), r(0, 10, 2), r(10, 15, 3), r(16, 18, 4)])).toEqual([
			{ startMs: 0, endMs: 15, kind: 'normal', segmentIds: [2, 3] },
			r(16, 18, 4),
			r(20, 30, 1)
		]);
	});
});

function trained(model: TrainedVersion['model']): TrainedVersion {
	const weightData = Float32Array.from([1, 2, 3, 4]).buffer;
	return {
		model,
		version: {
			preset: 'default',
			config: { windowLength: 5 },
			backend: 'cpu',
			trainingDurationMs: 1234,
			trainingDatasetId: 1,
			trainingDatasetSha256: 'ab'.repeat(32),
			trainingSegments: [{ startMs: 0, endMs: 10, kind: 'normal' }],
			metrics: { bestValLoss: 0.2, epochs: 2 },
			threshold: 1.5,
			scaler: { mean: [0], std: [1] },
			engineData: { channelNames: ['x'] },
			appVersion: 'test',
			notes: 'first try'
		},
		artifacts: {
			modelTopology: { class_name: 'Sequential' },
			weightSpecs: [{ name: 'w', shape: [4], dtype: 'float32' }],
			weightData
		},
		run: {
			datasetId: 1,
			backend: 'cpu',
			lossHistory: [
				{ epoch: 0, loss: 0.5, valLoss: 0.4 },
				{ epoch: 1, loss: 0.3, valLoss: 0.2 }
			],
			startedAt: 1000
		}
	};
}

describe('saveTrainedVersion', () => {
	it('saves model, numbered version, weights the handler loads and the run, all at once', async () => {
		const db = freshDb();
		const first = await saveTrainedVersion(db, trained({ kind: 'new', name: '  Pump model ' }));
		if (!first.ok) throw new Error(first.error);
		expect(first.version).toBe(1);
		expect(await db.models.get(first.modelId)).toMatchObject({ name: 'Pump model' });
		const second = await saveTrainedVersion(
			db,
			trained({ kind: 'existing', modelId: first.modelId })
		);
		if (!second.ok) throw new Error(second.error);
		expect(second).toMatchObject({ modelId: first.modelId, version: 2 });

		const row = (await db.modelVersions.get(second.versionId))!;
		expect(row).toMatchObject({ notes: 'first try', threshold: 1.5, aliases: [] });
		expect(row.artifactsSha256).toMatch(/^[0-9a-f]{64}$/);
		const loaded = await dbWeightsHandler(db, row.artifactKey).load();
		expect(Array.from(new Float32Array(loaded.weightData as ArrayBuffer))).toEqual([1, 2, 3, 4]);
		expect(loaded.modelTopology).toEqual({ class_name: 'Sequential' });
		expect(await db.trainingRuns.get(second.runId)).toMatchObject({
			modelId: first.modelId,
			modelVersionId: second.versionId,
			status: 'done',
			lossHistory: trained({ kind: 'new', name: 'x' }).run.lossHistory
		});
	});

	it('a refused save writes nothing: no model, version, weights or run', async () => {
		const db = freshDb();
		expect(await saveTrainedVersion(db, trained({ kind: 'existing', modelId: 42 }))).toEqual({
			ok: false,
			kind: 'refused',
			error: 'Model 42 no longer exists.'
		});
		expect(await saveTrainedVersion(db, trained({ kind: 'new', name: '  ' }))).toEqual({
			ok: false,
			kind: 'refused',
			error: 'A new model needs a name.'
		});
		// A write that fails after the new model row was added rolls that row back too.
		const unstorable = trained({ kind: 'new', name: 'Doomed' });
		unstorable.artifacts.modelTopology = { build: () => 0 };
		await expect(saveTrainedVersion(db, unstorable)).rejects.toMatchObject({
			name: 'DataCloneError'
		});
		const counts = await Promise.all(
			[db.models, db.modelVersions, db.modelArtifacts, db.trainingRuns].map((t) => t.count())
		);
		expect(counts).toEqual([0, 0, 0, 0]);
	});
});
