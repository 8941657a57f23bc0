import { Dexie } from 'dexie';
import type { VigilDb } from './db';
import { restoreModel, restoreModelVersion } from './restore';
import type { ModelRow, ModelVersionRow } from './schema';

/** Creates a model (a named series of versions) and returns its id. */
export async function createModel(db: VigilDb, name: string, notes = ''): Promise<number> {
	const now = Date.now();
	return db.models.add({ name, notes, createdAt: now, updatedAt: now, lastVersion: 0 });
}

export async function listModels(db: VigilDb): Promise<ModelRow[]> {
	return (await db.models.toArray()).map(restoreModel);
}

/** Everything a new version carries; its number and creation time are assigned here. */
export type NewModelVersion = Omit<ModelVersionRow, 'id' | 'modelId' | 'version' | 'createdAt'>;

/**
 * Adds the next version of `modelId`: one more than the highest number it ever had (1 for the
 * first; a deleted newest version's number is not given again), inside one transaction so two
 * saves cannot take the same number.
 */
export async function addModelVersion(
	db: VigilDb,
	modelId: number,
	fields: NewModelVersion
): Promise<ModelVersionRow> {
	return db.transaction('rw', db.modelVersions, db.models, async () => {
		const row = {
			...fields,
			modelId,
			version: await nextVersionNumber(db, modelId),
			createdAt: Date.now()
		};
		const id = await db.modelVersions.add(row);
		await db.models.update(modelId, { updatedAt: row.createdAt, lastVersion: row.version });
		return restoreModelVersion({ ...row, id });
	});
}

/**
 * The number the next version of `modelId` gets: one more than the highest it ever had. Call it
 * inside a read-write transaction over `models` and `modelVersions`, and store the number as the
 * model's `lastVersion` in the same transaction.
 */
export async function nextVersionNumber(db: VigilDb, modelId: number): Promise<number> {
	const last = await db.modelVersions
		.where('[modelId+version]')
		.between([modelId, Dexie.minKey], [modelId, Dexie.maxKey])
		.last();
	// Models written before `lastVersion` existed have none: their highest version stands in.
	const model = await db.models.get(modelId);
	return Math.max(model?.lastVersion ?? 0, last?.version ?? 0) + 1;
}

/** Versions of a model, oldest first. */
export async function listModelVersions(db: VigilDb, modelId: number): Promise<ModelVersionRow[]> {
	const rows = await db.modelVersions
		.where('[modelId+version]')
		.between([modelId, Dexie.minKey], [modelId, Dexie.maxKey])
		.toArray();
	return rows.map(restoreModelVersion);
}

/** Gives `alias` (e.g. `production`) to one version, taking it from any other of the same model. */
export async function setAlias(db: VigilDb, versionId: number, alias: string): Promise<void> {
	await db.transaction('rw', db.modelVersions, async () => {
		const target = await db.modelVersions.get(versionId);
		if (!target) return;
		const holders = await db.modelVersions.where('aliases').equals(alias).toArray();
		for (const holder of holders) {
			if (holder.modelId !== target.modelId || holder.id === versionId) continue;
			await db.modelVersions.update(holder.id, {
				aliases: holder.aliases.filter((a) => a !== alias)
			});
		}
		if (!target.aliases.includes(alias)) {
			await db.modelVersions.update(versionId, { aliases: [...target.aliases, alias] });
		}
	});
}

/** The version of `modelId` holding `alias`, or null. */
export async function findVersionByAlias(
	db: VigilDb,
	modelId: number,
	alias: string
): Promise<ModelVersionRow | null> {
	const rows = await db.modelVersions.where('aliases').equals(alias).toArray();
	const row = rows.find((r) => r.modelId === modelId);
	return row ? restoreModelVersion(row) : null;
}

/** Deletes a model with its versions, their stored weights and its training runs. */
export async function deleteModel(db: VigilDb, modelId: number): Promise<void> {
	const tables = [db.models, db.modelVersions, db.modelArtifacts, db.trainingRuns];
	await db.transaction('rw', tables, async () => {
		const versions = await db.modelVersions.where('modelId').equals(modelId).toArray();
		await db.modelArtifacts.bulkDelete(versions.map((v) => v.artifactKey));
		await db.modelVersions.where('modelId').equals(modelId).delete();
		await db.trainingRuns.where('modelId').equals(modelId).delete();
		await db.models.delete(modelId);
	});
}
