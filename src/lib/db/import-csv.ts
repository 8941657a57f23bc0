import { CsvReader, type CsvChunk, type CsvFormat, type CsvReport } from '../core/csv';
import { ValidationAccumulator } from '../core/validation-accumulator';
import { beginDatasetImport, type DatasetImport } from './dataset-import';
import type { VigilDb } from './db';
import { storageCall, type StorageFailure } from './errors';
import type { DatasetRow } from './schema';
import { saveValidation } from './validation-store';

/** Progress of a CSV import, reported after every piece read. */
export interface CsvImportProgress {
	/** Known once the first rows are stored (a cancelled import's partial dataset can be removed by it). */
	datasetId: number | null;
	bytesRead: number;
	totalBytes: number;
	rows: number;
	rowsPerSecond: number;
}

export interface CsvImportRequest {
	name: string;
	/** Where it came from, for the dataset's lineage: `file:pump.csv`. */
	source: string;
	totalBytes: number;
	/** What the user confirmed in the preview: the import sniffs the same first 64 KB with these. */
	overrides?: Partial<CsvFormat>;
	/** Unit per channel, by column name (`°C`); channels not named get ''. */
	units?: Record<string, string>;
	signal?: AbortSignal;
	onProgress?: (progress: CsvImportProgress) => void;
}

export type CsvImportResult =
	| { ok: true; dataset: DatasetRow; report: CsvReport }
	| { ok: false; reason: string; failure?: StorageFailure; report: CsvReport | null };

/**
 * Imports a CSV text stream into a new dataset without holding the file in memory: pieces are
 * parsed as they arrive and written chunk by chunk, and validated on the way
 * (`ValidationAccumulator`; the summary is stored with the dataset before it becomes ready).
 * Bad rows are counted in the report and the valid ones kept. A cancelled (`signal`) or failed
 * import removes everything it wrote.
 */
export async function importCsvStream(
	db: VigilDb,
	text: ReadableStream<string>,
	request: CsvImportRequest
): Promise<CsvImportResult> {
	const reader = new CsvReader({ overrides: request.overrides ?? {} });
	const started = performance.now();
	let target: DatasetImport | undefined;
	let validation: ValidationAccumulator | undefined;
	let rows = 0;
	let bytesRead = 0;
	const fail = async (reason: string, failure?: StorageFailure): Promise<CsvImportResult> => {
		await target?.abort();
		return { ok: false, reason, failure, report: reader.report };
	};
	const store = async (chunks: CsvChunk[]): Promise<CsvImportResult | undefined> => {
		if (chunks.length === 0) return undefined;
		if (!target) {
			const begun = await beginDatasetImport(db, {
				name: request.name,
				source: request.source,
				channels: reader.channelNames.map((name) => ({ name, unit: request.units?.[name] ?? '' })),
				labelColumns: reader.labelNames,
				sampleRateHz: reader.format?.sampleRateHz ?? null
			});
			if (!begun.ok) return fail(begun.error.message, begun.error);
			target = begun.value;
			validation = new ValidationAccumulator({ channelNames: reader.channelNames });
		}
		for (const chunk of chunks) {
			const written = await target.writeChunk({ frame: chunk.frame, labels: chunk.labels });
			if (!written.ok) return fail(written.error.message, written.error);
			validation!.push(chunk.frame);
			rows += chunk.frame.t.length;
		}
		return undefined;
	};
	const pieces = text.getReader();
	try {
		for (;;) {
			if (request.signal?.aborted) return await fail('cancelled');
			const { done, value } = await pieces.read();
			if (done) break;
			bytesRead += value.length; // characters: close enough to bytes for progress
			const failed = await store(reader.push(value));
			if (failed) return failed;
			const seconds = (performance.now() - started) / 1000;
			request.onProgress?.({
				datasetId: target?.datasetId ?? null,
				bytesRead,
				totalBytes: request.totalBytes,
				rows,
				rowsPerSecond: rows / Math.max(seconds, 1e-3)
			});
		}
		const end = reader.finish();
		const failed = await store(end.chunks);
		if (failed) return failed;
		if (!target)
			return { ok: false, reason: 'the file has no rows that could be read', report: end.report };
		const summary = validation!.summary();
		const saved = await storageCall(() => saveValidation(db, target!.datasetId, summary));
		if (!saved.ok) return fail(saved.error.message, saved.error);
		const committed = await target.commit();
		if (!committed.ok) return fail(committed.error.message, committed.error);
		return { ok: true, dataset: committed.value, report: end.report };
	} catch (error) {
		return fail(error instanceof Error ? error.message : String(error));
	} finally {
		pieces.releaseLock();
	}
}
