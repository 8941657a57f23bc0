import { Dexie } from 'dexie';
import type { VigilDb } from './db';
import { setAlias } from './models';
import { restoreDataset, restoreModel, restoreModelVersion, restoreTrainingRun } from './restore';
import type {
	ModelArtifactRow,
	ModelRow,
	ModelVersionRow,
	SegmentKind,
	TrainingRunRow
} from './schema';

/** One row of the Models list. */
export interface ModelSummary {
	model: ModelRow;
	versionCount: number;
	/** The highest version, or null while the model has none. */
	latest: { version: number; createdAt: number } | null;
	/** Every alias of the model with the version holding it, by version then name. */
	aliases: { alias: string; version: number }[];
	/** Weights plus topology JSON of all versions (as the Storage table counts them). */
	totalBytes: number;
}

/** A version with what its artifacts take. */
export interface VersionSummary {
	row: ModelVersionRow;
	/** Weights plus topology JSON; 0 when its artifacts row is missing. */
	bytes: number;
	/** The best (lowest) validation loss of the run that produced it, else as the version stores it. */
	valLoss: number | null;
}

/** A model's page: the model and its versions, oldest first. */
export interface ModelDetail {
	model: ModelRow;
	versions: VersionSummary[];
}

/** One dataset a version was trained on: as recorded at training, and as stored now. */
export interface LineageDataset {
	/** null when the version recorded no dataset id. */
	datasetId: number | null;
	/** The name at training time (null when only the id was recorded). */
	nameThen: string | null;
	/** Hex SHA-256 at training time; '' when not recorded. */
	sha256Then: string;
	/** The time ranges read from it (epoch ms). */
	ranges: { startMs: number; endMs: number; kind: SegmentKind }[];
	/** Rows read from it, when recorded. */
	rows: number | null;
	/** The dataset as stored now (not while importing), or null when it is gone. */
	now: { id: number; name: string; sha256: string } | null;
}

/** A version's page: the version, its model, training run and training datasets. */
export interface VersionDetail {
	model: ModelRow;
	version: VersionSummary;
	/** The run that produced it (the latest if several name it), with its loss per epoch. */
	run: TrainingRunRow | null;
	/** Every dataset it was trained on, in training order; empty when nothing was recorded. */
	lineage: LineageDataset[];
}

/**
 * Bytes of a stored model, counted as `storage-usage.ts` does (weights + topology JSON), so the
 * Models list and the Storage table agree.
 */
function artifactBytes(row: ModelArtifactRow): number {
	const topology =
		row.modelTopology instanceof ArrayBuffer
			? row.modelTopology.byteLength
			: JSON.stringify(row.modelTopology ?? null).length;
	return row.weightData.byteLength + topology;
}

/** Lowest finite validation loss of a run, or null when it has none. */
function bestValLoss(run: TrainingRunRow | undefined): number | null {
	let best: number | null = null;
	for (const { valLoss } of run?.lossHistory ?? []) {
		if (valLoss !== null && Number.isFinite(valLoss) && (best === null || valLoss < best))
			best = valLoss;
	}
	return best;
}

/**
 * Validation loss for versions whose run is gone (or was never recorded): from the metrics, else
 * the lowest of the engine's own copy of the history (`engineData.training.history.valLoss`).
 */
function storedValLoss(row: ModelVersionRow): number | null {
	for (const key of ['bestValLoss', 'valLoss', 'validationLoss']) {
		const value = row.metrics[key];
		if (typeof value === 'number' && Number.isFinite(value)) return value;
	}
	const training = row.engineData.training as { history?: { valLoss?: unknown } } | undefined;
	const losses = training?.history?.valLoss;
	if (!Array.isArray(losses)) return null;
	const finite = losses.filter((x): x is number => typeof x === 'number' && Number.isFinite(x));
	return finite.length > 0 ? Math.min(...finite) : null;
}

/** Runs of one model by the version they produced (the latest run wins). */
async function runsByVersion(db: VigilDb, modelId: number): Promise<Map<number, TrainingRunRow>> {
	const runs = (await db.trainingRuns.where('modelId').equals(modelId).sortBy('id')).map(
		restoreTrainingRun
	);
	return new Map(runs.flatMap((r) => (r.modelVersionId === null ? [] : [[r.modelVersionId, r]])));
}

