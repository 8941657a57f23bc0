import { describe, expect, it } from 'vitest';
import { decodeText, lineConfig } from './testing';

describe('delimited lines', () => {
	it('reads comma, semicolon, tab and space separated values', () => {
		const cases = [
			[',', '1.5,2\n-3,4e2\n'],
			[';', '1.5;2\n-3;4e2\n'],
			['\t', '1.5\t2\n-3\t4e2\n'],
			[' ', '1.5 2\n  -3 \t  4e2  \n']
		] as const;
		for (const [delimiter, text] of cases) {
			const decoded = decodeText(lineConfig({ delimiter }), text);
			expect(decoded.values, JSON.stringify(delimiter)).toEqual([
				[1.5, -3],
				[2, 400]
			]);
		}
	});

	it('stores float32-rounded values in a frame sized exactly to the samples', () => {
		const { batches } = decodeText(lineConfig(), '0.1,2\n0.2,3\n');
		const frame = batches[0]!.frame;
		expect(frame.t).toHaveLength(2);
		expect(frame.channels[0]).toBeInstanceOf(Float32Array);
		expect(frame.channels[0]![0]).toBe(Math.fround(0.1));
	});

	it('rejects a line with the wrong number of fields, saying which line and why', () => {
		const decoded = decodeText(lineConfig(), '1,2\n1,2,3\n4\n5,6\n');
		expect(decoded.values).toEqual([
			[1, 5],
			[2, 6]
		]);
		expect(decoded.stats.invalidLines).toBe(2);
		expect(decoded.rejected).toEqual([
			{ line: 2, reason: 'expected 2 fields, got 3', excerpt: '1,2,3' },
			{ line: 3, reason: 'expected 2 fields, got 1', excerpt: '4' }
		]);
	});

	it('turns text, NaN and Infinity into gaps and counts them; Infinity is not a sensor value', () => {
		const decoded = decodeText(
			lineConfig({ channels: ['a', 'b', 'c'] }),
			'nan,inf,1\n-Infinity,err,2\n,ovf,3\n1e39,1,4\n'
		);
		expect(decoded.values).toEqual([
			[NaN, NaN, NaN, NaN],
			[NaN, NaN, NaN, 1],
			[1, 2, 3, 4]
		]);
		expect(decoded.stats).toMatchObject({ samples: 4, gapFields: 7, invalidLines: 0 });
	});

	it('keeps a line of written-out gaps only (a sensor unplugged) but rejects a line of text', () => {
		const decoded = decodeText(lineConfig(), '1,2\nnan,-\nerror,overload\n');
		expect(decoded.values).toEqual([
			[1, NaN],
			[2, NaN]
		]);
		expect(decoded.rejected.map((r) => r.reason)).toEqual(['no number in the line']);
	});

	it('tolerates one trailing delimiter (Arduino loops print `a,b,`) but not two', () => {
		const decoded = decodeText(lineConfig(), '1,2,\n3,4, \n5,6,,\n');
		expect(decoded.values).toEqual([
			[1, 3],
			[2, 4]
		]);
		expect(decoded.stats.invalidLines).toBe(1);
	});

	it('keeps an empty first field with the tab delimiter (a leading tab is not whitespace there)', () => {
		const decoded = decodeText(lineConfig({ delimiter: '\t' }), '\t2\n1\t\n');
		expect(decoded.values).toEqual([
			[NaN, 1],
			[2, NaN]
		]);
	});

	it('reads a decimal comma with semicolons', () => {
		const decoded = decodeText(lineConfig({ delimiter: ';', decimalComma: true }), '21,5;-0,25\n');
		expect(decoded.values).toEqual([[21.5], [-0.25]]);
	});

	it('reads a leading timestamp column and rejects a line whose timestamp is not a number', () => {
		const config = lineConfig({ timestamp: { kind: 'field', unit: 'ms', epoch: true } });
		const decoded = decodeText(config, '1712000000000,1,2\n1712000000010,3,4\nlater,5,6\n');
		expect(decoded.t).toEqual([1712000000000, 1712000000010]);
		expect(decoded.values).toEqual([
			[1, 3],
			[2, 4]
		]);
		expect(decoded.rejected[0]!.reason).toBe("timestamp 'later' is not a number");
	});
});

describe('delimited headers', () => {
	const fromHeader = lineConfig({ channelsFromHeader: true });

	it('a first line of names renames the channels, with units, and the batch says so', () => {
		const decoded = decodeText(fromHeader, 'temp (°C),hum [%]\n21.5,40\n');
		expect(decoded.config.channels).toEqual(['temp', 'hum']);
		expect(decoded.config.units).toEqual(['°C', '%']);
		expect(decoded.renamed).toEqual([['temp', 'hum']]);
		expect(decoded.stats).toMatchObject({ headerLines: 1, samples: 1, invalidLines: 0 });
	});

	it('a commented header renames at any time; its time column name is dropped', () => {
		const config = {
			...fromHeader,
			timestamp: { kind: 'field', unit: 'ms', epoch: false } as const
		};
		const decoded = decodeText(config, '5,1,2\n# millis temp hum\n6,3,4\n');
		expect(decoded.config.channels).toEqual(['temp', 'hum']);
		expect(decoded.values).toEqual([
			[1, 3],
			[2, 4]
		]);
	});

	it('does not rename when the config does not take names from the header', () => {
		const decoded = decodeText(lineConfig(), 'temp,hum\n1,2\n');
		expect(decoded.config.channels).toEqual(['a', 'b']);
		expect(decoded.stats.headerLines).toBe(1);
		expect(decoded.renamed).toEqual([]);
	});

	it('a bare line of names after data is invalid, unless it repeats the header (device reboot)', () => {
		const decoded = decodeText(fromHeader, 'x,y\n1,2\nx,y\n3,4\np,q\n');
		expect(decoded.config.channels).toEqual(['x', 'y']);
		expect(decoded.stats).toMatchObject({ headerLines: 2, invalidLines: 1, samples: 2 });
	});

	it('a header with the wrong number of names renames nothing; a comment line is just a comment', () => {
		const decoded = decodeText(fromHeader, '# a b c\n# sensor v1.2 ready 3\n1,2\n');
		expect(decoded.config.channels).toEqual(['a', 'b']);
		expect(decoded.stats).toMatchObject({ commentLines: 2, headerLines: 0, samples: 1 });
	});

	it('boot messages are not headers: names must start with a letter and hold no `:`', () => {
		const decoded = decodeText(
			fromHeader,
			'rst:0x1 (POWERON_RESET),boot:0x13\nentry,0x400806a8\n1,2\n'
		);
		expect(decoded.config.channels).toEqual(['a', 'b']);
		expect(decoded.stats).toMatchObject({ invalidLines: 2, headerLines: 0 });
	});
});
