import { assert } from '../assert';
import type { CsvChunk, CsvFormat, CsvIssue, CsvIssueReason, CsvReport } from './types';
import { MAX_STORED_ISSUES } from './types';
import { isGapWord, parseIsoTime, parseLabel, parseNumber } from './values';

const SHOWN_VALUE_CHARS = 40;

/**
 * Turns records into columnar chunks of `chunkRows` rows and keeps the report. One instance per
 * read; `format` is fixed for its lifetime.
 */
export class RowParser {
	readonly report: CsvReport;
	private readonly timeColumn: number;
	private readonly channelColumns: number[];
	private readonly labelColumns: number[];
	private readonly columnCount: number;
	private readonly msPerRow: number;
	private headerSeen = false;
	private keptRows = 0;
	private filled = 0;
	private t!: Float64Array;
	private channels!: Float32Array[];
	private labels!: Uint8Array[];
	private readonly done: CsvChunk[] = [];

	constructor(
		private readonly format: CsvFormat,
		private readonly chunkRows: number
	) {
		assert(Number.isInteger(chunkRows) && chunkRows > 0, `chunkRows must be ≥ 1, got ${chunkRows}`);
		const roles = format.columnRoles;
		this.columnCount = format.columnNames.length;
		this.timeColumn = format.timeFormat === 'none' ? -1 : roles.indexOf('time');
		this.channelColumns = indicesOf(roles, 'channel');
		this.labelColumns = indicesOf(roles, 'label');
		const warnings: string[] = [];
		if (format.timeFormat !== 'none' && this.timeColumn < 0) {
			warnings.push(`time format ${format.timeFormat} but no time column: times generated`);
		}
		const given = format.sampleRateHz;
		const usable = given !== null && Number.isFinite(given) && given > 0;
		if (this.timeColumn < 0 && !usable) {
			warnings.push(`no time column and no usable sample rate (${given}): assumed 1 Hz`);
		}
		this.msPerRow = 1000 / (usable ? given : 1);
		this.report = {
			rowsRead: 0,
			rowsKept: 0,
			rowsRejected: 0,
			emptyLines: 0,
			issueCount: 0,
			issues: [],
			missingByColumn: new Array<number>(this.columnCount).fill(0),
			warnings
		};
		this.allocate();
	}

	/** Reads one record (the header, a blank line or a data row) found at 1-based `line`. */
	record(fields: string[], line: number): void {
		if (fields.length === 1 && fields[0]!.trim() === '' && this.columnCount !== 1) {
			this.report.emptyLines++;
			return;
		}
		if (this.format.hasHeader && !this.headerSeen) {
			this.headerSeen = true;
			return;
		}
		const dataIndex = this.report.rowsRead++;
		const n = this.columnCount;
		// A trailing delimiter (`1,2,3,`) leaves an empty extra field: harmless.
		if (fields.length !== n && !(fields.length === n + 1 && fields[n] === '')) {
			this.reject(line, null, 'column-count', `expected ${n} fields, found ${fields.length}`);
			return;
		}
		const timeMs = this.timeOf(fields, line, dataIndex);
		if (Number.isNaN(timeMs)) return;
		const row = this.filled;
		this.t[row] = timeMs;
		for (let k = 0; k < this.channelColumns.length; k++) {
			const c = this.channelColumns[k]!;
			const field = fields[c]!;
			const value = parseNumber(field, this.format.decimalComma);
			if (Number.isNaN(value)) {
				this.report.missingByColumn[c]!++;
				if (!isGapWord(field)) {
					this.issue(line, c, 'not-a-number', true, `not a number ${shown(field)}, kept as a gap`);
				}
			}
			this.channels[k]![row] = value;
		}
		for (let k = 0; k < this.labelColumns.length; k++) {
			const c = this.labelColumns[k]!;
			const label = parseLabel(fields[c]!);
			if (label === null) {
				this.report.missingByColumn[c]!++;
				if (!isGapWord(fields[c]!)) {
					this.issue(line, c, 'bad-label', true, `not a 0/1 label ${shown(fields[c]!)}, read as 0`);
				}
			}
			this.labels[k]![row] = label ?? 0;
		}
		this.report.rowsKept++;
		if (++this.filled === this.chunkRows) this.flush();
	}

