export { CsvReader, DEFAULT_CHUNK_ROWS } from './reader';
export type { CsvReaderOptions } from './reader';
export { readCsvText } from './read-text';
export type { CsvTable } from './read-text';
export { SNIFF_SAMPLE_CHARS, sniffCsv } from './sniff';
export { MAX_STORED_ISSUES } from './types';
export type {
	ColumnRole,
	CsvChunk,
	CsvDelimiter,
	CsvFormat,
	CsvIssue,
	CsvIssueReason,
	CsvReport,
	CsvSniff,
	TimeFormat
} from './types';
export { checkFormat, editOverrides, unitFromName } from './format-edits';
export type { FormatEdit, FormatProblem } from './format-edits';
