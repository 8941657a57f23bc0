import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../random';
import { numberText } from './fuzz-values';
import { isGapWordIn, parseNumberIn } from './number-field';

const parse = (text: string, decimalComma = false) =>
	parseNumberIn(text, 0, text.length, decimalComma);

describe('parseNumberIn', () => {
	it('reads the forms devices print exactly as Number() does', () => {
		const forms = [
			'0',
			'-0',
			'+2',
			'21.5',
			' 21.5 ',
			'-.25',
			'5.',
			'1e3',
			'1E-3',
			'2.5e+2',
			'0.1',
			'0.30000000000000004',
			'123456789012345',
			'1234567890123456789',
			'9007199254740993',
			'0.1234567890123456789012345',
			'1e-320',
			'17e307',
			'000123.4500'
		];
		for (const text of forms) expect(Object.is(parse(text), Number(text)), text).toBe(true);
	});

	it('reads a range inside a longer text without slicing it', () => {
		const line = 'x,-12.75,y';
		expect(parseNumberIn(line, 2, 8, false)).toBe(-12.75);
	});

	it('refuses what is not a finite decimal number: hex, infinities, blanks, junk', () => {
		for (const text of [
			'',
			' ',
			'.',
			'-',
			'+',
			'e5',
			'1e',
			'1e+',
			'0x1f',
			'0b1',
			'Infinity',
			'-inf',
			'NaN',
			'1.2.3',
			'1,5',
			'12a',
			'1 2',
			'--1',
			'1e400',
			'\t'
		]) {
			expect(parse(text), JSON.stringify(text)).toBeNaN();
		}
	});

	it('reads a decimal comma when asked, and then not a decimal point', () => {
		expect(parse('21,5', true)).toBe(21.5);
		expect(parse('-0,125e2', true)).toBe(-12.5);
		expect(parse('21.5', true)).toBeNaN();
	});

	it('agrees with Number() on 20,000 random number texts (fast path and fallback)', () => {
		const random = new SeededRandom(7);
		let fastPath = 0;
		for (let i = 0; i < 20_000; i++) {
			const { text, value } = numberText(random);
			const parsed = parse(text);
			if (!Object.is(parsed, value)) expect.fail(`${text}: ${parsed}, Number() gives ${value}`);
			if (!/e/i.test(text) && text.replace(/\D/g, '').length <= 15) fastPath++;
		}
		expect(fastPath).toBeGreaterThan(10_000);
	});
});

describe('isGapWordIn', () => {
	it('knows the written-out gaps devices print, in any case', () => {
		for (const word of [
			'nan',
			'NaN',
			'-nan',
			'inf',
			'-INF',
			'Infinity',
			'ovf',
			'null',
			'N/A',
			'-',
			'',
			' '
		]) {
			expect(isGapWordIn(word, 0, word.length), word).toBe(true);
		}
		for (const word of ['err', 'temp', 'nana', '0'])
			expect(isGapWordIn(word, 0, word.length)).toBe(false);
	});
});
