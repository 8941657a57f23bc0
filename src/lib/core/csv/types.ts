import type { Frame } from '../frame';

/** Field separator: one character, or `'whitespace'` for runs of spaces and tabs (no quoting). */
export type CsvDelimiter = ',' | ';' | '\t' | 'whitespace';

/**
 * What a column becomes: the row time, a numeric channel (Float32), a 0/1 label (Uint8) or
 * nothing. At most one column is `'time'`.
 */
export type ColumnRole = 'time' | 'channel' | 'label' | 'ignore';

/**
 * How the time column is read. The three ISO forms share one parser; a zone written in the value
 * always wins, and values without one are read at `zoneOffsetMinutes` (0: UTC, by default, so a
 * file reads the same on every machine). Relative forms are added to `startTimeMs`. `'none'`
 * generates `startTimeMs + i * 1000 / sampleRateHz` for data row `i`.
 */
export type TimeFormat =
	| 'iso8601'
	| 'iso8601-no-zone'
	| 'datetime-no-zone'
	| 'epoch-s'
	| 'epoch-ms'
	| 'relative-ms'
	| 'relative-s'
	| 'none';

/** Every choice the reader needs. `sniffCsv` guesses it; the user may override any field. */
export interface CsvFormat {
	delimiter: CsvDelimiter;
	hasHeader: boolean;
	/** `1,5` means 1.5 (only with `;`, tab or whitespace delimiters). */
	decimalComma: boolean;
	/** One name per column: the header's, or `column1`, `column2`… without a header. */
	columnNames: string[];
	/** One role per column, same order as `columnNames`. */
	columnRoles: ColumnRole[];
	timeFormat: TimeFormat;
	/** Required for `timeFormat: 'none'`; otherwise estimated from the sample (informational). */
	sampleRateHz: number | null;
	/** Epoch ms of time 0 for relative times and of the first row for `'none'`. */
	startTimeMs: number;
	/** Minutes east of UTC of zone-less date-times (0 = read them as UTC). */
	zoneOffsetMinutes: number;
}

/** What the sniffer saw, for the import preview. */
export interface CsvSniff {
	format: CsvFormat;
	/** The first records of the sample, header included, split with `format`. */
	preview: string[][];
	lineEnding: 'crlf' | 'lf';
	/** True when there is no time column and no sample rate was given: ask the user for one. */
	needsSampleRate: boolean;
	warnings: string[];
}

/** Why a row was rejected (`kept: false`) or a value turned into a gap/0 (`kept: true`). */
export type CsvIssueReason =
	| 'column-count'
	| 'missing-timestamp'
	| 'bad-timestamp'
	| 'timestamp-not-number'
	| 'not-a-number'
	| 'bad-label'
	| 'unterminated-quote';

/** One problem on one line. `line` is 1-based and counts every physical line, header included. */
export interface CsvIssue {
	line: number;
	/** The column's name, or null when the problem is the row itself. */
	column: string | null;
	reason: CsvIssueReason;
	/** Whether the row was kept (a value became a gap) or dropped. */
	kept: boolean;
	/** `line 7, datetime: unparseable timestamp '2020-13-01'`: ready to show. */
	message: string;
}

/** The outcome of one read. `issues` holds the first `MAX_STORED_ISSUES`; counts cover all. */
export interface CsvReport {
	/** Data records seen (header and empty lines not counted). */
	rowsRead: number;
	rowsKept: number;
	rowsRejected: number;
	emptyLines: number;
	/** Issues of every kind, including the ones not stored. */
	issueCount: number;
	issues: CsvIssue[];
	/** Per column (same order as `columnNames`): values that became NaN (channels) or 0 (labels). */
	missingByColumn: number[];
	warnings: string[];
}

/** A block of kept rows: `frame.channels[c]` is channel `channelNames[c]`, `labels[k]` is 0/1. */
export interface CsvChunk {
	frame: Frame;
	labels: Uint8Array[];
	/** Index of this chunk's first row among all kept rows. */
	firstRow: number;
}

/** Stored issues are capped so a broken 1 GB file cannot fill memory; they are still counted. */
export const MAX_STORED_ISSUES = 1000;
