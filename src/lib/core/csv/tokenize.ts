import type { CsvDelimiter } from './types';

const QUOTE = 34; // "
const LF = 10;

/** Where tokenizing stopped. */
export interface TokenizeEnd {
	nextLine: number;
	unterminatedLine: number | null;
}

/** Receives one record's fields and the 1-based line it starts on. */
export type RecordSink = (fields: string[], line: number) => void;

/**
 * Splits `text` (whole records only; the last one may lack its newline) into records. Quoting
 * follows RFC 4180 read by parity: every `"` toggles quoting wherever it stands and `""` inside
 * quotes is one literal quote. This is the same rule `RecordBoundary` uses to cut streamed text,
 * so output does not depend on where the text was cut. A trailing `\r` is dropped (CRLF).
 * Returns the line after the last record and, if the text ended inside quotes, the line where
 * that unfinished record started (it is not passed to `sink`).
 */
export function tokenize(
	text: string,
	delimiter: CsvDelimiter,
	firstLine: number,
	sink: RecordSink
): TokenizeEnd {
	if (delimiter === 'whitespace' || text.indexOf('"') < 0) {
		return { nextLine: splitPlain(text, delimiter, firstLine, sink), unterminatedLine: null };
	}
	return splitQuoted(text, delimiter.charCodeAt(0), firstLine, sink);
}

/** The fast path: no quotes, one record per line. */
function splitPlain(text: string, delimiter: CsvDelimiter, line: number, sink: RecordSink): number {
	const lines = text.split('\n');
	// A final newline leaves an empty string after it, which is not a line.
	if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
	for (let l of lines) {
		if (l.charCodeAt(l.length - 1) === 13) l = l.slice(0, -1);
		if (delimiter === 'whitespace') {
			const trimmed = l.trim();
			sink(trimmed === '' ? [''] : trimmed.split(/[ \t]+/), line++);
		} else {
			sink(l.split(delimiter), line++);
		}
	}
	return line;
}

function splitQuoted(text: string, delimiter: number, line: number, sink: RecordSink): TokenizeEnd {
	let fields: string[] = [];
	let field = '';
	let inQuotes = false;
	let recordLine = line;
	let runStart = 0; // start of the current run of plain characters, copied in one slice
	const n = text.length;
	for (let i = 0; i < n; i++) {
		const ch = text.charCodeAt(i);
		if (ch === QUOTE) {
			field += text.slice(runStart, i);
			if (inQuotes && text.charCodeAt(i + 1) === QUOTE) {
				field += '"';
				i++;
			} else {
				inQuotes = !inQuotes;
			}
			runStart = i + 1;
		} else if (ch === LF) {
			line++;
			if (inQuotes) continue;
			field += text.slice(runStart, i);
			if (field.charCodeAt(field.length - 1) === 13) field = field.slice(0, -1);
			fields.push(field);
			sink(fields, recordLine);
			fields = [];
			field = '';
			recordLine = line;
			runStart = i + 1;
		} else if (ch === delimiter && !inQuotes) {
			fields.push(field + text.slice(runStart, i));
			field = '';
			runStart = i + 1;
		}
	}
	field += text.slice(runStart);
	if (inQuotes) return { nextLine: line + 1, unterminatedLine: recordLine };
	if (fields.length > 0 || field !== '') {
		if (field.charCodeAt(field.length - 1) === 13) field = field.slice(0, -1);
		fields.push(field);
		sink(fields, recordLine);
		line++;
	}
	return { nextLine: line, unterminatedLine: null };
}

/**
 * Finds where streamed text can be cut: after the last newline outside quotes. Keeps the quote
 * parity of the text scanned so far, so each character is scanned once.
 */
export class RecordBoundary {
	private scanned = 0;
	private inQuotes = false;
	private lastCut = 0;

	constructor(private readonly quoting: boolean) {}

	/** Scans `text` (the pending text, grown since the last call) and returns the cut index. */
	scan(text: string): number {
		if (!this.quoting || (!this.inQuotes && text.indexOf('"', this.scanned) < 0)) {
			const nl = text.lastIndexOf('\n');
			if (nl >= this.scanned) this.lastCut = nl + 1;
			this.scanned = text.length;
			return this.lastCut;
		}
		for (let i = this.scanned; i < text.length; i++) {
			const ch = text.charCodeAt(i);
			if (ch === QUOTE) this.inQuotes = !this.inQuotes;
			else if (ch === LF && !this.inQuotes) this.lastCut = i + 1;
		}
		this.scanned = text.length;
		return this.lastCut;
	}

	/** The caller dropped the first `cut` characters of its pending text. */
	consumed(cut: number): void {
		this.scanned -= cut;
		this.lastCut -= cut;
	}
}
