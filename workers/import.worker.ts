/**
 * The import worker: everything that reads or writes a whole dataset happens here, so a large
 * one never blocks the page: CSV import (with validation), export, re-validation, fixes. Thin
 * Comlink entry over core and db; its client is state/datasets.svelte.ts. A cancel terminates
 * the worker (WorkerBridge); what a cancelled write leaves is removed by the client or, for an
 * export to a file, never committed (a writable file stream that is not closed is discarded).
 */
import { expose } from 'comlink';
import type { CsvFormat } from '../src/lib/core/csv';
import type { FixChoices } from '../src/lib/core/fixes-stream';
import type { ChannelLimits } from '../src/lib/core/validation';
import {
	datasetOverview,
	getDataset,
	importCsvStream,
	VigilDb,
	type CsvImportProgress,
	type CsvImportResult
} from '../src/lib/db';
import {
	writeFixedVersion,
	type FixProgress,
	type FixResult
} from '../src/lib/db/dataset-versions';
import { exportCsvBlob, writeCsv, type CsvExportProgress } from '../src/lib/db/export-csv';
import { revalidateDataset } from '../src/lib/db/validation-store';

const db = new VigilDb();

/** Progress callbacks cross to the page at most this often (each is a message). */
const PROGRESS_EVERY_MS = 100;

/**
 * Wraps `report` so it runs at most every `PROGRESS_EVERY_MS`, and always for the last one and
 * for the first that names the new dataset (the client needs its id to clean up a cancel).
 */
function throttled<P extends object>(
	report: (p: P) => void,
	last: (p: P) => boolean
): (p: P) => void {
	let lastMs = 0;
	let knownId: unknown = null;
	return (progress) => {
		const now = performance.now();
		const id = 'datasetId' in progress ? progress.datasetId : null;
		const newId = id !== knownId;
		if (now - lastMs < PROGRESS_EVERY_MS && !last(progress) && !newId) return;
		lastMs = now;
		knownId = id;
		void report(progress);
	};
}

const api = {
	/** A range of a dataset decimated to `bins` min/max bins, with per-channel statistics. */
	async overview(datasetId: number, bins: number, fromMs?: number, toMs?: number) {
		return datasetOverview(db, datasetId, bins, fromMs, toMs);
	},
	/**
	 * The dataset as a CSV Blob built from one Blob per chunk (the download fallback), or
	 * undefined if it is gone.
	 */
	async exportCsv(
		datasetId: number,
		onProgress: (p: CsvExportProgress) => void
	): Promise<Blob | undefined> {
		const dataset = await getDataset(db, datasetId);
		if (!dataset) return undefined;
		const report = throttled(onProgress, (p) => p.rows === p.totalRows);
		return (await exportCsvBlob(db, dataset, { onProgress: report })) ?? undefined;
	},
	/**
	 * Streams the dataset as CSV into a file the user picked (`showSaveFilePicker`), chunk by
	 * chunk; the file only gets its content when the stream closes at the end. Returns the
	 * bytes written, or undefined if the dataset is gone.
	 */
	async exportToFile(
		datasetId: number,
		file: FileSystemFileHandle,
		onProgress: (p: CsvExportProgress) => void
	): Promise<number | undefined> {
		const dataset = await getDataset(db, datasetId);
		if (!dataset) return undefined;
		const writable = await file.createWritable();
		try {
			const report = throttled(onProgress, (p) => p.rows === p.totalRows);
			const bytes = await writeCsv(db, dataset, (text) => writable.write(text), {
				onProgress: report
			});
			await writable.close();
			return bytes ?? undefined;
		} catch (error) {
			await writable.abort().catch(() => undefined);
			throw error;
		}
	},
	/** Streams the file into a new dataset, validating it on the way. */
	async importFile(
		file: File,
		request: { name: string; overrides?: Partial<CsvFormat>; units?: Record<string, string> },
		onProgress: (p: CsvImportProgress) => void
	): Promise<CsvImportResult> {
		return importCsvStream(db, file.stream().pipeThrough(new TextDecoderStream()), {
			name: request.name,
			source: `file:${file.name}`,
			totalBytes: file.size,
			overrides: request.overrides,
			units: request.units,
			onProgress: throttled(onProgress, (p) => p.bytesRead >= p.totalBytes)
		});
	},
	/** Validates a stored dataset again (new limits, or a dataset from before validation). */
	async revalidate(datasetId: number, limits?: ChannelLimits) {
		return revalidateDataset(db, datasetId, { limits });
	},
	/** Writes a fixed version of a dataset as a new dataset (`parentId` = the original). */
	async applyFixes(
		datasetId: number,
		choices: FixChoices,
		onProgress: (p: FixProgress) => void
	): Promise<FixResult> {
		return writeFixedVersion(db, datasetId, choices, {
			onProgress: throttled(onProgress, (p) => p.rowsRead >= p.totalRows)
		});
	}
};

export type ImportApi = typeof api;
expose(api);
