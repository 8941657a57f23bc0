import type {
	ChunkRow,
	DatasetRow,
	ModelRow,
	ModelVersionRow,
	SegmentRow,
	TrainingRunRow
} from './schema';

/**
 * Every row read back passes through one of these: a field missing or `undefined` (an older
 * build wrote the row, or a backup from one) gets its default, so the rest of the app can
 * trust the row types. Present fields are kept as they are.
 */
function withDefaults<T extends object>(defaults: T, row: Partial<T>): T {
	const out = { ...defaults } as Record<string, unknown>;
	for (const [key, value] of Object.entries(row)) if (value !== undefined) out[key] = value;
	return out as T;
}

export function restoreDataset(row: Partial<DatasetRow> & { id: number }): DatasetRow {
	return withDefaults<DatasetRow>(
		{
			id: row.id,
			name: `Dataset ${row.id}`,
			status: 'ready',
			channels: [],
			labelColumns: [],
			sampleRateHz: null,
			rowCount: 0,
			chunkCount: 0,
			startMs: null,
			endMs: null,
			source: '',
			sha256: '',
			sizeBytes: 0,
			notes: '',
			parentId: null,
			validation: null,
			createdAt: 0,
			updatedAt: 0
		},
		row
	);
}

export function restoreChunk(
	row: Partial<ChunkRow> & Pick<ChunkRow, 'id' | 'datasetId' | 't'>
): ChunkRow {
	return withDefaults<ChunkRow>(
		{
			id: row.id,
			datasetId: row.datasetId,
			seq: 0,
			rows: row.t.length,
			startMs: row.t[0] ?? 0,
			endMs: row.t[row.t.length - 1] ?? 0,
			t: row.t,
			channels: [],
			labels: []
		},
		row
	);
}

export function restoreSegment(
	row: Partial<SegmentRow> & Pick<SegmentRow, 'id' | 'datasetId'>
): SegmentRow {
	return withDefaults<SegmentRow>(
		{
			id: row.id,
			datasetId: row.datasetId,
			startMs: 0,
			endMs: 0,
			kind: 'normal',
			note: '',
			createdAt: 0
		},
		row
	);
}

export function restoreModel(row: Partial<ModelRow> & { id: number }): ModelRow {
	return withDefaults<ModelRow>(
		{ id: row.id, name: `Model ${row.id}`, notes: '', createdAt: 0, updatedAt: 0, lastVersion: 0 },
		row
	);
}

export function restoreModelVersion(
	row: Partial<ModelVersionRow> & Pick<ModelVersionRow, 'id' | 'modelId' | 'version'>
): ModelVersionRow {
	return withDefaults<ModelVersionRow>(
		{
			id: row.id,
			modelId: row.modelId,
			version: row.version,
			preset: '',
			config: {},
			backend: '',
			trainingDurationMs: 0,
			trainingDatasetId: null,
			trainingDatasetSha256: '',
			trainingSegments: [],
			metrics: {},
			threshold: null,
			scaler: null,
			engineData: {},
			appVersion: '',
			artifactKey: '',
			artifactsSha256: '',
			aliases: [],
			notes: '',
			createdAt: 0
		},
		row
	);
}

export function restoreTrainingRun(
	row: Partial<TrainingRunRow> & Pick<TrainingRunRow, 'id' | 'modelId'>
): TrainingRunRow {
	return withDefaults<TrainingRunRow>(
		{
			id: row.id,
			modelId: row.modelId,
			modelVersionId: null,
			datasetId: null,
			// A run with no recorded status cannot still be running: it was cut off.
			status: 'failed',
			backend: '',
			lossHistory: [],
			error: null,
			startedAt: 0,
			endedAt: null
		},
		row
	);
}
