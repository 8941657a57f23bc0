import { describe, expect, it } from 'vitest';
import { LineSplitter, type LineEnding, type LineSink } from './line-splitter';

/** Records what a splitter hands out: lines as text, long lines as `LONG:<excerpt>`. */
function collect(ending: LineEnding, pieces: readonly string[], maxLineChars = 100): string[] {
	const splitter = new LineSplitter(ending, maxLineChars);
	const out: string[] = [];
	const sink: LineSink = {
		line: (text, start, end) => out.push(text.slice(start, end)),
		longLine: (excerpt) => out.push(`LONG:${excerpt}`)
	};
	for (const piece of pieces) splitter.push(piece, sink);
	splitter.flush(sink);
	return out;
}

const MULTI_LINE: Record<LineEnding, string> = {
	auto: 'a,1\r\nb,2\nc,3\r\r\n\nd,4\re',
	'\n': 'a,1\nb\r,2\n\nc,3',
	'\r\n': 'a,1\r\nb\r,2\n\r\n\r\nc\r\r\n',
	'\r': 'a,1\rb\n,2\r\rc,3\r'
};

const EXPECTED: Record<LineEnding, string[]> = {
	auto: ['a,1', 'b,2', 'c,3', '', '', 'd,4', 'e'],
	'\n': ['a,1', 'b\r,2', '', 'c,3'],
	'\r\n': ['a,1', 'b\r,2\n', '', 'c\r'],
	'\r': ['a,1', 'b\n,2', '', 'c,3']
};

describe('LineSplitter', () => {
	for (const ending of Object.keys(MULTI_LINE) as LineEnding[]) {
		const text = MULTI_LINE[ending];
		it(`${JSON.stringify(ending)}: splits whole text as expected`, () => {
			expect(collect(ending, [text])).toEqual(EXPECTED[ending]);
		});

		it(`${JSON.stringify(ending)}: gives the same lines for every pair of cut positions`, () => {
			for (let i = 0; i <= text.length; i++) {
				for (let j = i; j <= text.length; j++) {
					const pieces = [text.slice(0, i), text.slice(i, j), text.slice(j)];
					expect(collect(ending, pieces), `cuts at ${i} and ${j}`).toEqual(EXPECTED[ending]);
				}
			}
		});

		it(`${JSON.stringify(ending)}: gives the same lines fed one character at a time`, () => {
			expect(collect(ending, text.split(''))).toEqual(EXPECTED[ending]);
		});
	}

	it('auto: a CRLF split between \\r and \\n is one ending, not an extra blank line', () => {
		expect(collect('auto', ['21.5,40\r', '\n22,41\r', '\n'])).toEqual(['21.5,40', '22,41']);
	});

	it('\\r\\n: a held \\r that is not followed by \\n stays in the line', () => {
		expect(collect('\r\n', ['a\r', 'b\r\n'])).toEqual(['a\rb']);
		expect(collect('\r\n', ['a\r', '\r', '\n'])).toEqual(['a\r']);
	});

	it('keeps a line of exactly maxLineChars and drops one character more, with an excerpt', () => {
		const atLimit = 'x'.repeat(10);
		expect(collect('\n', [`${atLimit}\n${atLimit}y\nok\n`], 10)).toEqual([
			atLimit,
			`LONG:${atLimit}y`,
			'ok'
		]);
	});

	it('drops a long line the same whether it arrives whole or in pieces, excerpt included', () => {
		const long = Array.from({ length: 200 }, (_, i) => String.fromCharCode(97 + (i % 26))).join('');
		const text = `${long}\r\nshort\r\n`;
		const expected = [`LONG:${long.slice(0, 120)}`, 'short'];
		for (const ending of ['auto', '\r\n'] as const) {
			expect(collect(ending, [text], 20)).toEqual(expected);
			for (let i = 0; i <= text.length; i += 7) {
				for (let j = i; j <= text.length; j += 5) {
					const pieces = [text.slice(0, i), text.slice(i, j), text.slice(j)];
					expect(collect(ending, pieces, 20), `cuts at ${i} and ${j}`).toEqual(expected);
				}
			}
		}
	});

	it('does not buffer a megabyte line without an ending: memory stays at maxLineChars', () => {
		const splitter = new LineSplitter('auto', 1000);
		const out: string[] = [];
		const sink: LineSink = {
			line: (text, start, end) => out.push(text.slice(start, end)),
			longLine: (excerpt) => out.push(`LONG:${excerpt.length}`)
		};
		const piece = 'garbage-'.repeat(125);
		let largestBuffer = 0;
		for (let i = 0; i < 1000; i++) {
			splitter.push(piece, sink);
			largestBuffer = Math.max(largestBuffer, splitter.bufferedChars);
		}
		expect(largestBuffer).toBeLessThanOrEqual(1000);
		splitter.push('tail\n1,2\n', sink);
		expect(out).toEqual(['LONG:120', '1,2']);
	});

	it('flush completes a last line without an ending, and a long one as long', () => {
		expect(collect('\n', ['a\nlast'])).toEqual(['a', 'last']);
		expect(collect('\n', ['a\n', 'x'.repeat(30)], 20)).toEqual(['a', `LONG:${'x'.repeat(30)}`]);
		expect(collect('\r\n', ['a\r'])).toEqual(['a']);
	});

	it('refuses a limit that is not a positive integer (a bug in the caller)', () => {
		expect(() => new LineSplitter('\n', 0)).toThrow(/maxLineChars/);
	});
});
