import { parseJsonLine } from './json';
import { isGapWordIn, parseNumberIn } from './number-field';
import type { Delimiter } from './types';

/**
 * How well each protocol explains the sample lines (non-blank, non-comment). Each scorer returns
 * its share of lines that look like data in that protocol, and what detection needs next: fields
 * or key values in line order. Not a hot path: clarity over speed.
 */

const DELIMITERS: Delimiter[] = [',', ';', '\t', ' '];
/** Channels proposed at most from keys (a JSON line with hundreds of keys is not all sensors). */
export const MAX_DETECTED_KEYS = 64;
const MAX_DEPTH = 8;

export interface DelimitedCandidate {
	delimiter: Delimiter;
	decimalComma: boolean;
	/** Fields per data line (the most common count among lines with numbers). */
	fieldCount: number;
	score: number;
	/** The fields of each line that has `fieldCount` fields and is mostly numbers, in line order. */
	rows: string[][];
}

export interface KeyedCandidate {
	score: number;
	/** Keys holding numbers, in order of first appearance. */
	keys: string[];
	/** Each key's numeric values in line order (NaN where a line lacks it). */
	values: Map<string, number[]>;
}

/** The best delimiter for `lines`, or null when no line has a number under any of them. */
export function scoreDelimited(lines: readonly string[]): DelimitedCandidate | null {
	let best: DelimitedCandidate | null = null;
	for (const delimiter of DELIMITERS) {
		for (const decimalComma of delimiter === ',' ? [false] : [false, true]) {
			const candidate = scoreDelimiter(lines, delimiter, decimalComma);
			if (!candidate || (best && !isBetter(candidate, best))) continue;
			best = candidate;
		}
	}
	return best;
}

function scoreDelimiter(
	lines: readonly string[],
	delimiter: Delimiter,
	decimalComma: boolean
): DelimitedCandidate | null {
	const split = lines.map((line) => splitFields(line, delimiter));
	const mostlyNumbers = (fields: string[]) => isMostlyNumbers(fields, decimalComma);
	const counts = new Map<number, number>();
	for (const fields of split) {
		if (mostlyNumbers(fields)) counts.set(fields.length, (counts.get(fields.length) ?? 0) + 1);
	}
	if (counts.size === 0) return null;
	// The most common count; on a tie the larger (a garbage line splits into fewer fields).
	const [fieldCount] = [...counts].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0]!;
	const rows = split.filter((fields) => fields.length === fieldCount && mostlyNumbers(fields));
	// Weighted by the share of numbers, so `21,5;40,1` read with `,` (`21`, `5;40`, `1`) loses
	// to `;` with a decimal comma.
	const numbers = rows.reduce(
		(sum, fields) => sum + numberCount(fields, decimalComma) / fieldCount,
		0
	);
	return { delimiter, decimalComma, fieldCount, score: numbers / lines.length, rows };
}

/** Higher score; on a tie more fields; on a tie still, the earlier delimiter (already `best`). */
function isBetter(candidate: DelimitedCandidate, best: DelimitedCandidate): boolean {
	if (candidate.score !== best.score) return candidate.score > best.score;
	return candidate.fieldCount > best.fieldCount;
}

/** Whether at least half of `fields` are numbers: a data row rather than a log line. */
export function isMostlyNumbers(fields: readonly string[], decimalComma: boolean): boolean {
	return numberCount(fields, decimalComma) * 2 >= fields.length;
}

function numberCount(fields: readonly string[], decimalComma: boolean): number {
	let numbers = 0;
	for (const field of fields) {
		if (!Number.isNaN(parseNumberIn(field, 0, field.length, decimalComma))) numbers++;
	}
	return numbers;
}

/** Fields as the decoder cuts them: by the delimiter, or runs of spaces; one trailing delimiter dropped. */
export function splitFields(line: string, delimiter: Delimiter): string[] {
	if (delimiter === ' ') return line.trim().split(/[ \t]+/);
	const fields = line.split(delimiter).map((field) => field.trim());
	if (fields.length > 1 && fields[fields.length - 1] === '') fields.pop();
	return fields;
}

