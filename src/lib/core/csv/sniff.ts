import { tokenize } from './tokenize';
import type { ColumnRole, CsvDelimiter, CsvFormat, CsvSniff, TimeFormat } from './types';
import { isGapWord, isoKind, parseIsoTime, parseNumber } from './values';

/** How much text the sniffer looks at; the reader buffers this much before it starts. */
export const SNIFF_SAMPLE_CHARS = 64 * 1024;
const SNIFF_MAX_RECORDS = 50;
const PREVIEW_RECORDS = 10;
/** Tie-break order: a tab or `;` inside a line is rarer by chance than a comma or a space. */
const DELIMITERS: CsvDelimiter[] = ['\t', ';', ',', 'whitespace'];

const LABEL_NAME = /^(is_?)?(anomal(y|ies)|attacks?|outliers?)$|^labels?$|^change_?points?$/;
const TIME_NAME = /^(date|time|timestamp|datetime|date_?time|ts|t|epoch|unix_?time)([\s_\-([]|$)/;
/** 1e11 ms is 1973-03-03; as seconds it would be the year 5138. Below 1e8 s (1973) is relative. */
const EPOCH_MS_MIN = 1e11;
const EPOCH_S_MIN = 1e8;
const SECONDS_NAME = /(^|[\s_([])(s|sec|secs|seconds)([\s)\]]|$)/;

/**
 * Guesses the format of a CSV from its first characters (`SNIFF_SAMPLE_CHARS` is plenty).
 * Every field of `overrides` is taken as given and the rest is guessed to fit it, so the UI can
 * pass the user's corrections back in and get a consistent format. Never throws.
 *
 * The time column: by header name (`time`, `timestamp`, `datetime`, `date`, `ts`…) or by values
 * that are ISO date-times; without a header also an epoch-sized, non-decreasing first column.
 * Numeric times by the first value: ≥ 1e11 epoch ms, ≥ 1e8 epoch s, else relative (Edge
 * Impulse's 0, 16, 32…) in ms, or in s when the name says so (`time_s`, `seconds`).
 */
export function sniffCsv(sample: string, overrides: Partial<CsvFormat> = {}): CsvSniff {
	const warnings: string[] = [];
	const text = completeLines(sample.replace(/^\uFEFF/, ''));
	const lineEnding = /\r\n/.test(text) ? 'crlf' : 'lf';
	const delimiter = overrides.delimiter ?? chooseDelimiter(text);
	const records = recordsOf(text, delimiter);
	const first = records[0] ?? [];
	const hasHeader = overrides.hasHeader ?? detectHeader(records);
	const data = hasHeader ? records.slice(1) : records;
	const decimalComma = overrides.decimalComma ?? (delimiter !== ',' && prefersComma(data));
	const columnCount = Math.max(first.length, data[0]?.length ?? 0);
	const columnNames =
		overrides.columnNames?.length === columnCount
			? overrides.columnNames
			: Array.from({ length: columnCount }, (_, c) =>
					hasHeader && first[c]?.trim() ? first[c]!.trim() : `column${c + 1}`
				);
	const column = (c: number) => data.map((r) => r[c] ?? '');
	let columnRoles: ColumnRole[];
	if (overrides.columnRoles?.length === columnCount) {
		columnRoles = overrides.columnRoles;
	} else {
		if (overrides.columnRoles) warnings.push('column roles ignored: the column count changed');
		columnRoles = guessRoles(columnNames, hasHeader, column, decimalComma);
	}
	const timeColumn = columnRoles.indexOf('time');
	const timeFormat: TimeFormat =
		overrides.timeFormat ??
		(timeColumn < 0
			? 'none'
			: guessTimeFormat(column(timeColumn), columnNames[timeColumn]!, decimalComma));
	const zoneOffsetMinutes = overrides.zoneOffsetMinutes ?? 0;
	const sampleRateHz =
		overrides.sampleRateHz ??
		(timeColumn < 0
			? null
			: estimateRateHz(column(timeColumn), timeFormat, { zoneOffsetMinutes, decimalComma }));
	const format: CsvFormat = {
		delimiter,
		hasHeader,
		decimalComma,
		columnNames,
		columnRoles,
		timeFormat,
		sampleRateHz,
		startTimeMs: overrides.startTimeMs ?? 0,
		zoneOffsetMinutes
	};
	const needsSampleRate = timeFormat === 'none' && sampleRateHz === null;
	if (needsSampleRate) warnings.push('no time column: give a sample rate');
	return {
		format,
		preview: records.slice(0, PREVIEW_RECORDS),
		lineEnding,
		needsSampleRate,
		warnings
	};
}

function completeLines(text: string): string {
	const nl = text.lastIndexOf('\n');
	return nl < 0 || nl === text.length - 1 ? text : text.slice(0, nl + 1);
}

function recordsOf(text: string, delimiter: CsvDelimiter): string[][] {
	const records: string[][] = [];
	tokenize(text, delimiter, 1, (fields) => {
		if (records.length < SNIFF_MAX_RECORDS && !(fields.length === 1 && fields[0] === '')) {
			records.push(fields);
		}
	});
	return records;
}

type FieldKind = 'number' | 'comma-number' | 'time' | 'gap' | 'text';

function kindOf(field: string): FieldKind {
	if (!Number.isNaN(parseNumber(field, false))) return 'number';
	if (isGapWord(field)) return 'gap';
	if (isoKind(field)) return 'time';
	if (/^\s*[+-]?\d*,\d+\s*$/.test(field)) return 'comma-number';
	return 'text';
}

/** The delimiter giving the most consistent field count (> 1), then the most readable fields. */
function chooseDelimiter(text: string): CsvDelimiter {
	let best: CsvDelimiter = ',';
	let bestScore = -1;
	for (const delimiter of DELIMITERS) {
		const records = recordsOf(text, delimiter);
		if (records.length === 0) continue;
		const counts = records.map((r) => r.length);
		const mode = modeOf(counts);
		if (mode < 2) continue;
		const consistency = counts.filter((c) => c === mode).length / counts.length;
		const fields = records.slice(1).flat();
		const readable = fields.filter((f) => kindOf(f) !== 'text').length / Math.max(1, fields.length);
		const score = consistency + readable;
		if (score > bestScore + 1e-9) {
			best = delimiter;
			bestScore = score;
		}
	}
	return best;
}

function modeOf(values: number[]): number {
	const counts = new Map<number, number>();
	let mode = 0;
	let modeCount = 0;
	for (const v of values) {
		const c = (counts.get(v) ?? 0) + 1;
		counts.set(v, c);
		if (c > modeCount) [mode, modeCount] = [v, c];
	}
	return mode;
}

/** A header has more text fields than the row after it (or any text field, if it is alone). */
function detectHeader(records: string[][]): boolean {
	const textCount = (r: string[] | undefined) =>
		(r ?? []).filter((f) => kindOf(f) === 'text').length;
	const head = textCount(records[0]);
	return records.length > 1 ? head > textCount(records[1]) : head > 0;
}

function prefersComma(data: string[][]): boolean {
	const kinds = data.flat().map(kindOf);
	const comma = kinds.filter((k) => k === 'comma-number').length;
	const dot = data.flat().filter((f) => /^\s*[+-]?\d*\.\d+/.test(f)).length;
	return comma > dot;
}

function guessRoles(
	names: string[],
	hasHeader: boolean,
	column: (c: number) => string[],
	decimalComma: boolean
): ColumnRole[] {
	const roles = names.map((name, c): ColumnRole => {
		if (hasHeader && LABEL_NAME.test(name.toLowerCase())) return 'label';
		const values = column(c).filter((v) => !isGapWord(v));
		const numeric = values.some((v) => !Number.isNaN(parseNumber(v, decimalComma)));
		return numeric || values.length === 0 ? 'channel' : 'ignore';
	});
	// A time column may hold a few bad values (reported later): more than half must read.
	const timeColumn = names.findIndex((name, c) => {
		if (roles[c] === 'label') return false;
		const values = column(c).filter((v) => !isGapWord(v));
		if (values.length === 0) return hasHeader && TIME_NAME.test(name.toLowerCase());
		const mostly = (ok: (v: string) => boolean) => values.filter(ok).length * 2 > values.length;
		if (mostly((v) => isoKind(v) !== null)) return true;
		const numbers = values.map((v) => parseNumber(v, decimalComma)).filter((v) => !Number.isNaN(v));
		if (!mostly((v) => !Number.isNaN(parseNumber(v, decimalComma)))) return false;
		if (hasHeader) return TIME_NAME.test(name.toLowerCase());
		// Without a header only an epoch-sized, non-decreasing first column is taken as time.
		const increasing = numbers.every((v, i) => i === 0 || v >= numbers[i - 1]!);
		return c === 0 && numbers[0]! >= EPOCH_S_MIN && increasing;
	});
	if (timeColumn >= 0) roles[timeColumn] = 'time';
	return roles;
}

function guessTimeFormat(values: string[], name: string, decimalComma: boolean): TimeFormat {
	const present = values.filter((v) => !isGapWord(v));
	const kinds = present.map(isoKind).filter((k) => k !== null);
	if (kinds.length * 2 > present.length) {
		if (kinds.every((k) => k === 'iso8601')) return 'iso8601';
		return kinds.includes('datetime-no-zone') ? 'datetime-no-zone' : 'iso8601-no-zone';
	}
	const first = present.map((v) => parseNumber(v, decimalComma)).find((v) => !Number.isNaN(v)) ?? 0;
	if (first >= EPOCH_MS_MIN) return 'epoch-ms';
	if (first >= EPOCH_S_MIN) return 'epoch-s';
	return SECONDS_NAME.test(name.toLowerCase()) ? 'relative-s' : 'relative-ms';
}

/** 1000 / median positive step of the sample's times, or null with fewer than two times. */
function estimateRateHz(
	values: string[],
	format: TimeFormat,
	{ zoneOffsetMinutes, decimalComma }: { zoneOffsetMinutes: number; decimalComma: boolean }
): number | null {
	const iso = format.startsWith('iso') || format === 'datetime-no-zone';
	const perUnitMs = format === 'epoch-s' || format === 'relative-s' ? 1000 : 1;
	const times = values
		.map((v) =>
			iso ? parseIsoTime(v, zoneOffsetMinutes) : parseNumber(v, decimalComma) * perUnitMs
		)
		.filter((t) => !Number.isNaN(t));
	const steps = times
		.slice(1)
		.map((t, i) => t - times[i]!)
		.filter((d) => d > 0)
		.sort((a, b) => a - b);
	const median = steps[Math.floor(steps.length / 2)];
	return median === undefined ? null : 1000 / median;
}
