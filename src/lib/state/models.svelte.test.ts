/**
 * The Models store against real IndexedDB in Chromium (liveQuery needs it): lists follow
 * writes, aliases move and say from where, and deleting a version or model in live use is
 * refused with the reason until the use ends.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { VigilDb } from '../db/db';
import { sampleLossHistory, sampleVersion } from '../db/model-test-fixtures';
import { addModelVersion, createModel, listModelVersions } from '../db/models';
import { appendLoss, endTrainingRun, startTrainingRun } from '../db/training-runs';
import { aliasProblem, Models } from './models.svelte';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
	for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

let counter = 0;
async function setup() {
	const db = new VigilDb(`models-state-${counter++}-${Date.now()}`);
	cleanups.push(() => db.delete());
	const store = new Models(db);
	const modelId = await createModel(db, 'Pump A');
	const v1 = await addModelVersion(db, modelId, sampleVersion());
	const v2 = await addModelVersion(db, modelId, sampleVersion());
	return { db, store, modelId, v1, v2 };
}

describe('Models store (Chromium, real IndexedDB)', () => {
	it('keeps the list, a model and a version current while watched', async () => {
		const { db, store, modelId, v2 } = await setup();
		cleanups.push(store.watch());
		await expect.poll(() => store.list.map((m) => m.versionCount)).toEqual([2]);
		const model = store.model(modelId);
		cleanups.push(model.watch());
		const version = store.version(modelId, 2);
		cleanups.push(version.watch());
		await expect.poll(() => model.value?.versions.length).toBe(2);

		const run = await startTrainingRun(db, { modelId, datasetId: null, backend: 'wasm' });
		for (const entry of sampleLossHistory(4)) await appendLoss(db, run, entry);
		await endTrainingRun(db, run, { status: 'done', modelVersionId: v2.id });
		await expect.poll(() => version.value?.run?.lossHistory.length).toBe(4);

		await addModelVersion(db, modelId, sampleVersion());
		await expect.poll(() => store.list[0]?.latest?.version).toBe(3);
		await expect.poll(() => model.value?.versions.length).toBe(3);

		const missing = store.version(modelId, 99);
		cleanups.push(missing.watch());
		await expect.poll(() => missing.value).toBeNull();
	});

	it('moves an alias, saying from which version, and refuses names that cannot be aliases', async () => {
		const { db, store, modelId, v1, v2 } = await setup();
		expect(await store.setAlias(v2.id, ' champion ')).toEqual({ ok: true, movedFrom: null });
		expect(await store.setAlias(v1.id, 'champion')).toEqual({ ok: true, movedFrom: 2 });
		expect(await store.setAlias(v1.id, 'blue green')).toEqual({
			ok: false,
			reason: aliasProblem('blue green')
		});
		expect(aliasProblem('blue green')).toMatch(/“blue green” cannot be an alias/);
		expect(await store.setAlias(v1.id, '   ')).toMatchObject({ ok: false });
		expect((await listModelVersions(db, modelId)).map((v) => v.aliases)).toEqual([
			['champion'],
			[]
		]);
		expect(await store.rename(modelId, '  ')).toBe('A model needs a name.');
		expect(await store.rename(modelId, ' Pump A, line 2 ')).toBeUndefined();
		expect((await db.models.get(modelId))?.name).toBe('Pump A, line 2');
	});

	it('refuses to delete a version or its model while it is in live use, with the reason', async () => {
		const { db, store, modelId, v1, v2 } = await setup();
		const endLive = store.registerLiveUse(v2.id, 'Live detection on Simulator');
		const endBatch = store.registerLiveUse(v2.id, 'Batch scoring of pump.csv');
		expect(store.inUse(v2.id)).toBe('Live detection on Simulator; Batch scoring of pump.csv');
		expect(store.inUse(v1.id)).toBeUndefined();

		const refusal =
			'Version 2 is in live use (Live detection on Simulator; Batch scoring of pump.csv): stop that first.';
		expect(await store.deleteVersion(v2)).toBe(refusal);
		expect(await store.deleteModel(modelId)).toBe(refusal);
		expect(await db.modelVersions.count()).toBe(2);

		endLive();
		expect(await store.deleteVersion(v2)).toBe(
			'Version 2 is in live use (Batch scoring of pump.csv): stop that first.'
		);
		endBatch();
		endBatch(); // ending twice is harmless
		expect(store.inUse(v2.id)).toBeUndefined();

		// v1 was never in use: it goes at once.
		expect(await store.deleteVersion(v1)).toBeUndefined();
		expect(await store.deleteModel(modelId)).toBeUndefined();
		expect(await db.models.count()).toBe(0);
		expect(await db.modelVersions.count()).toBe(0);
	});

	it('saves notes trimmed', async () => {
		const { db, store, v1 } = await setup();
		expect(await store.setNotes(v1.id, '  After the seal change.\n')).toBeUndefined();
		expect((await db.modelVersions.get(v1.id))?.notes).toBe('After the seal change.');
	});
});
