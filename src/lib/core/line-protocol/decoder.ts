import { assert } from '../assert';
import { checkLineProtocolConfig, DEFAULT_TIME_KEY } from './config';
import { DelimitedLineParser } from './delimited';
import { headerTokens, parseHeaderName } from './header';
import { JsonLineParser } from './json';
import { LabelledLineParser } from './labelled';
import type { LineParser } from './line-parser';
import { EXCERPT_CHARS, LineSplitter, type LineSink } from './line-splitter';
import { isSpace } from './number-field';
import { SampleColumns } from './sample-columns';
import { ArrivalClock, DeviceClock } from './timestamps';
import type {
	DecodedBatch,
	LineDecoder,
	LineDecoderStats,
	LineProtocolConfig,
	RejectedLine
} from './types';

/** Rejected lines kept per push for the UI; the rest are only counted. */
export const MAX_REJECTED_PER_PUSH = 20;
/** Distinct unknown keys reported per decoder: a device spewing random keys must not grow memory. */
export const MAX_UNKNOWN_KEYS = 256;

/**
 * A decoder for one connection: feed it text as it arrives (`push`), get columnar samples back.
 * Throws (an `AssertionError`) only for a config that `checkLineProtocolConfig` rejects; input
 * never throws. See `CONTEXT.md` for the accepted formats and the header rules.
 */
export function createLineDecoder(config: LineProtocolConfig): LineDecoder {
	const problems = checkLineProtocolConfig(config);
	assert(problems.length === 0, `invalid line protocol config: ${problems.join('; ')}`);
	return new Decoder(config);
}

