import { readChunks } from './datasets';
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

/**
 * A dataset as CSV, one part per stored chunk, so the text is produced chunk by chunk (a Blob
 * built from the parts never needs one big string). Re-importing it gives identical values.
 */
export async function exportCsvParts(db: VigilDb, dataset: DatasetRow): Promise<string[]> {
	const chunks = await readChunks(db, dataset.id);
	return [csvHeader(dataset), ...chunks.map(csvRows)];
}
