import { checkLineProtocolConfig } from '../core/line-protocol/config';
import { createLineDecoder } from '../core/line-protocol/decoder';
import type { LineDecoder, LineProtocolConfig } from '../core/line-protocol/types';
import type { ChannelInfo } from './source';
import type { SourceRuntime } from './source-runtime';

/** Makes a fresh decoder for a protocol configuration (one per connection). */
export type DecoderFactory = (config: LineProtocolConfig) => LineDecoder;

/** Channel names and units of a protocol configuration, in column order. */
export function channelsOf(config: LineProtocolConfig): ChannelInfo[] {
	return config.channels.map((name, c) => ({ name, unit: config.units[c] ?? '' }));
}

/**
 * Text (or UTF-8 bytes) in, samples out: the path every line-protocol source shares. One
 * `decoder.push` per read or frame, so a read of 60 lines gives one batch, never 60 callbacks.
 * Counts bytes, invalid lines and dropped long lines into the runtime's statistics and reports a
 * channel list that a header line (or auto-detection) changed. The first decoder is made by
 * `prepare()` when the source starts, a fresh one by `restart()` on every reconnect.
 */
export class TextIngest {
	readonly #runtime: SourceRuntime;
	readonly #createDecoder: DecoderFactory;
	#config: LineProtocolConfig;
	#decoder: LineDecoder | undefined;
	#reportedConfig: LineProtocolConfig | undefined;
	/** The decoder has been fed (a fresh one need not be replaced on connect). */
	#used = false;
	#bytes = new TextDecoder('utf-8');
	#seenInvalid = 0;
	#seenLong = 0;

	constructor(
		runtime: SourceRuntime,
		config: LineProtocolConfig,
		createDecoder: DecoderFactory = createLineDecoder
	) {
		this.#runtime = runtime;
		this.#createDecoder = createDecoder;
		this.#config = config;
	}

	/** The configuration now (a header line may have renamed the channels). */
	get config(): LineProtocolConfig {
		return this.#decoder?.config ?? this.#config;
	}

	/**
	 * Makes the first decoder, before connecting: returns what is wrong with the configuration
	 * (for an `error` status), or undefined. Any factory works: `createLineDecoder` refuses a bad
	 * config by throwing, the auto-detecting one accepts the empty placeholder.
	 */
	prepare(): string | undefined {
		const problems =
			this.#createDecoder === createLineDecoder ? checkLineProtocolConfig(this.#config) : [];
		if (problems.length > 0) return `line protocol: ${problems.join('; ')}`;
		try {
			this.#decoder = this.#createDecoder(this.#config);
			return undefined;
		} catch (error) {
			return `line protocol: ${error instanceof Error ? error.message : String(error)}`;
		}
	}

	/** Raw bytes from a port or a notification; a UTF-8 character split across reads is kept whole. */
	pushBytes(bytes: Uint8Array, arrivalMs: number): void {
		this.#runtime.stats.addBytes(bytes.byteLength);
		this.#decode(this.#bytes.decode(bytes, { stream: true }), arrivalMs);
	}

	/** A text WebSocket frame (already decoded by the browser). */
	pushText(text: string, arrivalMs: number): void {
		this.#runtime.stats.addBytes(utf8ByteLength(text));
		this.#decode(text, arrivalMs);
	}

	/**
	 * A new connection: a fresh decoder with the current configuration (channel names a header
	 * gave are kept). The unfinished line of the old connection is dropped, not parsed: cut off
	 * mid-number it would give a wrong value, not a gap.
	 */
	restart(): void {
		if (this.#decoder && !this.#used) return; // still fresh from `prepare`
		this.#used = false;
		this.#config = this.config;
		// The config worked before (`prepare`), or is one the decoder itself produced.
		this.#decoder = this.#createDecoder(this.#config);
		this.#bytes = new TextDecoder('utf-8');
		this.#seenInvalid = 0;
		this.#seenLong = 0;
	}

	#decode(text: string, arrivalMs: number): void {
		const decoder = this.#decoder;
		if (!decoder) return; // bytes before the connection is set up: none expected
		this.#used = true;
		const { frame, rejected, unknownKeys } = decoder.push(text, arrivalMs);
		const { invalidLines, longLines } = decoder.stats;
		const stats = this.#runtime.stats;
		stats.addInvalidLines(invalidLines - this.#seenInvalid);
		// A line too long to keep is a sample lost (source.ts: SourceStats.droppedSamples).
		stats.addDroppedSamples(longLines - this.#seenLong);
		this.#seenInvalid = invalidLines;
		this.#seenLong = longLines;
		// The decoder replaces its config object only when a header renamed the channels.
		if (decoder.config !== this.#reportedConfig) {
			this.#reportedConfig = decoder.config;
			this.#runtime.setChannels(channelsOf(decoder.config));
		}
		this.#runtime.deliver(frame, rejected, arrivalMs, unknownKeys);
	}
}

/** Bytes `text` takes in UTF-8 (what the wire carried), without encoding it. */
export function utf8ByteLength(text: string): number {
	let bytes = text.length;
	for (let i = 0; i < text.length; i++) {
		const code = text.charCodeAt(i);
		if (code < 0x80) continue;
		if (code < 0x800) bytes += 1;
		else if (code >= 0xd800 && code <= 0xdbff) {
			// A surrogate pair: 2 UTF-16 units, 4 bytes.
			bytes += 2;
			i += 1;
		} else bytes += 2;
	}
	return bytes;
}
