import {
	chunkPartBytes,
	tablePath,
	type BackupArtifactRow,
	type BackupChunkRow,
	type BackupTable
} from './backup-format';
import {
	restoreDataset,
	restoreModel,
	restoreModelVersion,
	restoreSegment,
	restoreTrainingRun
} from './restore';
import type {
	DatasetRow,
	DiagnosticRow,
	ModelRow,
	ModelVersionRow,
	SegmentRow,
	SettingRow,
	TrainingRunRow
} from './schema';

/** The rows of a backup after checks and `restore.ts` defaults, ready to write. */
export interface BackupRows {
	datasets: DatasetRow[];
	/** In archive order: by dataset, then `seq`. */
	chunks: BackupChunkRow[];
	segments: SegmentRow[];
	models: ModelRow[];
	modelVersions: ModelVersionRow[];
	artifacts: BackupArtifactRow[];
	trainingRuns: TrainingRunRow[];
	settings: SettingRow[];
	diagnostics: DiagnosticRow[];
}

type Row = Record<string, unknown>;

/**
 * Checks every row's identity fields and the structure that restoring relies on (each chunk's
 * dataset, column counts and part size; rows per dataset), then passes the rows through
 * `restore.ts`. Throws `invalid(message)` naming the table, row and field at fault.
 */
export function checkTables(
	tables: Record<BackupTable, unknown[]>,
	partBytes: ReadonlyMap<string, number>,
	invalid: (message: string) => Error
): BackupRows {
	const fail = (table: BackupTable, index: number, message: string): never => {
		throw invalid(`${tablePath(table)} row ${index + 1}: ${message}`);
	};
	const rowsOf = (table: BackupTable, required: Record<string, 'integer' | 'string'>): Row[] =>
		tables[table].map((value, index) => {
			if (typeof value !== 'object' || value === null || Array.isArray(value)) {
				return fail(table, index, 'not an object');
			}
			const row = value as Row;
			for (const [field, kind] of Object.entries(required)) {
				const ok =
					kind === 'integer' ? Number.isInteger(row[field]) : typeof row[field] === 'string';
				if (!ok)
					fail(
						table,
						index,
						`${field} must be ${kind === 'integer' ? 'an integer' : 'text'}, got ${JSON.stringify(row[field])}`
					);
			}
			return row;
		});

	const datasets = rowsOf('datasets', { id: 'integer' }).map((row, index) => {
		const dataset = restoreDataset({ ...row, status: 'ready' } as Partial<DatasetRow> & {
			id: number;
		});
		if (!Array.isArray(dataset.channels) || !Array.isArray(dataset.labelColumns)) {
			fail('datasets', index, 'channels and labelColumns must be lists');
		}
		return dataset;
	});
	const datasetById = new Map(datasets.map((d) => [d.id, d]));
	unique(
		'datasets',
		datasets.map((d) => d.id),
		fail
	);

	const rowsPerDataset = new Map<number, { rows: number; chunks: number }>();
	const chunks = rowsOf('chunks', {
		datasetId: 'integer',
		seq: 'integer',
		rows: 'integer',
		channelCount: 'integer',
		labelCount: 'integer',
		path: 'string'
	}).map((row, index) => {
		const chunk = row as unknown as BackupChunkRow;
		const dataset = datasetById.get(chunk.datasetId);
		if (!dataset) return fail('chunks', index, `dataset ${chunk.datasetId} is not in the backup`);
		if (
			chunk.channelCount !== dataset.channels.length ||
			chunk.labelCount !== dataset.labelColumns.length
		) {
			fail(
				'chunks',
				index,
				`${chunk.channelCount} channels and ${chunk.labelCount} labels, dataset ${dataset.id} has ${dataset.channels.length} and ${dataset.labelColumns.length}`
			);
		}
		const expected = chunkPartBytes(chunk.rows, chunk.channelCount, chunk.labelCount);
		const actual = partBytes.get(chunk.path);
		if (actual !== expected) {
			fail(
				'chunks',
				index,
				`${chunk.path} has ${actual ?? 'no'} bytes, ${chunk.rows} rows need ${expected}`
			);
		}
		const total = rowsPerDataset.get(dataset.id) ?? { rows: 0, chunks: 0 };
		rowsPerDataset.set(dataset.id, { rows: total.rows + chunk.rows, chunks: total.chunks + 1 });
		return chunk;
	});
	datasets.forEach((dataset, index) => {
		const total = rowsPerDataset.get(dataset.id) ?? { rows: 0, chunks: 0 };
		if (total.rows !== dataset.rowCount || total.chunks !== dataset.chunkCount) {
			fail(
				'datasets',
				index,
				`“${dataset.name}” says ${dataset.rowCount} rows in ${dataset.chunkCount} chunks, the backup holds ${total.rows} in ${total.chunks}`
			);
		}
	});

	const segments = rowsOf('segments', { id: 'integer', datasetId: 'integer' }).map((row, index) => {
		if (!datasetById.has(row.datasetId as number))
			fail('segments', index, `dataset ${String(row.datasetId)} is not in the backup`);
		return restoreSegment(row as Partial<SegmentRow> & Pick<SegmentRow, 'id' | 'datasetId'>);
	});
	const models = rowsOf('models', { id: 'integer' }).map((row) =>
		restoreModel(row as Partial<ModelRow> & { id: number })
	);
	unique(
		'models',
		models.map((m) => m.id),
		fail
	);
	const modelVersions = rowsOf('modelVersions', {
		id: 'integer',
		modelId: 'integer',
		version: 'integer'
	}).map((row) =>
		restoreModelVersion(
			row as Partial<ModelVersionRow> & Pick<ModelVersionRow, 'id' | 'modelId' | 'version'>
		)
	);
	unique(
		'modelVersions',
		modelVersions.map((v) => v.id),
		fail
	);
	const artifacts = rowsOf('modelArtifacts', { key: 'string', path: 'string' }).map(
		(row, index) => {
			const artifact = row as unknown as BackupArtifactRow;
			if (!partBytes.has(artifact.path))
				fail('modelArtifacts', index, `${artifact.path} is not in the manifest`);
			return artifact;
		}
	);
	unique(
		'modelArtifacts',
		artifacts.map((a) => a.key),
		fail
	);
	const trainingRuns = rowsOf('trainingRuns', { id: 'integer', modelId: 'integer' }).map((row) =>
		restoreTrainingRun(row as Partial<TrainingRunRow> & Pick<TrainingRunRow, 'id' | 'modelId'>)
	);
	const settings = rowsOf('settings', { key: 'string' }).map((row) => ({
		key: row.key as string,
		value: row.value
	}));
	const diagnostics = rowsOf('diagnostics', { id: 'integer' }) as unknown as DiagnosticRow[];
	return {
		datasets,
		chunks,
		segments,
		models,
		modelVersions,
		artifacts,
		trainingRuns,
		settings,
		diagnostics
	};
}

function unique(
	table: BackupTable,
	keys: (number | string)[],
	fail: (table: BackupTable, index: number, message: string) => never
): void {
	const seen = new Set<number | string>();
	keys.forEach((key, index) => {
		if (seen.has(key)) fail(table, index, `${JSON.stringify(key)} appears twice`);
		seen.add(key);
	});
}
