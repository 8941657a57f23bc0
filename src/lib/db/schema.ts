/**
 * Row types of Vigil's IndexedDB database. Every table name, index and field below is persisted:
 * renaming one orphans data already on users' devices. Change them only through a new version
 * in `migrations.ts`, with a migration test.
 */

import type { ValidationSummary } from '../core/validation-report';

// DO NOT RENAME: persisted in IndexedDB
export const TABLES = {
	datasets: 'datasets',
	chunks: 'chunks',
	segments: 'segments',
	models: 'models',
	modelVersions: 'modelVersions',
	modelArtifacts: 'modelArtifacts',
	trainingRuns: 'trainingRuns',
	settings: 'settings',
	diagnostics: 'diagnostics'
} as const;

// DO NOT RENAME: persisted in IndexedDB
/**
 * `importing` until every chunk is written; anything left `importing` at startup is a crash and
 * is deleted. `recording` while a live recording appends chunks; one left `recording` by a crash
 * is finalized as `ready` (`recoverInterruptedRecordings`), never deleted. Only `ready` is listed.
 * Adding `recording` needed no new version: the `status` index and every stored row are unchanged.
 */
export type DatasetStatus = 'importing' | 'recording' | 'ready';

// DO NOT RENAME: persisted in IndexedDB
export interface ChannelInfo {
	name: string;
	/** Free text (`°C`, `bar`, `m/s²`); empty when unknown. */
	unit: string;
}

// DO NOT RENAME: persisted in IndexedDB
export interface DatasetRow {
	id: number;
	name: string;
	status: DatasetStatus;
	channels: ChannelInfo[];
	/** Names of the label columns kept beside the channels (`anomaly`, `changepoint`…). */
	labelColumns: string[];
	/** Estimated from the median time step; null when unknown. */
	sampleRateHz: number | null;
	rowCount: number;
	chunkCount: number;
	/** Smallest and largest time in epoch ms; null while empty. */
	startMs: number | null;
	endMs: number | null;
	/** Where it came from: a file name, `simulator`, a device… */
	source: string;
	/** Hex SHA-256 of the per-chunk SHA-256 digests in chunk order (see `hash.ts`); '' until committed. */
	sha256: string;
	/** Bytes of typed-array data in the chunks (what the dataset costs on disk, roughly). */
	sizeBytes: number;
	notes: string;
	/** The dataset this one was derived from (a validation fix), or null. */
	parentId: number | null;
	/**
	 * The last validation (at import, after a fix, or on demand), or null when never validated
	 * (datasets from before validation existed; `restoreDataset` gives null). Not indexed: adding
	 * it needed no new version. Optional so writers that predate it still type-check.
	 */
	validation?: DatasetValidation | null;
	createdAt: number;
	updatedAt: number;
}

// DO NOT RENAME: persisted in IndexedDB
/**
 * A dataset's validation, stored level-independent (`core/validation-report.ts`), so the detail
 * page shows it at any level without reading the rows again. The per-channel limits it was
 * checked against are in `summary.channels[c].limit`.
 */
export interface DatasetValidation {
	summary: ValidationSummary;
	/** Epoch ms. */
	validatedAt: number;
}

// DO NOT RENAME: persisted in IndexedDB
/**
 * A block of consecutive rows of one dataset, columnar: `t` in epoch ms, `channels[c]` in the
 * order of the dataset's `channels`, `labels[k]` (0/1) in the order of its `labelColumns`.
 */
export interface ChunkRow {
	id: number;
	datasetId: number;
	/** 0, 1, 2… in file order. */
	seq: number;
	rows: number;
	/** Smallest and largest `t` of the chunk (epoch ms), for range reads. */
	startMs: number;
	endMs: number;
	t: Float64Array;
	channels: Float32Array[];
	labels: Uint8Array[];
}

// DO NOT RENAME: persisted in IndexedDB
/**
 * `normal`…`ignore` label a time range. `marker` is a point (`startMs === endMs`) the user dropped
 * during a recording, its `note` saying what happened ("valve closed"); it labels nothing.
 */
export type SegmentKind = 'normal' | 'anomaly' | 'maintenance' | 'ignore' | 'marker';

// DO NOT RENAME: persisted in IndexedDB
export interface SegmentRow {
	id: number;
	datasetId: number;
	startMs: number;
	endMs: number;
	kind: SegmentKind;
	note: string;
	createdAt: number;
}

// DO NOT RENAME: persisted in IndexedDB
export interface ModelRow {
	id: number;
	name: string;
	notes: string;
	createdAt: number;
	updatedAt: number;
	/**
	 * The highest version number ever given (not indexed, so no schema version): numbers are never
	 * reused after the newest version is deleted, so an old link never points at another model.
	 */
	lastVersion: number;
}

// DO NOT RENAME: persisted in IndexedDB
export interface ModelVersionRow {
	id: number;
	modelId: number;
	/** 1, 2, 3… per model: one more than the model's highest version when it was added. */
	version: number;
	preset: string;
	/** The engine's model config, as it exported it. */
	config: Record<string, unknown>;
	/** The tfjs backend that trained it (`webgl`, `wasm`…). */
	backend: string;
	trainingDurationMs: number;
	trainingDatasetId: number | null;
	trainingDatasetSha256: string;
	/** The segments trained on, copied (the dataset's segments may change later). */
	trainingSegments: { startMs: number; endMs: number; kind: SegmentKind }[];
	metrics: Record<string, number>;
	threshold: number | null;
	/** The fitted scaler as the engine exported it (e.g. per-channel mean and std). */
	scaler: Record<string, unknown> | null;
	/** Other exported model data of the engine (window size, channel names…). */
	engineData: Record<string, unknown>;
	appVersion: string;
	/** Key of its row in `modelArtifacts`. */
	artifactKey: string;
	artifactsSha256: string;
	/** `production`, `candidate`…; an alias names at most one version of a model. */
	aliases: string[];
	notes: string;
	createdAt: number;
}

// DO NOT RENAME: persisted in IndexedDB
/** A saved tf.io model: topology and weight specs as JSON, the weights as one ArrayBuffer. */
export interface ModelArtifactRow {
	key: string;
	modelTopology: unknown;
	weightSpecs: unknown[];
	weightData: ArrayBuffer;
	format: string | null;
	generatedBy: string | null;
	convertedBy: string | null;
	trainingConfig: unknown;
	userDefinedMetadata: Record<string, unknown> | null;
	/** Hex SHA-256 of `weightData`, checked on load. */
	weightsSha256: string;
	savedAt: number;
}

// DO NOT RENAME: persisted in IndexedDB
export type TrainingRunStatus = 'running' | 'done' | 'failed' | 'cancelled';

// DO NOT RENAME: persisted in IndexedDB
export interface TrainingRunRow {
	id: number;
	modelId: number;
	/** The version it produced, once done. */
	modelVersionId: number | null;
	datasetId: number | null;
	status: TrainingRunStatus;
	backend: string;
	/** One entry per epoch. */
	lossHistory: { epoch: number; loss: number; valLoss: number | null }[];
	error: string | null;
	startedAt: number;
	endedAt: number | null;
}

// DO NOT RENAME: persisted in IndexedDB
export interface SettingRow {
	key: string;
	value: unknown;
}

// DO NOT RENAME: persisted in IndexedDB
export type DiagnosticLevel = 'info' | 'warn' | 'error';

// DO NOT RENAME: persisted in IndexedDB
export interface DiagnosticRow {
	id: number;
	/** Epoch ms. */
	at: number;
	level: DiagnosticLevel;
	message: string;
	/** Error name, stack, context… */
	detail: string;
}
