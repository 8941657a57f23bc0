/**
 * Numbers read in place from a line (`text[start..end)`), by hand: the decoder's hot path parses
 * every field of every line, and a slice plus `Number()` per field costs an allocation each.
 */

const SPACE = 32;
const TAB = 9;
const CR = 13;
const LF = 10;
const PLUS = 43;
const MINUS = 45;
const DOT = 46;
const COMMA = 44;
const ZERO = 48;
const NINE = 57;
const LOWER_E = 101;
const UPPER_E = 69;

/** 2^53: below it every integer is an exact double. */
const EXACT_INTEGER_LIMIT = 9007199254740992;
/** 10^0..10^22 are exact doubles, so `mantissa / 10^k` is one correctly rounded division. */
const POWERS_OF_TEN = Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));

/** Whitespace inside a line: space, tab, and a stray `\r` or `\n` left by a strict line ending. */
export function isSpace(code: number): boolean {
	return code === SPACE || code === TAB || code === CR || code === LF;
}

/**
 * The number written in `text[start..end)` (surrounding whitespace ignored), or `NaN` when it is
 * not one. Accepted: `[+-]? digits [. digits] [e [+-] digits]`, also `.5` and `5.`, with `,` as the
 * decimal mark when `decimalComma`. Not accepted: hex (`0x1f`), `Infinity`, `inf`, `NaN`, blanks
 * (`Number('')` would be 0), and values too large for a double. Infinity is never a sensor value: a
 * device prints `inf` for an overflow or a division by zero, which is a missing reading, so it
 * becomes a gap like `NaN`.
 *
 * Results equal `Number(text)` exactly: simple decimals with ≤ 15 significant digits and ≤ 22
 * decimals are computed directly (Clinger's fast path), anything else goes through `Number()`.
 */
export function parseNumberIn(
	text: string,
	start: number,
	end: number,
	decimalComma: boolean
): number {
	while (start < end && isSpace(text.charCodeAt(start))) start++;
	while (end > start && isSpace(text.charCodeAt(end - 1))) end--;
	if (start === end) return NaN;
	const decimalMark = decimalComma ? COMMA : DOT;
	let i = start;
	let code = text.charCodeAt(i);
	const negative = code === MINUS;
	if (negative || code === PLUS) i++;
	let mantissa = 0;
	let exact = true;
	let digits = 0;
	let decimals = 0;
	for (; i < end; i++) {
		code = text.charCodeAt(i);
		if (code < ZERO || code > NINE) break;
		mantissa = mantissa * 10 + (code - ZERO);
		digits++;
	}
	if (i < end && code === decimalMark) {
		for (i++; i < end; i++) {
			code = text.charCodeAt(i);
			if (code < ZERO || code > NINE) break;
			mantissa = mantissa * 10 + (code - ZERO);
			digits++;
			decimals++;
		}
	}
	if (digits === 0) return NaN;
	if (i < end && (code === LOWER_E || code === UPPER_E)) {
		i++;
		code = i < end ? text.charCodeAt(i) : 0;
		if (code === PLUS || code === MINUS) i++;
		const exponentStart = i;
		while (i < end && (code = text.charCodeAt(i)) >= ZERO && code <= NINE) i++;
		if (i === exponentStart) return NaN;
		exact = false;
	}
	if (i !== end) return NaN;
	if (exact && mantissa < EXACT_INTEGER_LIMIT && decimals <= 22) {
		const value = decimals === 0 ? mantissa : mantissa / POWERS_OF_TEN[decimals]!;
		return negative ? -value : value;
	}
	let literal = text.slice(start, end);
	if (decimalComma) literal = literal.replace(',', '.');
	const value = Number(literal);
	return Number.isFinite(value) ? value : NaN;
}

/** Written-out missing values: Arduino prints `nan`, `inf`, `ovf`; others `null`, `NA`, `-`. */
const GAP_WORDS = new Set([
	'',
	'nan',
	'-nan',
	'+nan',
	'inf',
	'-inf',
	'+inf',
	'infinity',
	'-infinity',
	'+infinity',
	'ovf',
	'null',
	'none',
	'na',
	'n/a',
	'-',
	'?'
]);

/** Whether a field that is not a number is a written-out gap (`nan`, `inf`, empty…) rather than text. */
export function isGapWordIn(text: string, start: number, end: number): boolean {
	return GAP_WORDS.has(text.slice(start, end).trim().toLowerCase());
}
