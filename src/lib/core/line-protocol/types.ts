import type { Frame } from '../frame';

/**
 * The contract between live sources (`io/`) and the line parsers (`core/line-protocol/`).
 * Sources hand raw text (or bytes) to a `LineDecoder` as it arrives; the decoder reassembles lines
 * split across reads, parses them with the chosen protocol and returns columnar samples.
 */

/** The text protocols a sensor may speak, one sample per line. */
export type LineProtocolKind =
	/** `21.5,40,1013` (comma, semicolon, tab or spaces), optionally a leading timestamp column. */
	| 'delimited'
	/** Arduino Serial Plotter style: `temp:21.5,hum:40` or `temp:21.5 hum:40`. */
	| 'labelled'
	/** `{"t": 1712, "temp": 21.5, "imu": {"x": 1}}`, nested keys flattened to `imu.x`. */
	| 'json';

export type Delimiter = ',' | ';' | '\t' | ' ';

/** Where a sample's time comes from. */
export type TimestampSource =
	/**
	 * The arrival time the source passes to `push` (epoch ms). The lines of one push are spread
	 * evenly over the time since the previous push, never before the previous sample.
	 */
	| { kind: 'arrival' }
	/**
	 * A field of the line: for `delimited` the first column, for `labelled`/`json` the named key.
	 * `unit` converts the device's number to ms; `epoch: false` means a device counter (millis()
	 * since boot, say) that is anchored to the arrival time of the first sample. A timestamp that
	 * goes backwards (reboot, wrap) re-anchors to its arrival time. `key` defaults to `t`.
	 */
	| { kind: 'field'; key?: string; unit: 's' | 'ms' | 'us'; epoch: boolean };

/** Everything the decoder needs; detection proposes one, the user confirms or edits it. */
export interface LineProtocolConfig {
	kind: LineProtocolKind;
	/** Only for `delimited`. */
	delimiter?: Delimiter;
	/** Channel names in column order (delimited) or the keys to keep (labelled, json). */
	channels: string[];
	/** Units per channel (same order as `channels`); '' when unknown. */
	units: string[];
	timestamp: TimestampSource;
	/** `auto` accepts `\n`, `\r\n` and `\r`. */
	lineEnding: 'auto' | '\n' | '\r\n' | '\r';
	/** Longer lines are dropped and counted (a device spewing garbage must not exhaust memory). */
	maxLineChars: number;
	/** Lines starting with this prefix are header/comment lines (`#`); a header there renames channels. */
	commentPrefix: string;
	/**
	 * Whether a header line renames the channels (names only: the channel count never changes).
	 * Detection sets it when it found a header or had to invent `ch1..chN`; the UI clears it once
	 * the user edits names, so a device's header cannot overwrite them. Default false.
	 */
	channelsFromHeader?: boolean;
	/** Only for `delimited` with `;`, tab or space: `21,5` is 21.5. Default false. */
	decimalComma?: boolean;
}

/** Running counters since the decoder was created. */
export interface LineDecoderStats {
	/** Characters received (UTF-16 code units, equal to bytes for ASCII; sources decode bytes). */
	bytes: number;
	/** Complete lines seen, including blank, comment, header, invalid and long lines. */
	lines: number;
	/** Lines that produced a sample. */
	samples: number;
	/** Lines that could not be parsed at all (wrong protocol, wrong column count, garbage). */
	invalidLines: number;
	/** Lines longer than `maxLineChars`, dropped. */
	longLines: number;
	/** Individual fields that were not numbers (NaN, text) and became gaps. */
	gapFields: number;
	/** Header lines (names), applied or not. */
	headerLines: number;
	/** Comment lines (`commentPrefix` lines that are not a header). */
	commentLines: number;
	/** Empty or whitespace-only lines, skipped. */
	blankLines: number;
	/**
	 * Times a device timestamp jumped backwards (reboot, counter wrap) and was re-anchored to the
	 * arrival time. Each line is counted once in exactly one of samples, invalidLines, longLines,
	 * headerLines, commentLines, blankLines; their sum is `lines`.
	 */
	timestampResets: number;
}

/** A line the decoder rejected, kept (bounded) so the UI can show what went wrong. */
export interface RejectedLine {
	/** 1-based line number since the decoder was created. */
	line: number;
	reason: string;
	/** The start of the line, at most 120 characters. */
	excerpt: string;
}

export interface DecodedBatch {
	/** Samples parsed from the complete lines of this push; channel order is `config.channels`. */
	frame: Frame;
	/** Lines rejected in this push (at most a few dozen; counting continues in `stats`). */
	rejected: RejectedLine[];
	/** Set when a header line renamed the channels in this push: the new `config.channels`. */
	channels?: string[];
	/**
	 * Labelled/JSON keys seen for the first time in this push that are not channels (nor the
	 * timestamp key), so the UI can offer to add them. Each key is reported once per decoder.
	 */
	unknownKeys?: string[];
}

/** Stateful, one per connection. Pure: no timers, no I/O; time is passed in. */
export interface LineDecoder {
	/** The config in use; a new object (never mutated) after a header renamed the channels. */
	readonly config: LineProtocolConfig;
	/** Feeds the next piece of text; lines may be split anywhere across pushes. */
	push(text: string, arrivalMs: number): DecodedBatch;
	/** Parses a trailing line without a line ending (the stream closed). */
	flush(arrivalMs: number): DecodedBatch;
	readonly stats: LineDecoderStats;
}

/** What auto-detection proposes from the first lines, with what it saw, for the preview. */
export interface DetectedProtocol {
	config: LineProtocolConfig;
	/**
	 * 0..1: share of the lines after the first sample (not blank, comment or header) that parsed
	 * under `config`. Garbage before the data (boot messages) is reported in `notes`, not scored.
	 */
	confidence: number;
	/** The first rows parsed with `config`, for the preview table. */
	preview: Frame;
	/** Human-readable notes: "header line gave channel names", "first column looks like epoch ms". */
	notes: string[];
}

/** `detectLineProtocol`'s answer: a proposal, or why it cannot tell (the user configures by hand). */
export type LineProtocolDetection =
	({ ok: true } & DetectedProtocol) | { ok: false; reason: string; notes: string[] };
