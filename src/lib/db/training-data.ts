import type { VigilDb } from './db';
import { readRange } from './datasets';
import { storageFailureOf, type StorageFailure } from './errors';
import { sha256Hex } from './hash';
import { nextVersionNumber, type NewModelVersion } from './models';
import { restoreDataset, restoreSegment } from './restore';
import type { DatasetRow, SegmentKind, TrainingRunRow } from './schema';

/**
 * What the Train page reads for a training and what it writes at the end. Reading checks the
 * user's choice against what is stored and says what is wrong by name; writing puts the model,
 * its version, its weights and the training run in ONE transaction, so a cancelled or failed
 * training leaves nothing behind.
 */

/** Which rows of the chosen datasets train: normal segments by id, or one time range. */
export type TrainingRows =
	{ kind: 'segments'; segmentIds: number[] } | { kind: 'range'; fromMs: number; toMs: number };

export interface TrainingSelection {
	/** In this order: the last dataset's last rows become the validation windows. */
	datasetIds: number[];
	rows: TrainingRows;
	/** Channel names; every dataset must have each (matched by name, not position). */
	channels: string[];
}

/** Rows of one dataset's range, channels in the selection's order. */
export interface TrainingBlock {
	datasetId: number;
	t: Float64Array;
	channels: Float32Array[];
}

/** Where a model's training rows came from, as the version records it. */
export interface DatasetLineage {
	datasetId: number;
	name: string;
	sha256: string;
	sampleRateHz: number | null;
	/** Time ranges read (epoch ms, inclusive); `segmentIds` lists the segments merged into one. */
	ranges: { startMs: number; endMs: number; kind: SegmentKind; segmentIds: number[] }[];
	rows: number;
}

export type TrainingData =
	{ ok: true; blocks: TrainingBlock[]; lineage: DatasetLineage[] } | { ok: false; error: string };

/** Past this many values (rows × channels, 4 bytes each) the training data would not fit well. */
export const MAX_TRAINING_VALUES = 64 * 1024 * 1024;

type Range = DatasetLineage['ranges'][number];

/** Reads the chosen rows, one block per (merged) range, checking the choice first. */
export async function readTrainingData(
	db: VigilDb,
	selection: TrainingSelection
): Promise<TrainingData> {
	const { datasetIds, rows, channels } = selection;
	if (datasetIds.length === 0) return { ok: false, error: 'Choose at least one dataset.' };
	if (channels.length === 0) return { ok: false, error: 'Choose at least one channel.' };
	const datasets: DatasetRow[] = [];
	for (const id of new Set(datasetIds)) {
		const row = await db.datasets.get(id);
		if (!row || row.status !== 'ready')
			return { ok: false, error: `Dataset ${id} is not stored (deleted meanwhile?).` };
		const dataset = restoreDataset(row);
		const names = dataset.channels.map((c) => c.name);
		const missing = channels.filter((name) => !names.includes(name));
		if (missing.length > 0) {
			return {
				ok: false,
				error: `Dataset “${dataset.name}” has no channel ${missing.join(', ')} (it has ${names.join(', ')}).`
			};
		}
		datasets.push(dataset);
	}
	const ranges = await rangesOf(db, datasets, rows);
	if (!ranges.ok) return ranges;
	const blocks: TrainingBlock[] = [];
	const lineage: DatasetLineage[] = [];
	let values = 0;
	for (const dataset of datasets) {
		const columns = channels.map((name) => dataset.channels.findIndex((c) => c.name === name));
		let read = 0;
		for (const range of ranges.byDataset.get(dataset.id)!) {
			const { frame } = await readRange(db, dataset.id, range.startMs, range.endMs);
			read += frame.t.length;
			values += frame.t.length * channels.length;
			if (values > MAX_TRAINING_VALUES) {
				return {
					ok: false,
					error: `The chosen rows hold over ${MAX_TRAINING_VALUES.toLocaleString('en')} values; choose fewer rows or channels.`
				};
			}
			if (frame.t.length > 0) {
				blocks.push({
					datasetId: dataset.id,
					t: frame.t,
					channels: columns.map((c) => frame.channels[c]!)
				});
			}
		}
		if (read === 0) {
			return { ok: false, error: `Dataset “${dataset.name}” has no rows in the chosen time.` };
		}
		lineage.push({
			datasetId: dataset.id,
			name: dataset.name,
			sha256: dataset.sha256,
			sampleRateHz: dataset.sampleRateHz,
			ranges: ranges.byDataset.get(dataset.id)!,
			rows: read
		});
	}
	return { ok: true, blocks, lineage };
}

