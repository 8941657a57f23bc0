/**
 * The user's corrections to a sniffed format, as the import preview makes them: each edit
 * returns new overrides for `sniffCsv(sample, overrides)`, dropping the ones it invalidates
 * (a new delimiter changes the columns, so per-column choices go; a new time column gets its
 * format guessed again). `checkFormat` says what is still wrong, per field, before importing.
 */
import type { ColumnRole, CsvDelimiter, CsvFormat, TimeFormat } from './types';

export type FormatEdit =
	| { kind: 'delimiter'; delimiter: CsvDelimiter }
	| { kind: 'header'; hasHeader: boolean }
	| { kind: 'decimal-comma'; decimalComma: boolean }
	/** The column holding the time, or -1 for none (times from `sampleRateHz`). */
	| { kind: 'time-column'; column: number }
	| { kind: 'time-format'; timeFormat: Exclude<TimeFormat, 'none'> }
	| { kind: 'sample-rate'; sampleRateHz: number }
	| { kind: 'start-time'; startTimeMs: number }
	/** A column's role other than time (use `time-column` for that). */
	| { kind: 'role'; column: number; role: Exclude<ColumnRole, 'time'> };

/** New overrides after `edit`, given the format the preview shows now (`current`). */
export function editOverrides(
	overrides: Partial<CsvFormat>,
	current: CsvFormat,
	edit: FormatEdit
): Partial<CsvFormat> {
	const without = (...keys: (keyof CsvFormat)[]) => {
		const next = { ...overrides };
		for (const key of keys) delete next[key];
		return next;
	};
	switch (edit.kind) {
		case 'delimiter':
			return {
				...without('columnNames', 'columnRoles', 'timeFormat', 'sampleRateHz', 'decimalComma'),
				delimiter: edit.delimiter
			};
		case 'header':
			return {
				...without('columnNames', 'columnRoles', 'timeFormat', 'sampleRateHz'),
				hasHeader: edit.hasHeader
			};
		case 'decimal-comma':
			return { ...overrides, decimalComma: edit.decimalComma };
		case 'time-column': {
			// The old time column is dropped rather than read as numbers: it holds times.
			const columnRoles = current.columnRoles.map((role, c): ColumnRole =>
				c === edit.column ? 'time' : role === 'time' ? 'ignore' : role
			);
			if (edit.column < 0) {
				return { ...without('sampleRateHz'), columnRoles, timeFormat: 'none' };
			}
			return { ...without('timeFormat', 'sampleRateHz'), columnRoles };
		}
		case 'time-format':
			return { ...without('sampleRateHz'), timeFormat: edit.timeFormat };
		case 'sample-rate':
			return { ...overrides, sampleRateHz: edit.sampleRateHz };
		case 'start-time':
			return { ...overrides, startTimeMs: edit.startTimeMs };
		case 'role': {
			const columnRoles = [...current.columnRoles];
			const wasTime = columnRoles[edit.column] === 'time';
			columnRoles[edit.column] = edit.role;
			if (wasTime) return { ...without('sampleRateHz'), columnRoles, timeFormat: 'none' };
			return { ...overrides, columnRoles };
		}
	}
}

/** Something to fix before importing, attached to the field the user must change. */
export interface FormatProblem {
	field: 'decimalComma' | 'timeColumn' | 'sampleRateHz' | 'startTimeMs' | 'columnRoles';
	message: string;
}

/** What stops `format` from importing sensibly; empty when it is fine. */
export function checkFormat(format: CsvFormat): FormatProblem[] {
	const problems: FormatProblem[] = [];
	const timeColumns = format.columnRoles.filter((r) => r === 'time').length;
	if (format.decimalComma && format.delimiter === ',') {
		problems.push({
			field: 'decimalComma',
			message: 'A decimal comma needs another delimiter (; tab or spaces): 1,5 would be two fields.'
		});
	}
	if (format.timeFormat !== 'none' && timeColumns === 0) {
		problems.push({
			field: 'timeColumn',
			message: 'Pick the column that holds the time, or “no time column” and give a sample rate.'
		});
	}
	if (timeColumns > 1) {
		problems.push({
			field: 'timeColumn',
			message: `${timeColumns} columns are marked as time: keep one.`
		});
	}
	const rate = format.sampleRateHz;
	if (format.timeFormat === 'none' && !(rate !== null && Number.isFinite(rate) && rate > 0)) {
		problems.push({
			field: 'sampleRateHz',
			message: 'Without a time column the rows need a sample rate: a number of Hz above 0.'
		});
	}
	const relative = format.timeFormat === 'none' || format.timeFormat.startsWith('relative');
	if (relative && !Number.isFinite(format.startTimeMs)) {
		problems.push({
			field: 'startTimeMs',
			message: 'The start time is not a date: write it as 2026-01-31 14:00:00 (UTC).'
		});
	}
	if (!format.columnRoles.includes('channel')) {
		problems.push({ field: 'columnRoles', message: 'At least one column must be a channel.' });
	}
	return problems;
}

/** A unit written in the column name: `Temperature (°C)`, `Pressure [bar]`; '' when none. */
export function unitFromName(name: string): string {
	return /[[(]\s*([^\])]{1,12}?)\s*[\])]\s*$/.exec(name)?.[1] ?? '';
}
