import { isGapWordIn, isSpace, parseNumberIn } from './number-field';
import { quoteField, type LineParser } from './line-parser';
import type { SampleColumns } from './sample-columns';
import type { Delimiter } from './types';

const SPACE = 32;

/**
 * `21.5,40,1013`: one value per channel in column order, after a leading timestamp column when
 * `hasTimeColumn`. With `,` `;` or tab every delimiter separates two fields (spaces around a field
 * are ignored, one trailing delimiter is tolerated: Arduino loops often print `a,b,c,`); with
 * `' '` fields are separated by runs of spaces and tabs.
 *
 * Rules: the wrong number of fields rejects the line; a field that is not a number (text, `nan`,
 * `inf`, empty, beyond float32's range) is a gap; a line in which no field is a number and some
 * field is text rather than a written-out gap (`nan`, `-`) is not a sample (a log line, or a
 * header, which the decoder handles); a timestamp that is not a number rejects the line.
 */
export class DelimitedLineParser implements LineParser {
	reason = '';
	gapFields = 0;
	deviceTime = NaN;
	readonly #delimiter: number;
	readonly #channelCount: number;
	readonly #hasTimeColumn: boolean;
	readonly #decimalComma: boolean;
	// Per-line scratch, fields rather than locals passed around, so `#field` allocates nothing.
	#numbers = 0;
	#texts = 0;
	#badTime = '';

	constructor(
		delimiter: Delimiter,
		channelCount: number,
		hasTimeColumn: boolean,
		decimalComma: boolean
	) {
		this.#delimiter = delimiter.charCodeAt(0);
		this.#channelCount = channelCount;
		this.#hasTimeColumn = hasTimeColumn;
		this.#decimalComma = decimalComma;
	}

	parse(text: string, start: number, end: number, columns: SampleColumns): boolean {
		this.#numbers = 0;
		this.#texts = 0;
		this.gapFields = 0;
		this.deviceTime = NaN;
		this.#badTime = '';
		const expected = this.#channelCount + (this.#hasTimeColumn ? 1 : 0);
		let fields = 0;
		let trailingBlank = false;
		if (this.#delimiter === SPACE) {
			let i = start;
			for (;;) {
				while (i < end && isSpace(text.charCodeAt(i))) i++;
				if (i >= end) break;
				const fieldStart = i;
				while (i < end && !isSpace(text.charCodeAt(i))) i++;
				if (fields < expected) this.#field(text, fieldStart, i, fields, columns);
				fields++;
			}
		} else {
			const delimiter = this.#delimiter;
			let fieldStart = start;
			for (let i = start; i <= end; i++) {
				if (i < end && text.charCodeAt(i) !== delimiter) continue;
				if (fields < expected) this.#field(text, fieldStart, i, fields, columns);
				else if (fields === expected) trailingBlank = i === end && isBlank(text, fieldStart, i);
				fields++;
				fieldStart = i + 1;
			}
		}
		if (fields !== expected && !(fields === expected + 1 && trailingBlank)) {
			this.reason = `expected ${expected} fields, got ${fields}`;
			return false;
		}
		if (this.#badTime !== '') {
			this.reason = `timestamp ${this.#badTime} is not a number`;
			return false;
		}
		if (this.#numbers === 0 && this.#texts > 0) {
			this.reason = 'no number in the line';
			return false;
		}
		return true;
	}

	#field(text: string, start: number, end: number, index: number, columns: SampleColumns): void {
		const value = parseNumberIn(text, start, end, this.#decimalComma);
		const isNumber = value === value;
		if (isNumber) this.#numbers++;
		else if (!isGapWordIn(text, start, end)) this.#texts++;
		if (this.#hasTimeColumn) {
			if (index === 0) {
				if (isNumber) this.deviceTime = value;
				else this.#badTime = quoteField(text, start, end);
				return;
			}
			index--;
		}
		const stored = Math.fround(value); // NaN stays NaN; beyond float32's range becomes ±Infinity
		if (stored === Infinity || stored === -Infinity || !isNumber) {
			columns.channels[index]![columns.length] = NaN;
			this.gapFields++;
		} else {
			columns.channels[index]![columns.length] = stored;
		}
	}
}

function isBlank(text: string, start: number, end: number): boolean {
	for (let i = start; i < end; i++) if (!isSpace(text.charCodeAt(i))) return false;
	return true;
}
