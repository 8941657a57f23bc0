/**
 * The import worker: CSV parsing and IndexedDB writes happen here, so a large file never
 * blocks the page. Thin Comlink entry over core/csv and db; its client is state/datasets.svelte.ts.
 */
import { expose } from 'comlink';
import { SNIFF_SAMPLE_CHARS, sniffCsv, type CsvFormat } from '../src/lib/core/csv';
import {
	datasetOverview,
	exportCsvParts,
	getDataset,
	importCsvStream,
	VigilDb,
	type CsvImportProgress,
	type CsvImportResult
} from '../src/lib/db';

const db = new VigilDb();

const api = {
	/** Detected format and the first rows of a file, for the preview the user confirms. */
	async sniff(file: File) {
		return sniffCsv(await file.slice(0, SNIFF_SAMPLE_CHARS).text());
	},
	/** A range of a dataset decimated to `bins` min/max bins, with per-channel statistics. */
	async overview(datasetId: number, bins: number, fromMs?: number, toMs?: number) {
		return datasetOverview(db, datasetId, bins, fromMs, toMs);
	},
	/** The dataset as a CSV file (a Blob built chunk by chunk), or undefined if it is gone. */
	async exportCsv(datasetId: number): Promise<Blob | undefined> {
		const dataset = await getDataset(db, datasetId);
		if (!dataset) return undefined;
		return new Blob(await exportCsvParts(db, dataset), { type: 'text/csv' });
	},
	/** Streams the file into a new dataset; progress at most every 100 ms. */
	async importFile(
		file: File,
		request: { name: string; overrides?: Partial<CsvFormat> },
		onProgress: (p: CsvImportProgress) => void
	): Promise<CsvImportResult> {
		let lastMs = 0;
		return importCsvStream(db, file.stream().pipeThrough(new TextDecoderStream()), {
			name: request.name,
			source: `file:${file.name}`,
			totalBytes: file.size,
			overrides: request.overrides,
			onProgress: (progress) => {
				const now = performance.now();
				if (now - lastMs < 100 && progress.bytesRead < progress.totalBytes) return;
				lastMs = now;
				void onProgress(progress);
			}
		});
	}
};

export type ImportApi = typeof api;
expose(api);