async function bytesByKey(db: VigilDb, keys: string[]): Promise<Map<string, number>> {
	const rows = await db.modelArtifacts.bulkGet(keys);
	return new Map(rows.flatMap((r) => (r ? [[r.key, artifactBytes(r)]] : [])));
}

async function versionsOf(db: VigilDb, modelId: number): Promise<ModelVersionRow[]> {
	const rows = await db.modelVersions
		.where('[modelId+version]')
		.between([modelId, Dexie.minKey], [modelId, Dexie.maxKey])
		.toArray();
	return rows.map(restoreModelVersion);
}

async function summarise(db: VigilDb, modelId: number): Promise<VersionSummary[]> {
	const rows = await versionsOf(db, modelId);
	const bytes = await bytesByKey(
		db,
		rows.map((r) => r.artifactKey)
	);
	const runs = await runsByVersion(db, modelId);
	return rows.map((row) => ({
		row,
		bytes: bytes.get(row.artifactKey) ?? 0,
		valLoss: bestValLoss(runs.get(row.id)) ?? storedValLoss(row)
	}));
}

const MODEL_TABLES = (db: VigilDb) => [
	db.models,
	db.modelVersions,
	db.modelArtifacts,
	db.trainingRuns
];

/**
 * Every model with its version count, latest version, aliases and size, most recently updated
 * first. Reads the artifacts rows whole (IndexedDB cannot read part of a record): fine for
 * models of a few MB.
 */
export async function modelSummaries(db: VigilDb): Promise<ModelSummary[]> {
	return db.transaction('r', MODEL_TABLES(db), async () => {
		const models = (await db.models.toArray()).map(restoreModel);
		const out: ModelSummary[] = [];
		for (const model of models) {
			const versions = await summarise(db, model.id);
			const last = versions.at(-1)?.row;
			out.push({
				model,
				versionCount: versions.length,
				latest: last ? { version: last.version, createdAt: last.createdAt } : null,
				aliases: versions.flatMap(({ row }) =>
					[...row.aliases].sort().map((alias) => ({ alias, version: row.version }))
				),
				totalBytes: versions.reduce((n, v) => n + v.bytes, 0)
			});
		}
		return out.sort((a, b) => b.model.updatedAt - a.model.updatedAt || a.model.id - b.model.id);
	});
}

/** A model and its versions (oldest first), or null when the model does not exist. */
export async function modelDetail(db: VigilDb, modelId: number): Promise<ModelDetail | null> {
	if (!Number.isInteger(modelId)) return null;
	return db.transaction('r', MODEL_TABLES(db), async () => {
		const model = await db.models.get(modelId);
		if (!model) return null;
		return { model: restoreModel(model), versions: await summarise(db, modelId) };
	});
}

/** Version `version` (its number, 1, 2…) of `modelId`, or null when either does not exist. */
export async function versionDetail(
	db: VigilDb,
	modelId: number,
	version: number
): Promise<VersionDetail | null> {
	if (!Number.isInteger(modelId) || !Number.isInteger(version)) return null;
	const tables = [...MODEL_TABLES(db), db.datasets];
	return db.transaction('r', tables, async () => {
		const model = await db.models.get(modelId);
		const row = await db.modelVersions.get({ modelId, version });
		if (!model || !row) return null;
		const restored = restoreModelVersion(row);
		const runs = await runsByVersion(db, modelId);
		const run = runs.get(restored.id) ?? null;
		const bytes = await bytesByKey(db, [restored.artifactKey]);
		const lineage: LineageDataset[] = [];
		for (const entry of recordedLineage(restored)) {
			const stored = entry.datasetId === null ? undefined : await db.datasets.get(entry.datasetId);
			const dataset = stored ? restoreDataset(stored) : null;
			const now =
				dataset && dataset.status !== 'importing'
					? { id: dataset.id, name: dataset.name, sha256: dataset.sha256 }
					: null;
			lineage.push({ ...entry, now });
		}
		return {
			model: restoreModel(model),
			version: {
				row: restored,
				bytes: bytes.get(restored.artifactKey) ?? 0,
				valLoss: bestValLoss(run ?? undefined) ?? storedValLoss(restored)
			},
			run,
			lineage
		};
	});
}

const isNumber = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

/**
 * The datasets a version records: `engineData.lineage.datasets` (written by the Train page, one
 * entry per dataset with its ranges) when it is readable, else the single
 * `trainingDatasetId` / `trainingDatasetSha256` / `trainingSegments` of the row. An entry that
 * does not look like a `DatasetLineage` is skipped rather than shown wrong.
 */
