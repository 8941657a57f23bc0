import { describe, expect, it } from 'vitest';
import { checkFormat, editOverrides, unitFromName, type FormatEdit } from './format-edits';
import { sniffCsv } from './sniff';
import type { CsvFormat } from './types';

const SKAB = [
	'datetime;Accelerometer1RMS;Current;Temperature (C);anomaly',
	'2020-03-09 15:56:30;0,027;1,2;70,1;0',
	'2020-03-09 15:56:31;0,028;1,3;70,2;0',
	'2020-03-09 15:56:32;0,029;1,1;70,3;1'
].join('\n');

/** Applies edits one after the other, re-sniffing in between as the preview does. */
function edited(sample: string, ...edits: FormatEdit[]): CsvFormat {
	let overrides: Partial<CsvFormat> = {};
	for (const edit of edits)
		overrides = editOverrides(overrides, sniffCsv(sample, overrides).format, edit);
	return sniffCsv(sample, overrides).format;
}

describe('editOverrides', () => {
	it('a new delimiter re-reads the columns and forgets per-column choices', () => {
		const format = edited(
			'a;b,c\n1;2,5\n',
			{ kind: 'role', column: 0, role: 'ignore' },
			{ kind: 'delimiter', delimiter: ',' }
		);
		expect(format.columnNames).toEqual(['a;b', 'c']);
		expect(format.columnRoles).toEqual(['ignore', 'channel']);
	});

	it('switching the header off names the columns column1… and reads the first line as data', () => {
		const format = edited('x,y\n1,2\n', { kind: 'header', hasHeader: false });
		expect(format.hasHeader).toBe(false);
		expect(format.columnNames).toEqual(['column1', 'column2']);
	});

	it('moving the time column guesses the new one’s format; the old one is ignored', () => {
		const sample =
			'ts,when,v\n2020-01-01T00:00:00Z,1583769390000,1\n2020-01-01T00:00:01Z,1583769390010,2\n';
		expect(sniffCsv(sample).format.timeFormat).toBe('iso8601');
		const format = edited(sample, { kind: 'time-column', column: 1 });
		expect(format.columnRoles).toEqual(['ignore', 'time', 'channel']);
		expect(format.timeFormat).toBe('epoch-ms');
		expect(format.sampleRateHz).toBe(100);
	});

	it('no time column asks for a sample rate, which then times the rows', () => {
		const none = edited(SKAB, { kind: 'time-column', column: -1 });
		expect(none.timeFormat).toBe('none');
		expect(none.columnRoles[0]).toBe('ignore');
		expect(checkFormat(none).map((p) => p.field)).toEqual(['sampleRateHz']);
		const given = edited(
			SKAB,
			{ kind: 'time-column', column: -1 },
			{ kind: 'sample-rate', sampleRateHz: 50 }
		);
		expect(given.sampleRateHz).toBe(50);
		expect(checkFormat(given)).toEqual([]);
	});

	it('a chosen time format is kept and the rate estimated with it', () => {
		const format = edited('t,v\n0,1\n2,2\n4,3\n', {
			kind: 'time-format',
			timeFormat: 'relative-s'
		});
		expect(format.timeFormat).toBe('relative-s');
		expect(format.sampleRateHz).toBe(0.5);
	});

	it('taking the time role away from the time column means no time column', () => {
		const format = edited(SKAB, { kind: 'role', column: 0, role: 'channel' });
		expect(format.timeFormat).toBe('none');
		expect(format.columnRoles).toEqual(['channel', 'channel', 'channel', 'channel', 'label']);
	});

	it('marks a channel as a label and a decimal comma off', () => {
		const format = edited(
			SKAB,
			{ kind: 'role', column: 2, role: 'label' },
			{ kind: 'decimal-comma', decimalComma: false }
		);
		expect(format.columnRoles[2]).toBe('label');
		expect(format.decimalComma).toBe(false);
	});
});

describe('checkFormat', () => {
	const good = sniffCsv(SKAB).format;

	it('accepts a sniffed SKAB file', () => {
		expect(checkFormat(good)).toEqual([]);
	});

	it.each([
		[{ decimalComma: true, delimiter: ',' as const }, 'decimalComma'],
		[{ columnRoles: good.columnRoles.map((r) => (r === 'time' ? 'ignore' : r)) }, 'timeColumn'],
		[{ columnRoles: good.columnRoles.map((r) => (r === 'channel' ? 'time' : r)) }, 'timeColumn'],
		[
			{
				timeFormat: 'none' as const,
				sampleRateHz: 0,
				columnRoles: good.columnRoles.map((r) => (r === 'time' ? 'ignore' : r))
			},
			'sampleRateHz'
		],
		[{ timeFormat: 'relative-ms' as const, startTimeMs: NaN }, 'startTimeMs'],
		[{ columnRoles: good.columnRoles.map((r) => (r === 'channel' ? 'ignore' : r)) }, 'columnRoles']
	])('reports %o at %s', (change, field) => {
		const problems = checkFormat({ ...good, ...change });
		expect(problems.map((p) => p.field)).toContain(field);
		expect(problems.every((p) => p.message.length > 20)).toBe(true);
	});
});

describe('unitFromName', () => {
	it.each([
		['Temperature (C)', 'C'],
		['Pressure [bar]', 'bar'],
		['flow ( l/min )', 'l/min'],
		['Accelerometer1RMS', ''],
		['a (very long explanation of things)', '']
	])('%s → %s', (name, unit) => expect(unitFromName(name)).toBe(unit));
});
