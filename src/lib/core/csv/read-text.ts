import type { Frame } from '../frame';
import { CsvReader } from './reader';
import type { CsvFormat, CsvReport, CsvSniff } from './types';

/** A whole CSV file read at once. `labels[k]` belongs to `labelNames[k]`, one byte per row. */
export interface CsvTable {
	frame: Frame;
	channelNames: string[];
	labels: Uint8Array[];
	labelNames: string[];
	format: CsvFormat;
	/** Null when a complete `format` was passed in. */
	sniff: CsvSniff | null;
	report: CsvReport;
}

/**
 * Reads a whole CSV text (for Node: the benchmark runner, the CLI, tests). Pass `overrides` to
 * correct the sniffed format. Never throws on bad input: see `report`.
 */
export function readCsvText(text: string, overrides: Partial<CsvFormat> = {}): CsvTable {
	const reader = new CsvReader({ overrides });
	const chunks = reader.push(text);
	const end = reader.finish();
	chunks.push(...end.chunks);
	const rows = end.report.rowsKept;
	const channelNames = reader.channelNames;
	const labelNames = reader.labelNames;
	const frame: Frame = {
		t: new Float64Array(rows),
		channels: channelNames.map(() => new Float32Array(rows))
	};
	const labels = labelNames.map(() => new Uint8Array(rows));
	for (const chunk of chunks) {
		frame.t.set(chunk.frame.t, chunk.firstRow);
		chunk.frame.channels.forEach((column, c) => frame.channels[c]!.set(column, chunk.firstRow));
		chunk.labels.forEach((column, k) => labels[k]!.set(column, chunk.firstRow));
	}
	return {
		frame,
		channelNames,
		labels,
		labelNames,
		format: reader.format!,
		sniff: reader.sniff,
		report: end.report
	};
}