export function recordedLineage(row: ModelVersionRow): Omit<LineageDataset, 'now'>[] {
	const recorded = (row.engineData.lineage as { datasets?: unknown } | undefined)?.datasets;
	if (Array.isArray(recorded) && recorded.length > 0) {
		return recorded.flatMap((entry: Record<string, unknown> | null) => {
			if (!entry || !isNumber(entry.datasetId) || !Array.isArray(entry.ranges)) return [];
			const ranges = (entry.ranges as Record<string, unknown>[]).filter(
				(r) => r && isNumber(r.startMs) && isNumber(r.endMs) && typeof r.kind === 'string'
			);
			return [
				{
					datasetId: entry.datasetId,
					nameThen: typeof entry.name === 'string' ? entry.name : null,
					sha256Then: typeof entry.sha256 === 'string' ? entry.sha256 : '',
					ranges: ranges.map((r) => ({
						startMs: r.startMs as number,
						endMs: r.endMs as number,
						kind: r.kind as SegmentKind
					})),
					rows: isNumber(entry.rows) ? entry.rows : null
				}
			];
		});
	}
	const { trainingDatasetId, trainingDatasetSha256, trainingSegments } = row;
	if (trainingDatasetId === null && !trainingDatasetSha256 && trainingSegments.length === 0)
		return [];
	return [
		{
			datasetId: trainingDatasetId,
			nameThen: null,
			sha256Then: trainingDatasetSha256,
			ranges: trainingSegments.map(({ startMs, endMs, kind }) => ({ startMs, endMs, kind })),
			rows: null
		}
	];
}

/** Renames a model (the caller checks the name is not blank). */
export async function renameModel(db: VigilDb, modelId: number, name: string): Promise<void> {
	await db.models.update(modelId, { name, updatedAt: Date.now() });
}

/** Replaces a version's notes. */
export async function setVersionNotes(
	db: VigilDb,
	versionId: number,
	notes: string
): Promise<void> {
	await db.modelVersions.update(versionId, { notes });
}

/**
 * Gives `alias` to a version, taking it from the version of the same model that held it, in one
 * transaction. Returns the number of the version it was taken from (null if none held it, or
 * the target already did), or `missing` when the version does not exist.
 */
export async function moveAlias(
	db: VigilDb,
	versionId: number,
	alias: string
): Promise<{ movedFrom: number | null } | 'missing'> {
	return db.transaction('rw', db.modelVersions, async () => {
		const target = await db.modelVersions.get(versionId);
		if (!target) return 'missing' as const;
		const holders = await db.modelVersions.where('aliases').equals(alias).toArray();
		const previous = holders.find((h) => h.modelId === target.modelId && h.id !== versionId);
		await setAlias(db, versionId, alias);
		return { movedFrom: previous?.version ?? null };
	});
}

/** Takes `alias` off a version (nothing happens when it does not hold it). */
export async function removeAlias(db: VigilDb, versionId: number, alias: string): Promise<void> {
	await db.transaction('rw', db.modelVersions, async () => {
		const row = await db.modelVersions.get(versionId);
		if (!row || !row.aliases.includes(alias)) return;
		await db.modelVersions.update(versionId, { aliases: row.aliases.filter((a) => a !== alias) });
	});
}

/**
 * Deletes one version with its weights (unless another version shares the artifacts key) and
 * the training runs that produced it; the model's other versions keep their numbers. Beware:
 * `addModelVersion` numbers from the highest version left, so deleting the latest version lets
 * its number be given again. Returns false when the version did not exist.
 */
export async function deleteModelVersion(db: VigilDb, versionId: number): Promise<boolean> {
	return db.transaction('rw', MODEL_TABLES(db), async () => {
		const row = await db.modelVersions.get(versionId);
		if (!row) return false;
		const sharing = await db.modelVersions
			.where('modelId')
			.equals(row.modelId)
			.filter((v) => v.id !== versionId && v.artifactKey === row.artifactKey)
			.count();
		if (sharing === 0) await db.modelArtifacts.delete(row.artifactKey);
		await db.trainingRuns
			.where('modelId')
			.equals(row.modelId)
			.filter((r) => r.modelVersionId === versionId)
			.delete();
		await db.modelVersions.delete(versionId);
		await db.models.update(row.modelId, { updatedAt: Date.now() });
		return true;
	});
}
