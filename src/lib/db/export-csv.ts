import { chunksInOrder } from './datasets';
import type { VigilDb } from './db';
import type { ChunkRow, DatasetRow } from './schema';

/** A float32 needs 9 significant digits to come back bit-identical. */
const FLOAT32_DIGITS = 9;

function csvField(text: string): string {
	return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The header line: ISO timestamp, the channels, the label columns. */
export function csvHeader(dataset: DatasetRow): string {
	return (
		['timestamp', ...dataset.channels.map((c) => c.name), ...dataset.labelColumns]
			.map(csvField)
			.join(',') + '\n'
	);
}

/** One chunk's rows as CSV text (missing values as empty fields). */
export function csvRows(chunk: ChunkRow): string {
	const lines: string[] = new Array(chunk.rows);
	for (let i = 0; i < chunk.rows; i++) {
		const fields = [new Date(chunk.t[i]!).toISOString()];
		for (const column of chunk.channels) {
			const v = column[i]!;
			fields.push(Number.isNaN(v) ? '' : String(Number(v.toPrecision(FLOAT32_DIGITS))));
		}
		for (const column of chunk.labels) fields.push(String(column[i]));
		lines[i] = fields.join(',');
	}
	return lines.join('\n') + '\n';
}

export interface CsvExportProgress {
	rows: number;
	totalRows: number;
	bytes: number;
}

export interface CsvExportOptions {
	signal?: AbortSignal;
	onProgress?: (progress: CsvExportProgress) => void;
}

/**
 * Writes a dataset as CSV through `write`, one stored chunk at a time (each awaited, so a slow
 * file applies back-pressure and memory stays at one chunk's text). Returns the bytes written
 * (UTF-8), or null when cancelled through `signal` (what was written so far is the caller's to
 * discard). Re-importing the text gives identical values.
 */
export async function writeCsv(
	db: VigilDb,
	dataset: DatasetRow,
	write: (text: string) => Promise<void>,
	options: CsvExportOptions = {}
): Promise<number | null> {
	const header = csvHeader(dataset);
	await write(header);
	// Only the header can hold non-ASCII (channel names); rows are times, numbers and 0/1.
	let bytes = new TextEncoder().encode(header).byteLength;
	let rows = 0;
	for await (const chunk of chunksInOrder(db, dataset.id)) {
		if (options.signal?.aborted) return null;
		const text = csvRows(chunk);
		await write(text);
		bytes += text.length;
		rows += chunk.rows;
		options.onProgress?.({ rows, totalRows: dataset.rowCount, bytes });
	}
	return bytes;
}

/**
 * A dataset as a CSV Blob built from one Blob per chunk: each chunk's text is handed to the
 * browser's blob store (which spills large blobs to disk in Chromium) as soon as it is made,
 * so no more than one chunk's string is alive at a time. Null when cancelled.
 */
export async function exportCsvBlob(
	db: VigilDb,
	dataset: DatasetRow,
	options: CsvExportOptions = {}
): Promise<Blob | null> {
	const parts = await exportCsvParts(db, dataset, options);
	return parts === null ? null : new Blob(parts, { type: 'text/csv' });
}

/** The parts of `exportCsvBlob`: the header and one Blob per stored chunk. Null when cancelled. */
export async function exportCsvParts(
	db: VigilDb,
	dataset: DatasetRow,
	options: CsvExportOptions = {}
): Promise<Blob[] | null> {
	const parts: Blob[] = [];
	const bytes = await writeCsv(
		db,
		dataset,
		async (text) => void parts.push(new Blob([text], { type: 'text/csv' })),
		options
	);
	return bytes === null ? null : parts;
}