const PAIR = /^([\p{L}_][^:"{}[\]]*):(.*)$/u;

/**
 * Lines in Arduino Serial Plotter style: every token a `key:value` pair (after `key: value` is
 * closed up), at least half of the values numbers or written-out gaps.
 */
export function scoreLabelled(lines: readonly string[]): KeyedCandidate {
	const collector = new KeyCollector(lines.length);
	let matching = 0;
	lines.forEach((line, index) => {
		const tokens = line
			.replace(/:[ \t]+/g, ':')
			.split(/[,\s]+/)
			.filter((token) => token !== '');
		const pairs = tokens.map((token) => PAIR.exec(token));
		if (pairs.length === 0 || pairs.some((pair) => pair === null)) return;
		const numbers = pairs.map((pair) => toNumber(pair![2]!));
		const numeric = pairs.filter((pair, i) => !Number.isNaN(numbers[i]) || isGap(pair![2]!));
		if (numeric.length * 2 < pairs.length) return;
		matching++;
		pairs.forEach((pair, i) => collector.add(pair![1]!, numbers[i]!, index, isGap(pair![2]!)));
	});
	return collector.result(matching / lines.length);
}

/** JSON objects with at least one numeric leaf (numbers, booleans, numeric strings, null). */
export function scoreJson(lines: readonly string[]): KeyedCandidate {
	const collector = new KeyCollector(lines.length);
	let matching = 0;
	lines.forEach((line, index) => {
		if (!line.trimStart().startsWith('{')) return;
		const parsed = parseJsonLine(line);
		const value = parsed.ok ? parsed.value : null;
		if (value === null || typeof value !== 'object' || Array.isArray(value)) return;
		const leaves: [string, number, boolean][] = [];
		flatten(value as Record<string, unknown>, '', 0, leaves);
		if (!leaves.some(([, number]) => !Number.isNaN(number))) return;
		matching++;
		for (const [key, number, gap] of leaves) collector.add(key, number, index, gap);
	});
	return collector.result(matching / lines.length);
}

function flatten(
	object: Record<string, unknown>,
	prefix: string,
	depth: number,
	leaves: [string, number, boolean][]
): void {
	for (const key in object) {
		const value = object[key];
		if (typeof value === 'object' && value !== null) {
			if (depth < MAX_DEPTH)
				flatten(value as Record<string, unknown>, `${prefix}${key}.`, depth + 1, leaves);
		} else if (typeof value === 'number' || typeof value === 'boolean') {
			leaves.push([prefix + key, Number(value), false]);
		} else if (typeof value === 'string' || value === null) {
			const number = value === null ? NaN : toNumber(value);
			if (value === null || !Number.isNaN(number))
				leaves.push([prefix + key, number, value === null]);
		}
	}
}

/** Keys in order of first appearance with their values by line; keys that never held a number are dropped. */
class KeyCollector {
	readonly #values = new Map<string, number[]>();
	readonly #numeric = new Set<string>();

	constructor(readonly lineCount: number) {}

	add(key: string, value: number, line: number, gap: boolean): void {
		let column = this.#values.get(key);
		if (!column) {
			if (this.#values.size >= MAX_DETECTED_KEYS * 2) return;
			column = new Array<number>(this.lineCount).fill(NaN);
			this.#values.set(key, column);
		}
		column[line] = value;
		if (!Number.isNaN(value) || gap) this.#numeric.add(key);
	}

	result(score: number): KeyedCandidate {
		const keys = [...this.#values.keys()].filter((key) => this.#numeric.has(key));
		return { score, keys, values: this.#values };
	}
}

function toNumber(text: string): number {
	return parseNumberIn(text, 0, text.length, false);
}

function isGap(text: string): boolean {
	return isGapWordIn(text, 0, text.length);
}
