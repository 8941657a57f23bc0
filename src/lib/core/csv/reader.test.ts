import { describe, expect, it } from 'vitest';
import { readCsvText } from './read-text';
import { CsvReader } from './reader';
import { MAX_STORED_ISSUES } from './types';
import type { CsvChunk, CsvFormat } from './types';

const HEADER = 'time,a,b';
const GOOD = ['2020-01-01 00:00:00,1,10', '2020-01-01 00:00:01,2,20', '2020-01-01 00:00:02,3,30'];
const T0 = Date.UTC(2020, 0, 1);

/** The good rows with `bad` inserted after the first one (so it sits on line 3). */
function withBadLine(bad: string): string {
	return [HEADER, GOOD[0], bad, GOOD[1], GOOD[2]].join('\n') + '\n';
}

describe('readCsvText: one malformed fixture per error class', () => {
	it.each([
		['too few fields', '2020-01-01 00:00:05,4', 'line 3: expected 3 fields, found 2, row dropped'],
		[
			'too many fields',
			'2020-01-01 00:00:05,4,5,6',
			'line 3: expected 3 fields, found 4, row dropped'
		],
		['empty timestamp', ',4,40', 'line 3, time: empty timestamp, row dropped'],
		[
			'unparseable timestamp',
			'2020-13-45 00:00:00,4,40',
			"line 3, time: unparseable timestamp '2020-13-45 00:00:00', row dropped"
		]
	])('drops a row with %s and keeps the valid rows', (_, bad, message) => {
		const table = readCsvText(withBadLine(bad));
		expect(table.report.issues.map((i) => i.message)).toEqual([message]);
		expect(table.report.rowsRejected).toBe(1);
		expect(table.report.rowsKept).toBe(3);
		expect(Array.from(table.frame.t)).toEqual([T0, T0 + 1000, T0 + 2000]);
		expect(Array.from(table.frame.channels[0]!)).toEqual([1, 2, 3]);
	});

	it('drops a row whose epoch timestamp is not a number', () => {
		const text = 'ts,a\n1583769390,1\nsoon,2\n1583769392,3\n';
		const table = readCsvText(text);
		expect(table.report.issues).toEqual([
			{
				line: 3,
				column: 'ts',
				reason: 'timestamp-not-number',
				kept: false,
				message: "line 3, ts: timestamp is not a number 'soon', row dropped"
			}
		]);
		expect(Array.from(table.frame.t)).toEqual([1583769390000, 1583769392000]);
	});

	it('keeps a row with a non-numeric value as a gap and counts missing values per column', () => {
		const table = readCsvText(
			withBadLine('2020-01-01 00:00:05,oops,') + '2020-01-01 00:00:06,NaN,60\n'
		);
		expect(table.report.issues.map((i) => [i.message, i.kept])).toEqual([
			["line 3, a: not a number 'oops', kept as a gap", true]
		]);
		expect(table.report.rowsKept).toBe(5);
		expect(table.report.missingByColumn).toEqual([0, 2, 1]);
		const a = Array.from(table.frame.channels[0]!);
		expect(a[1]).toBeNaN();
		expect(a[4]).toBeNaN();
		expect(Array.from(table.frame.channels[1]!)).toEqual([10, NaN, 20, 30, 60]);
	});

	it('reads a bad label as 0 and reports it', () => {
		const table = readCsvText('time,v,anomaly\n0,1,0\n16,2,maybe\n32,3,1\n');
		expect(table.report.issues.map((i) => i.message)).toEqual([
			"line 3, anomaly: not a 0/1 label 'maybe', read as 0"
		]);
		expect(Array.from(table.labels[0]!)).toEqual([0, 0, 1]);
		expect(table.report.rowsKept).toBe(3);
	});

	it('drops a record whose quote is never closed and keeps the rows before it', () => {
		const table = readCsvText('time,a,note\n0,1,ok\n16,2,"never closed\n32,3,x\n');
		expect(table.report.issues.map((i) => i.message)).toEqual([
			'line 3: a quote opened on this line is never closed, row dropped'
		]);
		expect(Array.from(table.frame.channels[0]!)).toEqual([1]);
	});

	it('stores the first issues only but counts them all', () => {
		const lines = [HEADER];
		for (let i = 0; i < MAX_STORED_ISSUES + 5; i++) lines.push('bad');
		const table = readCsvText(lines.join('\n'));
		expect(table.report.issues).toHaveLength(MAX_STORED_ISSUES);
		expect(table.report.issueCount).toBe(MAX_STORED_ISSUES + 5);
		expect(table.report.rowsRejected).toBe(MAX_STORED_ISSUES + 5);
		expect(table.report.issues.at(-1)!.line).toBe(MAX_STORED_ISSUES + 1);
	});
});

