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
	const times = new IsoTimes();
	const { channels, labels } = chunk;
	let text = '';
	for (let i = 0; i < chunk.rows; i++) {
		let line = times.text(chunk.t[i]!);
		for (let c = 0; c < channels.length; c++) {
			const v = channels[c]![i]!;
			line += Number.isNaN(v) ? ',' : ',' + float32Text(v);
		}
		for (let c = 0; c < labels.length; c++) line += ',' + labels[c]![i]!;
		text += line + '\n';
	}
	return text;
}

/**
 * `String(Number(v.toPrecision(9)))`, the shortest text of the 9-digit rounding, without the
 * parse and reprint that made it the slowest part of an export (about 4× `toPrecision` alone):
 * a fixed-notation rounding only needs its trailing zeros cut. Tested equal on every magnitude.
 */
export function float32Text(v: number): string {
	const text = v.toPrecision(FLOAT32_DIGITS);
	if (text.includes('e')) return String(Number(text));
	if (!text.includes('.')) return text;
	let end = text.length;
	while (text.charCodeAt(end - 1) === 48 /* 0 */) end--;
	if (text.charCodeAt(end - 1) === 46 /* . */) end--;
	return text.slice(0, end);
}

/** The last ms of year 9999: `toISOString` switches to 6-digit years after it. */
const LAST_4_DIGIT_YEAR_MS = 253_402_300_799_999;

/**
 * `new Date(t).toISOString()` for rows in time order, building one Date per second instead of
 * one per row (rows of a second share everything up to the milliseconds). Tested equal.
 */
export class IsoTimes {
	private second = NaN;
	private prefix = '';

	text(t: number): string {
		const whole = Math.trunc(t);
		if (!(whole >= 0 && whole <= LAST_4_DIGIT_YEAR_MS)) return new Date(t).toISOString();
		const second = Math.floor(whole / 1000);
		if (second !== this.second) {
			this.second = second;
			this.prefix = new Date(second * 1000).toISOString().slice(0, 20);
		}
		const ms = whole - second * 1000;
		return this.prefix + (ms < 10 ? '00' : ms < 100 ? '0' : '') + ms + 'Z';
	}
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
