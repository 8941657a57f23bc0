export { DEFAULT_DB_NAME, VigilDb } from './db';
export type { VigilDbOptions } from './db';
export { DB_VERSION } from './migrations';
export * from './schema';
export * from './errors';
export { sha256Hex } from './hash';
export {
	beginDatasetImport,
	cleanupInterrupted,
	DatasetImport,
	STALE_IMPORT_MS
} from './dataset-import';
export type { ChunkInput, NewDataset } from './dataset-import';
export * from './datasets';
export * from './segments';
export * from './models';
export * from './training-runs';
export * from './settings';
export * from './diagnostics';
export { artifactInfo, dbWeightsHandler, ModelArtifactError } from './weights-handler';
export type {
	DbWeightsHandler,
	ModelArtifactsLike,
	SaveResultLike,
	TrainingConfigLike,
	WeightSpecLike
} from './weights-handler';
export { importCsvStream } from './import-csv';
export type { CsvImportProgress, CsvImportRequest, CsvImportResult } from './import-csv';
export { exportCsvParts } from './export-csv';
export { datasetOverview } from './overview';
export type { DatasetOverview } from './overview';