describe('readCsvText: formats', () => {
	it('reads quoted fields with delimiters, quotes and newlines, and keeps line numbers right', () => {
		const text = 'time,note,a\n0,"x, ""y""\nz",1\n16,plain,2\n32,"q",bad\n';
		const table = readCsvText(text, { columnRoles: ['time', 'ignore', 'channel'] });
		expect(Array.from(table.frame.channels[0]!)).toEqual([1, 2, NaN]);
		expect(table.report.issues.map((i) => i.line)).toEqual([5]);
	});

	it('reads CRLF and LF alike, skips blank lines and strips a BOM', () => {
		const lf = readCsvText('time,a\n0,1\n\n16,2\n');
		const crlf = readCsvText('\uFEFFtime,a\r\n0,1\r\n\r\n16,2\r\n');
		expect(crlf.channelNames).toEqual(['a']);
		expect(Array.from(crlf.frame.channels[0]!)).toEqual(Array.from(lf.frame.channels[0]!));
		expect(crlf.report.emptyLines).toBe(1);
	});

	it('reads decimal commas', () => {
		const table = readCsvText('t_s;a\n0;1,5\n0,5;-2,25\n');
		expect(table.format.timeFormat).toBe('relative-s');
		expect(Array.from(table.frame.t)).toEqual([0, 500]);
		expect(Array.from(table.frame.channels[0]!)).toEqual([1.5, -2.25]);
	});

	it('generates times from the sample rate when there is no time column', () => {
		const table = readCsvText('a\n1\n2\n3\n', { sampleRateHz: 4, startTimeMs: 1000 });
		expect(Array.from(table.frame.t)).toEqual([1000, 1250, 1500]);
		const unusable = readCsvText('a\n1\n2\n', { sampleRateHz: 0 });
		expect(Array.from(unusable.frame.t)).toEqual([0, 1000]);
		expect(unusable.report.warnings).toEqual([
			'no time column and no usable sample rate (0): assumed 1 Hz'
		]);
	});

	it('reads zone-less date-times as UTC unless told the offset, and honours written zones', () => {
		const text = 'time,a\n2020-03-09T15:56:30,1\n2020-03-09T15:56:31+01:00,2\n';
		const utc = readCsvText(text);
		expect(Array.from(utc.frame.t)).toEqual([
			Date.UTC(2020, 2, 9, 15, 56, 30),
			Date.UTC(2020, 2, 9, 14, 56, 31)
		]);
		const cet = readCsvText(text, { zoneOffsetMinutes: 60 });
		expect(cet.frame.t[0]).toBe(Date.UTC(2020, 2, 9, 14, 56, 30));
	});
});

/** A file in SKAB's format (generated here: SKAB itself is GPL and is not copied into tests). */
function skabLike(rows: number): string {
	const header =
		'datetime;Accelerometer1RMS;Accelerometer2RMS;Current;Pressure;Temperature;Thermocouple;' +
		'Voltage;Volume Flow RateRMS;anomaly;changepoint';
	const lines = [header];
	for (let i = 0; i < rows; i++) {
		const time = new Date(Date.UTC(2020, 2, 9, 15, 56, 30 + i)).toISOString().slice(0, 19);
		const values = Array.from({ length: 8 }, (_, c) => (0.25 * c + i * 0.5).toFixed(4));
		const anomaly = i >= rows / 2 ? '1.0' : '0.0';
		const changepoint = i === Math.ceil(rows / 2) ? '1.0' : '0.0';
		lines.push([time.replace('T', ' '), ...values, anomaly, changepoint].join(';'));
	}
	return lines.join('\r\n') + '\r\n';
}

