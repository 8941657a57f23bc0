import type { LineProtocolConfig } from '../core/line-protocol/types';
import {
	BinaryFrameDecoder,
	binaryChannels,
	checkBinaryLayout,
	type BinaryLayout
} from './binary-layout';
import {
	browserLiveClock,
	type ChannelInfo,
	type LiveSource,
	type SendResult,
	type SourceListener,
	type SourceStats,
	type SourceStatus
} from './source';
import { SourceRuntime, type ConnectionOptions } from './source-runtime';
import { channelsOf, TextIngest, utf8ByteLength, type DecoderFactory } from './text-ingest';
import {
	checkWebSocketUrl,
	describeClose,
	WEBSOCKET_OPEN,
	type WebSocketConstructor,
	type WebSocketLike
} from './websocket-types';

/** What the frames carry: lines of a text protocol, or binary rows of a declared layout. */
export type WebSocketFormat =
	{ kind: 'text'; protocol: LineProtocolConfig } | { kind: 'binary'; layout: BinaryLayout };

export interface WebSocketSourceOptions extends ConnectionOptions {
	/** `ws://` or `wss://`. */
	url: string;
	format: WebSocketFormat;
	/** Default: core's `createLineDecoder`. */
	createDecoder?: DecoderFactory;
	/** Default: the browser's `WebSocket`. Node tests pass the `ws` package's. */
	WebSocket?: WebSocketConstructor;
	/** Appended to `send(text)`. Default `\n`. */
	sendLineEnding?: '\n' | '\r\n' | '\r' | '';
}

/**
 * A sensor feed over WebSocket. Text frames (one or many lines, lines split across frames) go
 * through the line decoder; with `format: text`, binary frames are read as UTF-8 text too, since
 * many bridges send text that way. With `format: binary`, each binary frame holds whole rows of
 * little-endian float32 (`binary-layout.ts`) and a text frame is counted invalid.
 *
 * Any close the user did not ask for reconnects with backoff and jitter, forever unless
 * `maxAttempts` is set; a bad URL or layout is an `error` at once. Open counts as `streaming`;
 * silence past the stall threshold makes it `stalled` until the next frame.
 */
export class WebSocketSource implements LiveSource {
	readonly kind = 'websocket' as const;
	readonly label: string;
	readonly #options: WebSocketSourceOptions;
	readonly #runtime: SourceRuntime;
	readonly #text: TextIngest | undefined;
	#binary: BinaryFrameDecoder | undefined;
	#socket: WebSocketLike | undefined;
	/** Frames received on the current connection, 1-based: the "line" of a rejected frame. */
	#frames = 0;
	#started = false;

	constructor(options: WebSocketSourceOptions) {
		this.#options = options;
		this.label = displayUrl(options.url);
		const { format } = options;
		const channels =
			format.kind === 'text' ? channelsOf(format.protocol) : binaryChannels(format.layout);
		this.#runtime = new SourceRuntime(options, options.clock ?? browserLiveClock, channels);
		if (format.kind === 'text') {
			this.#text = new TextIngest(this.#runtime, format.protocol, options.createDecoder);
		}
	}

	get status(): SourceStatus {
		return this.#runtime.status;
	}

	get channels(): readonly ChannelInfo[] {
		return this.#runtime.channels;
	}

	get stats(): SourceStats {
		return this.#runtime.statsNow;
	}

