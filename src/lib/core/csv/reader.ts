import { assert } from '../assert';
import { RowParser } from './row-parser';
import { SNIFF_SAMPLE_CHARS, sniffCsv } from './sniff';
import { RecordBoundary, tokenize } from './tokenize';
import type { CsvChunk, CsvFormat, CsvReport, CsvSniff } from './types';

/** Rows per emitted chunk by default: about a second of 4 kHz data, about 160 KB with 8 channels. */
export const DEFAULT_CHUNK_ROWS = 4096;

export interface CsvReaderOptions {
	/** A complete format (e.g. the one the user confirmed): used as is, nothing is sniffed. */
	format?: CsvFormat;
	/** Without `format`: corrections applied to what is sniffed from the first 64 KB. */
	overrides?: Partial<CsvFormat>;
	/** Rows per chunk (default `DEFAULT_CHUNK_ROWS`). */
	chunkRows?: number;
}

/**
 * A streaming CSV reader. Feed text in pieces of any size with `push` (a line may be split across
 * pieces), then call `finish`. Each call returns the chunks of kept rows completed so far, in
 * file order, so a caller can write them out and drop them: memory stays at one chunk plus one
 * piece. Nothing is returned until the first 64 KB (or `finish`) has arrived, as the format is
 * sniffed from it. Bad rows are reported in `report`, never thrown.
 */
export class CsvReader {
	private pending = '';
	private started = false;
	private firstPiece = true;
	private line = 1;
	private parser: RowParser | null = null;
	private boundary: RecordBoundary | null = null;
	private sniffed: CsvSniff | null = null;
	private finished = false;
	/** Set by `start`, before any record is read. */
	private currentFormat!: CsvFormat;

	constructor(private readonly options: CsvReaderOptions = {}) {}

	/** The sniff result (null until the reader has started, or when `format` was given). */
	get sniff(): CsvSniff | null {
		return this.sniffed;
	}

	/** The format in use, once started. */
	get format(): CsvFormat | null {
		return this.parser ? this.currentFormat : null;
	}

	/** Names of the chunks' channels and label arrays, in their order (empty until started). */
	get channelNames(): string[] {
		return this.namesWithRole('channel');
	}

	get labelNames(): string[] {
		return this.namesWithRole('label');
	}

	/** The report so far (final after `finish`). */
	get report(): CsvReport | null {
		return this.parser?.report ?? null;
	}

	/** Adds a piece of text; returns the chunks it completed. */
	push(piece: string): CsvChunk[] {
		assert(!this.finished, 'CsvReader.push after finish');
		if (this.firstPiece && piece.length > 0) {
			this.firstPiece = false;
			if (piece.charCodeAt(0) === 0xfeff) piece = piece.slice(1);
		}
		this.pending += piece;
		if (!this.started) {
			if (this.pending.length < SNIFF_SAMPLE_CHARS) return [];
			this.start();
		}
		return this.drain();
	}

	/** Ends the input; returns the last chunks and the final report. */
	finish(): { chunks: CsvChunk[]; report: CsvReport } {
		assert(!this.finished, 'CsvReader.finish called twice');
		this.finished = true;
		if (!this.started) this.start();
		const parser = this.parser!;
		const end = tokenize(this.pending, this.currentFormat.delimiter, this.line, (f, l) =>
			parser.record(f, l)
		);
		this.pending = '';
		if (end.unterminatedLine !== null) parser.unterminated(end.unterminatedLine);
		return { chunks: parser.take(true), report: parser.report };
	}

	private start(): void {
		this.started = true;
		if (this.options.format) {
			this.currentFormat = this.options.format;
		} else {
			this.sniffed = sniffCsv(this.pending, this.options.overrides);
			this.currentFormat = this.sniffed.format;
		}
		this.parser = new RowParser(this.currentFormat, this.options.chunkRows ?? DEFAULT_CHUNK_ROWS);
		this.boundary = new RecordBoundary(this.currentFormat.delimiter !== 'whitespace');
	}

	private drain(): CsvChunk[] {
		const parser = this.parser!;
		const cut = this.boundary!.scan(this.pending);
		if (cut > 0) {
			const whole = this.pending.slice(0, cut);
			this.pending = this.pending.slice(cut);
			this.boundary!.consumed(cut);
			this.line = tokenize(whole, this.currentFormat.delimiter, this.line, (f, l) =>
				parser.record(f, l)
			).nextLine;
		}
		return parser.take(false);
	}

	private namesWithRole(role: 'channel' | 'label'): string[] {
		if (!this.parser) return [];
		const { columnNames, columnRoles } = this.currentFormat;
		return columnNames.filter((_, c) => columnRoles[c] === role);
	}
}