describe('SKAB and Edge Impulse formats', () => {
	it('reads a SKAB-format file: 8 channels, 2 label columns, UTC seconds', () => {
		const table = readCsvText(skabLike(6));
		expect(table.format.delimiter).toBe(';');
		expect(table.format.timeFormat).toBe('datetime-no-zone');
		expect(table.channelNames).toHaveLength(8);
		expect(table.channelNames[7]).toBe('Volume Flow RateRMS');
		expect(table.labelNames).toEqual(['anomaly', 'changepoint']);
		expect(Array.from(table.labels[0]!)).toEqual([0, 0, 0, 1, 1, 1]);
		expect(Array.from(table.labels[1]!)).toEqual([0, 0, 0, 1, 0, 0]);
		expect(table.frame.t[5]! - table.frame.t[0]!).toBe(5000);
		expect(table.frame.t[0]).toBe(Date.UTC(2020, 2, 9, 15, 56, 30));
		expect(table.frame.channels[3]![2]).toBeCloseTo(1.75, 6);
		expect(table.format.sampleRateHz).toBe(1);
		expect(table.report.issueCount).toBe(0);
	});

	it('reads Edge Impulse-style CSV: relative ms timestamps, one column per axis', () => {
		const text = 'timestamp,accX,accY,accZ\n0,0.1,-9.8,0.3\n16,0.2,-9.7,0.4\n32,0.3,-9.6,0.5\n';
		const table = readCsvText(text, { startTimeMs: T0 });
		expect(table.format.timeFormat).toBe('relative-ms');
		expect(table.channelNames).toEqual(['accX', 'accY', 'accZ']);
		expect(Array.from(table.frame.t)).toEqual([T0, T0 + 16, T0 + 32]);
		expect(table.format.sampleRateHz).toBe(62.5);
		expect(table.frame.channels[1]![2]).toBeCloseTo(-9.6, 5);
	});
});

describe('CsvReader streaming', () => {
	function readInPieces(text: string, cuts: number[], format?: CsvFormat) {
		const reader = new CsvReader({ chunkRows: 2, format });
		const chunks: CsvChunk[] = [];
		let from = 0;
		for (const cut of [...cuts, text.length]) {
			chunks.push(...reader.push(text.slice(from, cut)));
			from = cut;
		}
		const end = reader.finish();
		chunks.push(...end.chunks);
		return { chunks, report: end.report };
	}

	it('gives identical output wherever the text is cut', () => {
		const text =
			'\uFEFFtime;a;note;anomaly\r\n2020-01-01 00:00:00;1,5;"x;\r\ny";0\r\n' +
			'2020-01-01 00:00:01;oops;"";1\r\n\r\nbad line\r\n2020-01-01 00:00:03;4;"q""";1\r\n';
		const whole = readInPieces(text, []);
		expect(whole.report.rowsKept).toBe(3);
		expect(whole.chunks.map((c) => c.firstRow)).toEqual([0, 2]);
		const format = readCsvText(text).format;
		for (let cut = 0; cut <= text.length; cut++) {
			for (const fmt of [undefined, format]) {
				const split = readInPieces(text, [cut], fmt);
				expect(split.report).toEqual(whole.report);
				expect(split.chunks).toEqual(whole.chunks);
			}
		}
	});

	it('gives identical output when fed one character at a time', () => {
		const text = skabLike(9);
		const cuts = Array.from({ length: text.length }, (_, i) => i);
		expect(readInPieces(text, cuts)).toEqual(readInPieces(text, []));
	});

	it('emits full chunks as soon as they are complete, after the sniff sample', () => {
		const text = skabLike(2000);
		const reader = new CsvReader({ chunkRows: 500 });
		expect(reader.push(text.slice(0, 1000))).toEqual([]); // still sniffing
		const early = reader.push(text.slice(1000, 100_000));
		expect(early.length).toBeGreaterThan(0);
		expect(early.every((c) => c.frame.t.length === 500)).toBe(true);
		const rest = [...reader.push(text.slice(100_000)), ...reader.finish().chunks];
		const rows = [...early, ...rest].reduce((n, c) => n + c.frame.t.length, 0);
		expect(rows).toBe(2000);
		expect(reader.labelNames).toEqual(['anomaly', 'changepoint']);
	});
});

describe('readCsvText: odd inputs', () => {
	it('reads tab-separated and whitespace-aligned files', () => {
		const tab = readCsvText('time\tx\ty\n0\t1.5\t2\n10\t2.5\t3\n');
		const spaced = readCsvText('  time    x    y\n     0  1.5    2\n    10  2.5    3\n');
		for (const table of [tab, spaced]) {
			expect(table.channelNames).toEqual(['x', 'y']);
			expect(Array.from(table.frame.t)).toEqual([0, 10]);
			expect(Array.from(table.frame.channels[1]!)).toEqual([2, 3]);
		}
	});

	it('gives an empty table for empty input or a header alone, without throwing', () => {
		for (const text of ['', '\n\n', 'time,a,b\n']) {
			const table = readCsvText(text);
			expect(table.frame.t).toHaveLength(0);
			expect(table.report.rowsRejected).toBe(0);
		}
		expect(readCsvText('time,a,b\n').channelNames).toEqual(['a', 'b']);
	});

	it('numbers lines from 1 without a header', () => {
		const table = readCsvText('1,2\n3\n5,6\n');
		expect(table.format.hasHeader).toBe(false);
		expect(table.report.issues.map((i) => i.message)).toEqual([
			'line 2: expected 2 fields, found 1, row dropped'
		]);
	});
});