	async start(listener: SourceListener): Promise<void> {
		this.#runtime.attach(listener);
		if (this.#started || this.#runtime.stopped) return;
		this.#started = true;
		const problem = this.#problem();
		if (problem) return this.#runtime.fail(problem);
		this.#connect(true);
	}

	async stop(): Promise<void> {
		if (this.#runtime.stopped) return;
		const socket = this.#socket;
		this.#socket = undefined;
		this.#runtime.stop();
		if (socket) closeQuietly(socket, 1000, 'stopped by the user');
	}

	async send(text: string): Promise<SendResult> {
		const socket = this.#socket;
		if (!socket || socket.readyState !== WEBSOCKET_OPEN) {
			return { ok: false, reason: `not connected (${this.status.kind})` };
		}
		try {
			socket.send(text + (this.#options.sendLineEnding ?? '\n'));
			return { ok: true };
		} catch (error) {
			return { ok: false, reason: `could not send: ${errorMessage(error)}` };
		}
	}

	#problem(): string | undefined {
		const url = checkWebSocketUrl(this.#options.url);
		if (!url.ok) return url.reason;
		if (!(this.#options.WebSocket ?? globalThis.WebSocket)) {
			return 'this browser has no WebSocket support';
		}
		const textProblem = this.#text?.prepare();
		if (textProblem) return textProblem;
		const { format } = this.#options;
		if (format.kind === 'binary') {
			const layoutProblem = checkBinaryLayout(format.layout);
			if (layoutProblem) return `binary layout: ${layoutProblem}`;
		}
		return undefined;
	}

	/** `first`: status `connecting`; a reconnect attempt stays `reconnecting` (its number shown). */
	#connect(first: boolean): void {
		const runtime = this.#runtime;
		if (runtime.stopped) return;
		if (first) runtime.setStatus({ kind: 'connecting' });
		const Socket = this.#options.WebSocket ?? (globalThis.WebSocket as WebSocketConstructor);
		let socket: WebSocketLike;
		try {
			socket = new Socket(this.#options.url);
		} catch (error) {
			return runtime.fail(refusedToOpen(this.#options.url, error));
		}
		socket.binaryType = 'arraybuffer';
		this.#socket = socket;
		socket.addEventListener('open', () => {
			if (this.#socket !== socket) return;
			// A fresh decoder per connection: a line cut off by the drop is not glued to the next.
			this.#text?.restart();
			this.#frames = 0;
			const { format } = this.#options;
			if (format.kind === 'binary') this.#binary = new BinaryFrameDecoder(format.layout);
			runtime.connected();
		});
		socket.addEventListener('message', (event) => {
			if (this.#socket === socket) this.#receive((event as { data?: unknown }).data);
		});
		socket.addEventListener('close', (event) => {
			if (this.#socket !== socket) return;
			this.#socket = undefined;
			const { code, reason } = event as { code?: number; reason?: string };
			runtime.lost(describeClose(code ?? 1006, String(reason ?? '')), () => this.#connect(false));
		});
		// A failed connection fires `error` then `close`; the close carries the code that says why.
		socket.addEventListener('error', () => {});
	}

	#receive(data: unknown): void {
		const runtime = this.#runtime;
		const arrivalMs = runtime.clock.now();
		runtime.received(arrivalMs);
		this.#frames += 1;
		const bytes = asBytes(data);
		if (typeof data === 'string') {
			if (this.#text) return this.#text.pushText(data, arrivalMs);
			const reason = 'a text frame arrived but the feed is set to binary rows';
			return this.#reject(reason, utf8ByteLength(data), data.slice(0, 120));
		}
		if (!bytes) return this.#reject('a frame of an unknown type arrived', 0, '');
		if (this.#text) return this.#text.pushBytes(bytes, arrivalMs);
		const batch = this.#binary!.push(bytes, arrivalMs);
		runtime.stats.addBytes(bytes.byteLength);
		if (batch.invalid) runtime.stats.addInvalidLines(1);
		runtime.stats.addDroppedSamples(batch.droppedRows);
		runtime.deliver(batch.frame, batch.rejected, arrivalMs);
	}

	#reject(reason: string, bytes: number, excerpt: string): void {
		const stats = this.#runtime.stats;
		stats.addBytes(bytes);
		stats.addInvalidLines(1);
		const frame = {
			t: new Float64Array(0),
			channels: this.channels.map(() => new Float32Array(0))
		};
		const rejected = [{ line: this.#frames, reason: `frame ${this.#frames}: ${reason}`, excerpt }];
		this.#runtime.deliver(frame, rejected, this.#runtime.clock.now());
	}
}

function asBytes(data: unknown): Uint8Array | undefined {
	if (data instanceof Uint8Array) return data;
	if (ArrayBuffer.isView(data))
		return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
	if (Object.prototype.toString.call(data) === '[object ArrayBuffer]') {
		return new Uint8Array(data as ArrayBuffer);
	}
	return undefined;
}

/** The URL without a password, for labels. */
function displayUrl(url: string): string {
	const checked = checkWebSocketUrl(url);
	if (!checked.ok) return url.trim();
	const parsed = new URL(checked.url);
	parsed.password = '';
	return parsed.href;
}

function refusedToOpen(url: string, error: unknown): string {
	const name = (error as { name?: string } | undefined)?.name;
	if (name === 'SecurityError') {
		return `the browser refused to open ${url}: a page served over https can only use wss://, and some ports are blocked`;
	}
	return `could not open ${url}: ${errorMessage(error)}`;
}

function closeQuietly(socket: WebSocketLike, code: number, reason: string): void {
	try {
		socket.close(code, reason);
	} catch {
		// Already closing or closed: nothing left to release.
	}
}

function errorMessage(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}
