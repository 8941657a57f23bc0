import type { SeededRandom } from '../random';

/**
 * Test support for the fuzz tests: field texts whose decoded value is known. Not used at run time.
 * The expected value of a number text is `Math.fround(Number(text))` (a gap if that overflows
 * float32): the decoder promises to read numbers exactly as `Number()` does.
 */

export interface FieldText {
	text: string;
	/** What the decoder must store: float32-rounded, or NaN for a gap. */
	expected: number;
	/** A number (counts for "the line has a number"). */
	isNumber: boolean;
	/** Not a number and not a written-out gap word: text such as `err`. */
	isText: boolean;
}

const GAP_WORDS = ['nan', 'NaN', 'inf', '-inf', 'Infinity', '-Infinity', 'null', 'ovf', 'N/A', '-'];
const TEXT_WORDS = ['err', 'x1', 'abc', 'E', 'hi!', '0x1f', '1.2.3', '5e', '--3'];

/** Picks one element. */
export function pick<T>(random: SeededRandom, items: readonly T[]): T {
	return items[Math.floor(random.next() * items.length)]!;
}

/** An integer in [from, to]. */
export function int(random: SeededRandom, from: number, to: number): number {
	return from + Math.floor(random.next() * (to - from + 1));
}

/** The text of a random number in one of the forms devices print, and its exact value. */
export function numberText(random: SeededRandom): { text: string; value: number } {
	const magnitude = 10 ** int(random, -3, 6);
	const raw = random.gaussian() * magnitude;
	let text: string;
	switch (int(random, 0, 9)) {
		case 0:
			text = String(Math.round(raw));
			break;
		case 1:
			text = raw.toExponential(int(random, 0, 8));
			break;
		case 2:
			text = String(raw); // shortest round-trip, up to 17 digits
			break;
		case 3:
			text = pick(random, ['.5', '+2', '-0', '5.', '0.000', '-.25', '1E3', '2e-7', '+1.5e+2']);
			break;
		case 4:
			text = pick(random, ['12345678901234567890', '0.12345678901234567890123', '1e-50', '3.4e38']);
			break;
		default:
			text = raw.toFixed(int(random, 0, 6));
	}
	return { text, value: Number(text) };
}

/**
 * A field for a data line: mostly numbers, sometimes a written-out gap, text, or a number too big
 * for float32. `allowEmpty`: '' is a possible gap (not with the space delimiter, where it cannot
 * exist). `decimalComma`: numbers are written with `,`.
 */
export function fieldText(
	random: SeededRandom,
	options: { allowEmpty: boolean; decimalComma: boolean }
): FieldText {
	const roll = random.next();
	if (roll < 0.07) {
		const words = options.allowEmpty ? [...GAP_WORDS, ''] : GAP_WORDS;
		return { text: pick(random, words), expected: NaN, isNumber: false, isText: false };
	}
	if (roll < 0.1) {
		return { text: pick(random, TEXT_WORDS), expected: NaN, isNumber: false, isText: true };
	}
	if (roll < 0.12) {
		// Finite doubles that float32 cannot hold: gaps, never Infinity.
		const text = pick(random, ['1e39', '-3.5e38', '1e300', '3.4028236e38']);
		return {
			text: commaFor(text, options.decimalComma),
			expected: NaN,
			isNumber: true,
			isText: false
		};
	}
	const { text, value } = numberText(random);
	const stored = Math.fround(value);
	return {
		text: commaFor(text, options.decimalComma),
		expected: Number.isFinite(stored) ? stored : NaN,
		isNumber: true,
		isText: false
	};
}

function commaFor(text: string, decimalComma: boolean): string {
	return decimalComma ? text.replace('.', ',') : text;
}

/** Characters of garbage lines: no digits and none of the letters of gap words, so never a number or a gap. */
const GARBAGE_CHARS = 'bcdghjkmpqrswxyz~!@$%^&*()[]<>|_=:{}",; \t';

/** A line that no protocol accepts: starts with `~` (not a key, name, number or `{`). */
export function garbageLine(random: SeededRandom, length: number): string {
	let chunk = '~';
	for (let i = 1; i < Math.min(length, 64); i++) {
		chunk += GARBAGE_CHARS[int(random, 0, GARBAGE_CHARS.length - 1)];
	}
	// Long lines repeat their first 64 characters: as good as random for the splitter, and cheap.
	return length <= 64 ? chunk : chunk.repeat(Math.ceil(length / 64)).slice(0, length);
}

/** Any UTF-16 text, line endings, lone surrogates and all: for "never throws" fuzzing. */
export function randomText(random: SeededRandom, length: number): string {
	const alphabet = '0123456789.,;:-+eE \t\r\n{}[]"#nafiNIx_tc\u00e9\u00b0\ud83d\ude00\ud800';
	let text = '';
	for (let i = 0; i < length; i++) {
		text +=
			random.next() < 0.05
				? String.fromCharCode(int(random, 0, 0xffff))
				: alphabet[int(random, 0, alphabet.length - 1)];
	}
	return text;
}

/**
 * Cuts `text` into pieces: one per character, random sizes, or whole, as reads would. Pieces of a
 * long text are larger on average (each push costs a batch), yet still sometimes a few characters.
 */
export function cutIntoPieces(random: SeededRandom, text: string): string[] {
	const style = random.next();
	if (style < 0.1) return [text];
	// Every cut position is tested exhaustively elsewhere; here one input in 20 goes by the character.
	if (style < 0.15 && text.length < 120) return text.split(''); // UTF-16 units, halves of pairs too
	const largest = text.length < 1000 ? pick(random, [8, 64, 64, 256]) : 2000;
	const pieces: string[] = [];
	for (let at = 0; at < text.length;) {
		const size = int(random, 1, largest);
		pieces.push(text.slice(at, at + size));
		at += size;
	}
	return pieces;
}