/** The time ranges to read per dataset: merged normal segments, or the one range. */
async function rangesOf(
	db: VigilDb,
	datasets: DatasetRow[],
	rows: TrainingRows
): Promise<{ ok: true; byDataset: Map<number, Range[]> } | { ok: false; error: string }> {
	const byDataset = new Map<number, Range[]>(datasets.map((d) => [d.id, []]));
	if (rows.kind === 'range') {
		if (!(Number.isFinite(rows.fromMs) && Number.isFinite(rows.toMs) && rows.fromMs < rows.toMs))
			return { ok: false, error: 'The time range must have a start before its end.' };
		for (const list of byDataset.values()) {
			list.push({ startMs: rows.fromMs, endMs: rows.toMs, kind: 'normal', segmentIds: [] });
		}
		return { ok: true, byDataset };
	}
	if (rows.segmentIds.length === 0) return { ok: false, error: 'Choose at least one segment.' };
	for (const id of new Set(rows.segmentIds)) {
		const row = await db.segments.get(id);
		if (!row) return { ok: false, error: `Segment ${id} no longer exists.` };
		const segment = restoreSegment(row);
		const list = byDataset.get(segment.datasetId);
		if (!list) {
			return {
				ok: false,
				error: `Segment ${id} belongs to dataset ${segment.datasetId}, which is not chosen.`
			};
		}
		if (segment.kind !== 'normal') {
			return { ok: false, error: `Segment ${id} is marked ${segment.kind}, not normal.` };
		}
		list.push({ startMs: segment.startMs, endMs: segment.endMs, kind: 'normal', segmentIds: [id] });
	}
	for (const dataset of datasets) {
		const list = byDataset.get(dataset.id)!;
		if (list.length === 0) {
			return {
				ok: false,
				error: `No normal segment of “${dataset.name}” is chosen: choose one or leave the dataset out.`
			};
		}
		byDataset.set(dataset.id, mergeRanges(list));
	}
	return { ok: true, byDataset };
}

/** Overlapping or touching ranges as one, by start time (rows are then read once). */
export function mergeRanges(ranges: readonly Range[]): Range[] {
	const sorted = [...ranges].sort((a, b) => a.startMs - b.startMs);
	const merged: Range[] = [];
	for (const range of sorted) {
		const last = merged.at(-1);
		if (last && range.startMs <= last.endMs) {
			last.endMs = Math.max(last.endMs, range.endMs);
			last.segmentIds = [...last.segmentIds, ...range.segmentIds];
		} else {
			merged.push({ ...range, segmentIds: [...range.segmentIds] });
		}
	}
	return merged;
}

/** The tfjs artifacts of the trained model (Keras topology JSON, weight specs, weights). */
export interface TrainedArtifacts {
	modelTopology: unknown;
	weightSpecs: unknown[];
	weightData: ArrayBuffer;
}

export interface TrainedVersion {
	/** A new model with this name, or the next version of an existing one. */
	model: { kind: 'new'; name: string } | { kind: 'existing'; modelId: number };
	version: Omit<NewModelVersion, 'artifactKey' | 'artifactsSha256' | 'aliases'>;
	artifacts: TrainedArtifacts;
	run: {
		datasetId: number | null;
		backend: string;
		lossHistory: TrainingRunRow['lossHistory'];
		/** Epoch ms. */
		startedAt: number;
	};
}

export type SavedVersion =
	| { ok: true; modelId: number; versionId: number; version: number; runId: number }
	| { ok: false; kind: 'refused' | StorageFailure['kind']; error: string };

/** Why `model` cannot take a new version, or undefined when it can (checked before training). */
export async function modelChoiceProblem(
	db: VigilDb,
	model: TrainedVersion['model']
): Promise<string | undefined> {
	if (model.kind === 'new') return model.name.trim() ? undefined : 'A new model needs a name.';
	return (await db.models.get(model.modelId))
		? undefined
		: `Model ${model.modelId} no longer exists.`;
}

/**
 * Saves a finished training in one transaction: the model (when new), its next version, the
 * weights under a fresh key (the row `dbWeightsHandler(db, key).load()` reads, hashed as it
 * checks) and the training run, status `done`. The weights' SHA-256 is computed before the
 * transaction: awaiting WebCrypto inside one would let IndexedDB commit it early.
 */
export async function saveTrainedVersion(
	db: VigilDb,
	input: TrainedVersion
): Promise<SavedVersion> {
	const weightsSha256 = await sha256Hex(input.artifacts.weightData);
	const artifactKey = `trained-${crypto.randomUUID()}`;
	const tables = [db.models, db.modelVersions, db.modelArtifacts, db.trainingRuns];
	try {
		return await db.transaction('rw', tables, async (): Promise<SavedVersion> => {
			const now = Date.now();
			const problem = await modelChoiceProblem(db, input.model);
			if (problem) return { ok: false, kind: 'refused', error: problem };
			const modelId =
				input.model.kind === 'new'
					? await db.models.add({
							name: input.model.name.trim(),
							notes: '',
							createdAt: now,
							updatedAt: now,
							lastVersion: 0
						})
					: input.model.modelId;
			const version = await nextVersionNumber(db, modelId);
			await db.modelArtifacts.put({
				key: artifactKey,
				modelTopology: input.artifacts.modelTopology,
				weightSpecs: input.artifacts.weightSpecs,
				weightData: input.artifacts.weightData,
				format: 'layers-model',
				generatedBy: 'Vigil',
				convertedBy: null,
				trainingConfig: null,
				userDefinedMetadata: null,
				weightsSha256,
				savedAt: now
			});
			const versionId = await db.modelVersions.add({
				...input.version,
				modelId,
				version,
				artifactKey,
				artifactsSha256: weightsSha256,
				aliases: [],
				createdAt: now
			});
			await db.models.update(modelId, { updatedAt: now, lastVersion: version });
			const runId = await db.trainingRuns.add({
				modelId,
				modelVersionId: versionId,
				datasetId: input.run.datasetId,
				status: 'done',
				backend: input.run.backend,
				lossHistory: input.run.lossHistory,
				error: null,
				startedAt: input.run.startedAt,
				endedAt: now
			});
			return { ok: true, modelId, versionId, version, runId };
		});
	} catch (error) {
		const failure = storageFailureOf(error);
		if (failure) return { ok: false, kind: failure.kind, error: failure.message };
		throw error;
	}
}
