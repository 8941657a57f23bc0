import { describe, expect, it } from 'vitest';
import { checkLineProtocolConfig } from './config';
import { createLineDecoder, MAX_REJECTED_PER_PUSH, MAX_UNKNOWN_KEYS } from './decoder';
import { decodeText, lineConfig } from './testing';
import type { LineProtocolConfig } from './types';

const SAMPLES: [string, LineProtocolConfig, string][] = [
	[
		'delimited',
		lineConfig({ timestamp: { kind: 'field', unit: 'ms', epoch: true } }),
		'# time,a,b\r\n1712000000000,1.5,2\r\n1712000000010,nan,3\r\n\r\noops\r\n1712000000020,4,5'
	],
	[
		'labelled',
		lineConfig({ kind: 'labelled', delimiter: undefined }),
		'a:1,b:2\rb:3 a:4\r\rjunk\ra:5\r'
	],
	[
		'json',
		lineConfig({ kind: 'json', delimiter: undefined }),
		'{"a":1,"b":{"c":2}}\n{"b":3,"a":4}\n[]\n{"a":5}\n'
	]
];

describe('createLineDecoder', () => {
	for (const [kind, config, text] of SAMPLES) {
		it(`${kind}: the same samples and counts for every split of the text into two or three reads`, () => {
			const whole = decodeText(config, text);
			expect(whole.stats.samples).toBeGreaterThanOrEqual(3);
			for (let i = 0; i <= text.length; i++) {
				for (let j = i; j <= text.length; j += 3) {
					const split = decodeText(config, [text.slice(0, i), text.slice(i, j), text.slice(j)]);
					expect(split.values, `cuts at ${i}, ${j}`).toEqual(whole.values);
					expect(split.stats, `cuts at ${i}, ${j}`).toEqual(whole.stats);
					if (kind === 'delimited') expect(split.t).toEqual(whole.t);
				}
			}
		});
	}

	it('counts every line exactly once by kind', () => {
		const config = lineConfig({ maxLineChars: 10 });
		const { stats } = decodeText(config, 'x,y\n1,2\n\n  \n# hello 1\n1,2,3\n12345678901,2\n3,4');
		expect(stats).toEqual({
			bytes: 45,
			lines: 8,
			samples: 2,
			invalidLines: 1,
			longLines: 1,
			gapFields: 0,
			headerLines: 1,
			commentLines: 1,
			blankLines: 2,
			timestampResets: 0
		});
	});

	it('keeps at most a few dozen rejected lines per push but counts them all', () => {
		const decoded = decodeText(lineConfig(), 'bad\n'.repeat(500));
		expect(decoded.batches[0]!.rejected).toHaveLength(MAX_REJECTED_PER_PUSH);
		expect(decoded.stats.invalidLines).toBe(500);
	});

	it('reports at most MAX_UNKNOWN_KEYS unknown keys over its life', () => {
		const config = lineConfig({ kind: 'labelled', delimiter: undefined });
		const text = Array.from({ length: 1000 }, (_, i) => `a:1 k${i}:2\n`).join('');
		expect(decodeText(config, text).unknownKeys).toHaveLength(MAX_UNKNOWN_KEYS);
	});

	it('returns a stats snapshot that later pushes do not change', () => {
		const decoder = createLineDecoder(lineConfig());
		const before = decoder.stats;
		decoder.push('1,2\n', 0);
		expect(before.samples).toBe(0);
		expect(decoder.stats.samples).toBe(1);
	});

	it('refuses a config that cannot work, naming the problem (the UI checks first)', () => {
		const broken = lineConfig({ delimiter: undefined, channels: ['a', 'a'], units: [''] });
		expect(checkLineProtocolConfig(broken)).toEqual([
			'a delimited protocol needs a delimiter',
			'1 units for 2 channels',
			"channel name 'a' is used twice"
		]);
		expect(() => createLineDecoder(broken)).toThrow(/needs a delimiter/);
		expect(checkLineProtocolConfig(lineConfig())).toEqual([]);
	});
});
