import { describe, expect, it } from 'vitest';
import { decodeText, lineConfig } from './testing';

const labelled = (overrides = {}) =>
	lineConfig({ kind: 'labelled', delimiter: undefined, channels: ['temp', 'hum'], ...overrides });

describe('labelled lines (Arduino Serial Plotter style)', () => {
	it('reads pairs separated by commas, spaces or tabs, with or without a space after the colon', () => {
		const text = 'temp:21.5,hum:40\ntemp:21.6 hum:41\ntemp: 21.7, hum: 42\ntemp:21.8\thum:43\n';
		expect(decodeText(labelled(), text).values).toEqual([
			[21.5, 21.6, 21.7, 21.8].map(Math.fround),
			[40, 41, 42, 43]
		]);
	});

	it('takes keys in any order; a key given twice keeps its last value', () => {
		expect(decodeText(labelled(), 'hum:40,temp:1,temp:2\n').values).toEqual([[2], [40]]);
	});

	it('a missing key or a value that is not a number is a gap, counted', () => {
		const decoded = decodeText(labelled(), 'temp:21.5\nhum:nan temp:err\ntemp: hum:40\n');
		expect(decoded.values).toEqual([
			[21.5, NaN, NaN],
			[NaN, NaN, 40]
		]);
		expect(decoded.stats).toMatchObject({ samples: 3, gapFields: 4 });
	});

	it('reports a new key once so the UI can offer to add it, and ignores its values', () => {
		const decoded = decodeText(labelled(), [
			'temp:1 hum:2 pressure:1013\n',
			'temp:1 pressure:1014 rpm:5\n'
		]);
		expect(decoded.unknownKeys).toEqual(['pressure', 'rpm']);
		expect(decoded.batches[0]!.unknownKeys).toEqual(['pressure']);
		expect(decoded.batches[1]!.unknownKeys).toEqual(['rpm']);
		expect(decoded.values).toEqual([
			[1, 1],
			[2, NaN]
		]);
	});

	it('rejects lines without pairs, or whose keys name no channel', () => {
		const decoded = decodeText(labelled(), '1.5,2\nstatus:ok\n{"temp":1}\ntemp:3\n');
		expect(decoded.values).toEqual([[3], [NaN]]);
		expect(decoded.rejected.map((r) => r.reason)).toEqual([
			'no label:value pair',
			'no key names a channel',
			'no key names a channel'
		]);
	});

	it('reads a timestamp key; a line without it is rejected', () => {
		const config = labelled({ timestamp: { kind: 'field', key: 'ms', unit: 'ms', epoch: true } });
		const decoded = decodeText(
			config,
			'ms:1712000000000 temp:1\ntemp:2\nms:1712000000020,temp:3\n'
		);
		expect(decoded.t).toEqual([1712000000000, 1712000000020]);
		expect(decoded.rejected.map((r) => r.reason)).toEqual(["missing timestamp key 'ms'"]);
	});
});
