import { describe, expect, it } from 'vitest';
import { sniffCsv } from './sniff';

describe('sniffCsv', () => {
	it.each([
		['comma', 'time,a,b\n1,2.5,3\n2,2.6,4\n', ','],
		['semicolon', 'time;a;b\n1;2.5;3\n2;2.6;4\n', ';'],
		['tab', 'time\ta\tb\n1\t2.5\t3\n2\t2.6\t4\n', '\t'],
		['runs of spaces', 'time   a  b\n1   2.5  3\n2  2.6     4\n', 'whitespace']
	])('finds the %s delimiter', (_, text, delimiter) => {
		const { format } = sniffCsv(text);
		expect(format.delimiter).toBe(delimiter);
		expect(format.columnNames).toEqual(['time', 'a', 'b']);
		expect(format.hasHeader).toBe(true);
	});

	it('tells a header from a headerless file and names columns itself', () => {
		const { format } = sniffCsv('0.5,1.5\n0.6,1.7\n');
		expect(format.hasHeader).toBe(false);
		expect(format.columnNames).toEqual(['column1', 'column2']);
		expect(format.columnRoles).toEqual(['channel', 'channel']);
		expect(format.timeFormat).toBe('none');
	});

	it('finds a decimal comma with a semicolon delimiter', () => {
		const sniff = sniffCsv('1,5;2,25;3\n1,6;2,5;4\n');
		expect(sniff.format.delimiter).toBe(';');
		expect(sniff.format.decimalComma).toBe(true);
		expect(sniffCsv('a;b\n1.5;2.5\n').format.decimalComma).toBe(false);
	});

	it.each([
		['time,x\n2020-03-09T15:56:30Z,1\n2020-03-09T15:56:31Z,2\n', 'iso8601', 1],
		['time,x\n2020-03-09T15:56:30+02:00,1\n2020-03-09T15:56:30.5+02:00,2\n', 'iso8601', 2],
		['time,x\n2020-03-09T15:56:30,1\n2020-03-09T15:56:32,2\n', 'iso8601-no-zone', 0.5],
		['datetime;x\n2020-03-09 15:56:30;1\n2020-03-09 15:56:31;2\n', 'datetime-no-zone', 1],
		['ts,x\n1583769390,1\n1583769391,2\n', 'epoch-s', 1],
		['ts,x\n1583769390000,1\n1583769390010,2\n', 'epoch-ms', 100],
		['timestamp,x\n0,1\n16,2\n32,3\n', 'relative-ms', 62.5],
		['time_s,x\n0,1\n0.5,2\n1.0,3\n', 'relative-s', 2]
	])('reads the time format of %j', (text, timeFormat, rateHz) => {
		const { format, needsSampleRate } = sniffCsv(text);
		expect(format.columnRoles[0]).toBe('time');
		expect(format.timeFormat).toBe(timeFormat);
		expect(format.sampleRateHz).toBeCloseTo(rateHz, 9);
		expect(needsSampleRate).toBe(false);
	});

	it('takes an epoch-sized increasing first column as time without a header', () => {
		const { format } = sniffCsv('1583769390,1.5\n1583769391,1.6\n');
		expect(format.columnRoles).toEqual(['time', 'channel']);
		expect(format.timeFormat).toBe('epoch-s');
	});

	it('asks for a sample rate when there is no time column', () => {
		const sniff = sniffCsv('a,b\n1,2\n3,4\n');
		expect(sniff.format.timeFormat).toBe('none');
		expect(sniff.needsSampleRate).toBe(true);
		expect(sniffCsv('a,b\n1,2\n', { sampleRateHz: 50 }).needsSampleRate).toBe(false);
	});

	it('keeps label columns apart and ignores text columns, whatever the case', () => {
		const text =
			'Time,Pressure,Anomaly,ChangePoint,IS_ANOMALY,labels,Attack,site\n' +
			'2020-01-01 00:00:00,1,0,0,0,0,Normal,A\n2020-01-01 00:00:01,2,1,1,1,1,Attack,B\n';
		const { format } = sniffCsv(text);
		expect(format.columnRoles).toEqual([
			'time',
			'channel',
			'label',
			'label',
			'label',
			'label',
			'label',
			'ignore'
		]);
	});

	it('applies overrides and re-guesses the rest to fit them', () => {
		const text = 'a;b;c\n1;2;3\n4;5;6\n';
		const sniff = sniffCsv(text, { hasHeader: false, delimiter: ';', sampleRateHz: 10 });
		expect(sniff.format.hasHeader).toBe(false);
		expect(sniff.format.columnNames).toEqual(['column1', 'column2', 'column3']);
		expect(sniff.format.sampleRateHz).toBe(10);
		const roles = sniffCsv(text, { columnRoles: ['channel', 'label', 'ignore'] }).format
			.columnRoles;
		expect(roles).toEqual(['channel', 'label', 'ignore']);
		const stale = sniffCsv(text, { columnRoles: ['channel'] });
		expect(stale.format.columnRoles).toEqual(['channel', 'channel', 'channel']);
		expect(stale.warnings).toContain('column roles ignored: the column count changed');
	});

	it('reports the line ending, strips a BOM and gives a preview', () => {
		const sniff = sniffCsv('\uFEFFtime;v\r\n2020-01-01 00:00:00;1\r\n');
		expect(sniff.lineEnding).toBe('crlf');
		expect(sniff.format.columnNames).toEqual(['time', 'v']);
		expect(sniff.preview).toEqual([
			['time', 'v'],
			['2020-01-01 00:00:00', '1']
		]);
	});
});
