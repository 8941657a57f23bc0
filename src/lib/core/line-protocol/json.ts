import { ChannelKeys } from './channel-keys';
import { type LineParser, type UnknownKeySink } from './line-parser';
import { isSpace, parseNumberIn } from './number-field';
import type { SampleColumns } from './sample-columns';

const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
/** Nesting deeper than this is ignored (`a.b.c.d.e.f.g.h.i` is not a sensor channel). */
const MAX_DEPTH = 8;
/**
 * Python's `json.dumps` writes `NaN`, `Infinity` and `-Infinity`, which are not JSON. Where they
 * stand as values they are read as null (a gap) so the rest of the line is kept.
 */
const NON_FINITE_VALUE = /(?<=[:,[]\s*)-?(?:NaN|Infinity)(?=\s*[,}\]])/g;

/**
 * JSON lines: `{"t": 1712, "temp": 21.5, "imu": {"x": 1, "y": 2}, "v": [3, 4]}`. Nested objects
 * are flattened to `imu.x`, arrays to `v.0`, `v.1`. Numbers are values; `true`/`false` are 1/0; a
 * string holding a number (`"21.5"`) is that number; `null`, other strings and missing keys are
 * gaps. Keys not in `channels` are ignored and reported once when they hold a value (strings that
 * are not numbers, such as `"device": "esp32"`, are not). A line that is not a JSON object, or
 * with no key naming a channel, is not a sample; neither is one without the timestamp key when
 * times come from a field.
 */
export class JsonLineParser implements LineParser {
	reason = '';
	gapFields = 0;
	deviceTime = NaN;
	readonly #keys: ChannelKeys;
	readonly #channelCount: number;
	readonly #timeKey: string | null;
	readonly #onUnknownKey: UnknownKeySink;
	readonly #seenOnLine: Float64Array;
	#lineSerial = 0;
	// The line being walked (fields, so the recursive walk passes nothing but the value).
	#row = 0;
	#columns: SampleColumns | null = null;
	#known = 0;
	#time: unknown = undefined;

	constructor(channels: readonly string[], timeKey: string | null, onUnknownKey: UnknownKeySink) {
		this.#keys = new ChannelKeys(channels, timeKey);
		this.#channelCount = channels.length;
		this.#timeKey = timeKey;
		this.#onUnknownKey = onUnknownKey;
		this.#seenOnLine = new Float64Array(channels.length);
	}

	parse(text: string, start: number, end: number, columns: SampleColumns): boolean {
		this.deviceTime = NaN;
		this.gapFields = 0;
		while (start < end && isSpace(text.charCodeAt(start))) start++;
		while (end > start && isSpace(text.charCodeAt(end - 1))) end--;
		if (text.charCodeAt(start) !== OPEN_BRACE) return this.#reject('not a JSON object');
		// A line cut short fails here without `JSON.parse`, whose exceptions cost microseconds each.
		if (text.charCodeAt(end - 1) !== CLOSE_BRACE) return this.#reject('invalid JSON: no closing }');
		const parsed = parseJsonLine(text.slice(start, end));
		if (!parsed.ok) return this.#reject(parsed.reason);
		const value = parsed.value;
		if (value === null || typeof value !== 'object' || Array.isArray(value)) {
			return this.#reject('not a JSON object');
		}
		const serial = ++this.#lineSerial;
		this.#row = columns.length;
		this.#columns = columns;
		this.#known = 0;
		this.#time = undefined;
		this.#walk(value as Record<string, unknown>, '', 0, serial);
		this.#columns = null;
		if (this.#timeKey !== null) {
			if (this.#time === undefined) return this.#reject(`missing timestamp key '${this.#timeKey}'`);
			this.deviceTime = toNumber(this.#time);
			if (!Number.isFinite(this.deviceTime)) {
				return this.#reject(
					`timestamp ${JSON.stringify(this.#time)?.slice(0, 24)} is not a number`
				);
			}
		}
		if (this.#known === 0) return this.#reject('no key names a channel');
		let gaps = 0;
		for (let c = 0; c < this.#channelCount; c++) {
			const column = columns.channels[c]!;
			if (this.#seenOnLine[c] !== serial) column[this.#row] = NaN;
			if (Number.isNaN(column[this.#row])) gaps++;
		}
		this.gapFields = gaps;
		return true;
	}

	#walk(object: Record<string, unknown>, prefix: string, depth: number, serial: number): void {
		for (const key in object) {
			const value = object[key];
			const name = prefix === '' ? key : prefix + key;
			if (typeof value === 'object' && value !== null) {
				if (depth < MAX_DEPTH) {
					this.#walk(value as Record<string, unknown>, name + '.', depth + 1, serial);
				}
				continue;
			}
			const index = this.#keys.get(name);
			if (index === this.#channelCount) {
				this.#time = value;
				continue;
			}
			const number = toNumber(value);
			if (index < 0) {
				if (!Number.isNaN(number) || value === null) this.#onUnknownKey(name);
				continue;
			}
			if (this.#seenOnLine[index] !== serial) {
				this.#seenOnLine[index] = serial;
				this.#known++;
			}
			const stored = Math.fround(number);
			this.#columns!.channels[index]![this.#row] = stored - stored === 0 ? stored : NaN;
		}
	}

	#reject(reason: string): false {
		this.reason = reason;
		this.gapFields = 0;
		this.deviceTime = NaN;
		return false;
	}
}

/** A JSON line parsed, or why it is not JSON; Python's `NaN`/`Infinity` values are read as null. */
export function parseJsonLine(
	line: string
): { ok: true; value: unknown } | { ok: false; reason: string } {
	try {
		return { ok: true, value: JSON.parse(line) as unknown };
	} catch (error) {
		if (line.includes('NaN') || line.includes('Infinity')) {
			try {
				return { ok: true, value: JSON.parse(line.replace(NON_FINITE_VALUE, 'null')) as unknown };
			} catch {
				// Not Python's non-finite numbers, then: report the original error below.
			}
		}
		const message = error instanceof Error ? error.message : String(error);
		return { ok: false, reason: `invalid JSON: ${message.slice(0, 80)}` };
	}
}

/** A JSON value as a number: numbers, booleans as 1/0, numeric strings; NaN for anything else. */
function toNumber(value: unknown): number {
	if (typeof value === 'number') return value;
	if (typeof value === 'boolean') return value ? 1 : 0;
	if (typeof value === 'string') return parseNumberIn(value, 0, value.length, false);
	return NaN;
}
