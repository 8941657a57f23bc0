import { ChannelKeys } from './channel-keys';
import { quoteField, type LineParser, type UnknownKeySink } from './line-parser';
import { isSpace, parseNumberIn } from './number-field';
import type { SampleColumns } from './sample-columns';

const COLON = 58;
const COMMA = 44;
/** Pair positions whose last key is remembered (`#guessAt`); lines with more pairs just look up. */
const REMEMBERED_POSITIONS = 64;

/**
 * Arduino Serial Plotter style: `temp:21.5,hum:40`, `temp:21.5 hum:40`, `temp: 21.5, hum: 40`.
 * Pairs are separated by commas, spaces or tabs; spaces after a colon are allowed. A token without
 * a colon is ignored. Keys not in `channels` are ignored and reported once (`onUnknownKey`);
 * a channel missing from the line, or whose value is not a number, is a gap; a key given twice
 * keeps its last value. A line with no `key:value` pair, or with none naming a channel, is not a
 * sample; neither is one without the timestamp key when times come from a field.
 */
export class LabelledLineParser implements LineParser {
	reason = '';
	gapFields = 0;
	deviceTime = NaN;
	readonly #keys: ChannelKeys;
	readonly #channelCount: number;
	readonly #timeKey: string | null;
	readonly #onUnknownKey: UnknownKeySink;
	/** `#seenOnLine[c] === #lineSerial`: channel c had a value on the current line. */
	readonly #seenOnLine: Float64Array;
	#lineSerial = 0;
	/** The key index found at each pair position last time (-1: none yet, or unknown). */
	readonly #guessAt = new Int32Array(REMEMBERED_POSITIONS).fill(-1);
	/** The unknown key last seen at each position, so a repeated one is not sliced every line. */
	readonly #unknownAt: (string | undefined)[] = [];

	constructor(channels: readonly string[], timeKey: string | null, onUnknownKey: UnknownKeySink) {
		this.#keys = new ChannelKeys(channels, timeKey);
		this.#channelCount = channels.length;
		this.#timeKey = timeKey;
		this.#onUnknownKey = onUnknownKey;
		this.#seenOnLine = new Float64Array(channels.length);
	}

	parse(text: string, start: number, end: number, columns: SampleColumns): boolean {
		const serial = ++this.#lineSerial;
		this.deviceTime = NaN;
		const row = columns.length;
		let pairs = 0;
		let known = 0;
		let timeStart = -1;
		let timeEnd = -1;
		let i = start;
		while (i < end) {
			let code = text.charCodeAt(i);
			if (isSeparator(code)) {
				i++;
				continue;
			}
			const keyStart = i;
			while (i < end && (code = text.charCodeAt(i)) !== COLON && !isSeparator(code)) i++;
			if (i >= end || code !== COLON || i === keyStart) {
				// A bare token (or `:5`): not a pair. Skip to the next separator.
				while (i < end && !isSeparator(text.charCodeAt(i))) i++;
				continue;
			}
			const keyEnd = i++;
			while (i < end && isSpace(text.charCodeAt(i))) i++;
			const valueStart = i;
			while (i < end && !isSeparator((code = text.charCodeAt(i))) && code !== COLON) i++;
			// `temp: hum:40`: the "value" is the next key, so temp's value is empty.
			if (i < end && code === COLON) i = valueStart;
			const valueEnd = i;
			const position = pairs++;
			const index = this.#keyIndex(text, keyStart, keyEnd, position);
			if (index < 0) continue;
			if (index === this.#channelCount) {
				timeStart = valueStart;
				timeEnd = valueEnd;
				continue;
			}
			if (this.#seenOnLine[index] !== serial) {
				this.#seenOnLine[index] = serial;
				known++;
			}
			const stored = Math.fround(parseNumberIn(text, valueStart, valueEnd, false));
			columns.channels[index]![row] = stored - stored === 0 ? stored : NaN;
		}
		if (pairs === 0) return this.#reject('no label:value pair');
		if (this.#timeKey !== null) {
			if (timeStart < 0) return this.#reject(`missing timestamp key '${this.#timeKey}'`);
			this.deviceTime = parseNumberIn(text, timeStart, timeEnd, false);
			if (Number.isNaN(this.deviceTime)) {
				return this.#reject(`timestamp ${quoteField(text, timeStart, timeEnd)} is not a number`);
			}
		}
		if (known === 0) return this.#reject('no key names a channel');
		let gaps = 0;
		for (let c = 0; c < this.#channelCount; c++) {
			const column = columns.channels[c]!;
			if (this.#seenOnLine[c] !== serial) column[row] = NaN;
			if (Number.isNaN(column[row])) gaps++;
		}
		this.gapFields = gaps;
		return true;
	}

	#reject(reason: string): false {
		this.reason = reason;
		this.gapFields = 0;
		this.deviceTime = NaN;
		return false;
	}

	#keyIndex(text: string, start: number, end: number, position: number): number {
		const remembered = position < REMEMBERED_POSITIONS;
		const guess = remembered ? this.#guessAt[position]! : -1;
		const index = this.#keys.indexIn(text, start, end, guess);
		if (index >= 0) {
			if (remembered) this.#guessAt[position] = index;
			return index;
		}
		const last = remembered ? this.#unknownAt[position] : undefined;
		if (last !== undefined && last.length === end - start && text.startsWith(last, start)) {
			return -1;
		}
		const key = text.slice(start, end);
		if (remembered) this.#unknownAt[position] = key;
		this.#onUnknownKey(key);
		return -1;
	}
}

/** Between pairs: commas, spaces, tabs (and a stray `\r`). */
function isSeparator(code: number): boolean {
	return code === COMMA || isSpace(code);
}