class Decoder implements LineDecoder {
	#config: LineProtocolConfig;
	readonly #splitter: LineSplitter;
	readonly #parser: LineParser;
	readonly #columns: SampleColumns;
	readonly #arrivalClock: ArrivalClock | null;
	readonly #deviceClock: DeviceClock | null;
	readonly #hasTimeColumn: boolean;
	readonly #stats: LineDecoderStats = {
		bytes: 0,
		lines: 0,
		samples: 0,
		invalidLines: 0,
		longLines: 0,
		gapFields: 0,
		headerLines: 0,
		commentLines: 0,
		blankLines: 0,
		timestampResets: 0
	};
	/** Kept off the public object, so a decoder has no `line` method for sources to call. */
	readonly #sink: LineSink = {
		line: (text, start, end) => this.#line(text, start, end),
		longLine: (excerpt) => this.#longLine(excerpt)
	};
	#arrivalMs = 0;
	#sawSample = false;
	/** Names of the last header line seen, so the same header repeated after a reboot is known. */
	#lastHeader: string[] | null = null;
	readonly #reportedKeys = new Set<string>();
	// Per push, handed out in the batch and then replaced.
	#rejected: RejectedLine[] = [];
	#unknownKeys: string[] = [];
	#renamed: string[] | undefined;

	constructor(config: LineProtocolConfig) {
		this.#config = config;
		this.#splitter = new LineSplitter(config.lineEnding, config.maxLineChars);
		this.#columns = new SampleColumns(config.channels.length);
		const timestamp = config.timestamp;
		const fromField = timestamp.kind === 'field';
		this.#arrivalClock = fromField ? null : new ArrivalClock();
		this.#deviceClock = fromField ? new DeviceClock(timestamp.unit, timestamp.epoch) : null;
		this.#hasTimeColumn = fromField && config.kind === 'delimited';
		const timeKey = fromField ? (timestamp.key ?? DEFAULT_TIME_KEY) : null;
		const onUnknownKey = (key: string) => this.#unknownKey(key);
		if (config.kind === 'delimited') {
			this.#parser = new DelimitedLineParser(
				config.delimiter!,
				config.channels.length,
				fromField,
				config.decimalComma ?? false
			);
		} else if (config.kind === 'labelled') {
			this.#parser = new LabelledLineParser(config.channels, timeKey, onUnknownKey);
		} else {
			this.#parser = new JsonLineParser(config.channels, timeKey, onUnknownKey);
		}
	}

	get config(): LineProtocolConfig {
		return this.#config;
	}

	/** A snapshot: later pushes do not change an object already returned. */
	get stats(): LineDecoderStats {
		return { ...this.#stats };
	}

	push(text: string, arrivalMs: number): DecodedBatch {
		this.#stats.bytes += text.length;
		this.#arrivalMs = arrivalMs;
		this.#splitter.push(text, this.#sink);
		return this.#finishBatch(arrivalMs);
	}

	flush(arrivalMs: number): DecodedBatch {
		this.#arrivalMs = arrivalMs;
		this.#splitter.flush(this.#sink);
		return this.#finishBatch(arrivalMs);
	}

	/** One complete line (`LineSink`). */
	#line(text: string, start: number, end: number): void {
		const stats = this.#stats;
		stats.lines++;
		// The parser gets the line from `start`: with the tab delimiter a leading tab is an empty field.
		let first = start;
		while (first < end && isSpace(text.charCodeAt(first))) first++;
		if (first === end) {
			stats.blankLines++;
			return;
		}
		const prefix = this.#config.commentPrefix;
		if (prefix !== '' && text.startsWith(prefix, first)) {
			const isHeader = this.#header(text.slice(first + prefix.length, end), true);
			if (!isHeader) stats.commentLines++;
			return;
		}
		const columns = this.#columns;
		columns.reserveRow();
		if (this.#parser.parse(text, start, end, columns)) {
			if (this.#deviceClock !== null) {
				columns.t[columns.length] = this.#deviceClock.toEpochMs(
					this.#parser.deviceTime,
					this.#arrivalMs
				);
			}
			columns.commit();
			stats.samples++;
			stats.gapFields += this.#parser.gapFields;
			this.#sawSample = true;
			return;
		}
		if (this.#config.kind === 'delimited' && this.#header(text.slice(first, end), false)) return;
		stats.invalidLines++;
		this.#reject(this.#parser.reason, text.slice(first, Math.min(end, first + EXCERPT_CHARS)));
	}

	/** A line over `maxLineChars`, dropped (`LineSink`). */
	#longLine(excerpt: string): void {
		this.#stats.lines++;
		this.#stats.longLines++;
		this.#reject(`longer than ${this.#config.maxLineChars} characters, dropped`, excerpt);
	}

	/**
	 * Whether `line` is a header of a delimited stream, counting it if so. A header has one name
	 * per channel (plus one for the timestamp column, dropped). Commented headers (`# temp,hum`)
	 * count anywhere; a bare one only before the first sample, or when it repeats the last header
	 * (the device rebooted), so a line of words mid-stream stays an invalid line. It renames the
	 * channels, with units from `name (unit)`, when `channelsFromHeader` and it is new.
	 */
	#header(line: string, commented: boolean): boolean {
		const config = this.#config;
		if (config.kind !== 'delimited') return false;
		const tokens = headerTokens(line, config.delimiter ?? null);
		const channelCount = config.channels.length;
		if (tokens === null) return false;
		let named = tokens;
		if (this.#hasTimeColumn && tokens.length === channelCount + 1) named = tokens.slice(1);
		if (named.length !== channelCount) return false;
		const parsed = named.map(parseHeaderName);
		const names = parsed.map((header) => header.name);
		const repeated = this.#lastHeader !== null && sameNames(this.#lastHeader, names);
		if (!commented && this.#sawSample && !repeated) return false;
		this.#stats.headerLines++;
		this.#lastHeader = names;
		if (config.channelsFromHeader && !sameNames(config.channels, names)) {
			const units = parsed.map((header, c) => header.unit || config.units[c] || '');
			this.#config = { ...config, channels: names, units };
			this.#renamed = names;
		}
		return true;
	}

	#reject(reason: string, excerpt: string): void {
		if (this.#rejected.length >= MAX_REJECTED_PER_PUSH) return;
		this.#rejected.push({ line: this.#stats.lines, reason, excerpt });
	}

	#unknownKey(key: string): void {
		if (this.#reportedKeys.has(key) || this.#reportedKeys.size >= MAX_UNKNOWN_KEYS) return;
		this.#reportedKeys.add(key);
		this.#unknownKeys.push(key);
	}

	#finishBatch(arrivalMs: number): DecodedBatch {
		const columns = this.#columns;
		this.#arrivalClock?.assign(columns.t, columns.length, arrivalMs);
		this.#stats.timestampResets = this.#deviceClock?.resets ?? 0;
		const batch: DecodedBatch = { frame: columns.takeFrame(), rejected: this.#rejected };
		if (this.#renamed !== undefined) batch.channels = this.#renamed;
		if (this.#unknownKeys.length > 0) batch.unknownKeys = this.#unknownKeys;
		this.#rejected = [];
		this.#unknownKeys = [];
		this.#renamed = undefined;
		return batch;
	}
}

function sameNames(a: readonly string[], b: readonly string[]): boolean {
	return a.length === b.length && a.every((name, i) => name === b[i]);
}
