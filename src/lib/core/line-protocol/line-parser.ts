import type { SampleColumns } from './sample-columns';

/**
 * One protocol's parser of one line, read in place from `text[start..end)` (without its ending;
 * not blank, not a comment). On a sample it has written row `columns.length` of every channel
 * (`NaN` for gaps) and returns true; the decoder then commits the row. Otherwise it returns false
 * and says why in `reason`. Parsers never throw on input: every byte sequence is either a sample
 * or a reason.
 */
export interface LineParser {
	parse(text: string, start: number, end: number, columns: SampleColumns): boolean;
	/** Why the last line was not a sample. */
	readonly reason: string;
	/** Fields of the last sample that became gaps (not numbers, missing). */
	readonly gapFields: number;
	/** The last sample's timestamp field in device units, when the config has one; else NaN. */
	readonly deviceTime: number;
}

/** Reports a key that is not a channel (labelled, JSON), for `DecodedBatch.unknownKeys`. */
export type UnknownKeySink = (key: string) => void;

/** The first characters of a field, quoted, for a rejection reason. */
export function quoteField(text: string, start: number, end: number): string {
	const field = text.slice(start, Math.min(end, start + 24)).trim();
	return `'${field}${end - start > 24 ? '…' : ''}'`;
}