	/** A record that never ended: its quote was opened at `line` and not closed. */
	unterminated(line: number): void {
		this.report.rowsRead++;
		this.reject(line, null, 'unterminated-quote', 'a quote opened on this line is never closed');
	}

	/** Chunks completed since the last call. With `final`, the partial last chunk too. */
	take(final: boolean): CsvChunk[] {
		if (final && this.filled > 0) this.flush();
		return this.done.splice(0);
	}

	private timeOf(fields: string[], line: number, dataIndex: number): number {
		const { timeFormat, startTimeMs } = this.format;
		if (this.timeColumn < 0) return startTimeMs + dataIndex * this.msPerRow;
		const field = fields[this.timeColumn]!;
		if (field.trim() === '') {
			this.reject(line, this.timeColumn, 'missing-timestamp', 'empty timestamp');
			return NaN;
		}
		if (timeFormat.startsWith('iso') || timeFormat === 'datetime-no-zone') {
			const timeMs = parseIsoTime(field, this.format.zoneOffsetMinutes);
			if (Number.isNaN(timeMs)) {
				this.reject(
					line,
					this.timeColumn,
					'bad-timestamp',
					`unparseable timestamp ${shown(field)}`
				);
			}
			return timeMs;
		}
		const value = parseNumber(field, this.format.decimalComma);
		if (!Number.isFinite(value)) {
			this.reject(
				line,
				this.timeColumn,
				'timestamp-not-number',
				`timestamp is not a number ${shown(field)}`
			);
			return NaN;
		}
		if (timeFormat === 'epoch-ms') return value;
		if (timeFormat === 'epoch-s') return value * 1000;
		if (timeFormat === 'relative-s') return startTimeMs + value * 1000;
		return startTimeMs + value;
	}

	private reject(line: number, column: number | null, reason: CsvIssueReason, what: string): void {
		this.report.rowsRejected++;
		this.issue(line, column, reason, false, `${what}, row dropped`);
	}

	private issue(
		line: number,
		column: number | null,
		reason: CsvIssueReason,
		kept: boolean,
		what: string
	): void {
		this.report.issueCount++;
		if (this.report.issues.length >= MAX_STORED_ISSUES) return;
		const name =
			column === null ? null : (this.format.columnNames[column] ?? `column${column + 1}`);
		const where = name === null ? `line ${line}` : `line ${line}, ${name}`;
		const stored: CsvIssue = { line, column: name, reason, kept, message: `${where}: ${what}` };
		this.report.issues.push(stored);
	}

	private flush(): void {
		const rows = this.filled;
		// Copies of the used part: a view would keep (and structured-clone) the whole buffer.
		const cut = <T extends Float64Array | Float32Array | Uint8Array>(a: T): T =>
			(rows === this.chunkRows ? a : a.slice(0, rows)) as T;
		this.done.push({
			frame: { t: cut(this.t), channels: this.channels.map(cut) },
			labels: this.labels.map(cut),
			firstRow: this.keptRows
		});
		this.keptRows += rows;
		this.filled = 0;
		this.allocate();
	}

	private allocate(): void {
		this.t = new Float64Array(this.chunkRows);
		this.channels = this.channelColumns.map(() => new Float32Array(this.chunkRows));
		this.labels = this.labelColumns.map(() => new Uint8Array(this.chunkRows));
	}
}

function indicesOf<T>(values: T[], wanted: T): number[] {
	return values.flatMap((v, i) => (v === wanted ? [i] : []));
}

function shown(field: string): string {
	const text = field.length > SHOWN_VALUE_CHARS ? field.slice(0, SHOWN_VALUE_CHARS) + '…' : field;
	return `'${text}'`;
}
