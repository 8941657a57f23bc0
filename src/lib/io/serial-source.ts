import type { LineProtocolConfig } from '../core/line-protocol/types';
import {
	checkSerialOptions,
	describePort,
	openOptionsOf,
	type SerialOptions
} from './serial-options';
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
import { channelsOf, TextIngest, type DecoderFactory } from './text-ingest';
import type { SerialLike, SerialPortInfoLike, SerialPortLike } from './web-serial-types';

export interface SerialSourceOptions extends ConnectionOptions {
	/** `navigator.serial`: its `connect` events and `getPorts()` find the device after a replug. */
	serial: SerialLike;
	/** The port the user picked (`requestSerialPort`) or one granted before (`getPorts()`). */
	port: SerialPortLike;
	options: SerialOptions;
	protocol: LineProtocolConfig;
	/** Default: core's `createLineDecoder`. */
	createDecoder?: DecoderFactory;
}

/** Read errors after which the port goes on (the spec replaces `port.readable`); data was lost. */
const NON_FATAL_READ_ERRORS: Record<string, string> = {
	BufferOverrunError: 'the serial read buffer overflowed and data was lost: raise the buffer size',
	BreakError: 'the device sent a break signal',
	FramingError: 'framing error: check the baud rate, data bits and stop bits',
	ParityError: 'parity error: check the parity setting'
};

/**
 * A sensor on a serial port (USB or native) through Web Serial. The read loop hands each read,
 * whatever it holds, to the line decoder as one batch. Unplugging (a read that fails with
 * `NetworkError`, or the port's `disconnect` event) closes the port and reconnects: on
 * `navigator.serial`'s `connect` event at once, else polling `getPorts()` with backoff, for the
 * same port or one with the same USB vendor and product id, reopened with the same options.
 */
export class SerialSource implements LiveSource {
	readonly kind = 'serial' as const;
	readonly label: string;
	readonly #options: SerialSourceOptions;
	readonly #info: SerialPortInfoLike;
	readonly #runtime: SourceRuntime;
	readonly #ingest: TextIngest;
	#port: SerialPortLike;
	/** Bumped on every open, loss and stop: a read loop or event of an older one is ignored. */
	#generation = 0;
	#open = false;
	#reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
	#sending: Promise<unknown> = Promise.resolve();
	#releasing: Promise<void> = Promise.resolve();
	#started = false;
	readonly #onConnect = () => {
		if (this.#runtime.status.kind === 'reconnecting') this.#runtime.retryNow();
	};
	readonly #onDisconnect = (event: Event) => {
		if (this.#open && (event.target as unknown) === this.#port) {
			void this.#lost(this.#generation, 'the device was unplugged');
		}
	};

	constructor(options: SerialSourceOptions) {
		this.#options = options;
		this.#port = options.port;
		this.#info = options.port.getInfo();
		this.label = `${describePort(this.#info)} @ ${options.options.baudRate}`;
		const clock = options.clock ?? browserLiveClock;
		this.#runtime = new SourceRuntime(options, clock, channelsOf(options.protocol));
		this.#ingest = new TextIngest(this.#runtime, options.protocol, options.createDecoder);
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

	/** The port in use now (a replug may have given a new port object). */
	get port(): SerialPortLike {
		return this.#port;
	}

	/** Opens the port; resolves once it is open and reading (or has failed: see `status`). */
	async start(listener: SourceListener): Promise<void> {
		this.#runtime.attach(listener);
		if (this.#started || this.#runtime.stopped) return;
		this.#started = true;
		const problems = checkSerialOptions(this.#options.options).map((p) => p.message);
		const protocolProblem = this.#ingest.prepare();
		if (protocolProblem) problems.push(protocolProblem);
		if (problems.length > 0) return this.#runtime.fail(problems.join('; '));
		this.#options.serial.addEventListener('connect', this.#onConnect);
		this.#options.serial.addEventListener('disconnect', this.#onDisconnect);
		await this.#openPort(this.#port, false);
	}

	async stop(): Promise<void> {
		if (this.#runtime.stopped) return;
		this.#generation += 1;
		this.#runtime.stop();
		this.#options.serial.removeEventListener('connect', this.#onConnect);
		this.#options.serial.removeEventListener('disconnect', this.#onDisconnect);
		this.#port.removeEventListener('disconnect', this.#onDisconnect);
		await this.#release(this.#port);
	}

	/** Writes `text` and the line ending (`options.sendLineEnding`); sends queue one after another. */
	send(text: string): Promise<SendResult> {
		const result = this.#sending.then(() => this.#write(text));
		this.#sending = result;
		return result;
	}

	async #write(text: string): Promise<SendResult> {
		const writable = this.#open ? this.#port.writable : null;
		if (!writable) return { ok: false, reason: `not connected (${this.status.kind})` };
		const writer = writable.getWriter();
		try {
			const bytes = new TextEncoder().encode(text + this.#options.options.sendLineEnding);
			await writer.write(bytes);
			return { ok: true };
		} catch (error) {
			return { ok: false, reason: `could not send: ${errorMessage(error)}` };
		} finally {
			writer.releaseLock();
		}
	}

	async #openPort(port: SerialPortLike, reconnecting: boolean): Promise<void> {
		const runtime = this.#runtime;
		const generation = ++this.#generation;
		if (!reconnecting) runtime.setStatus({ kind: 'connecting' });
		try {
			await port.open(openOptionsOf(this.#options.options));
		} catch (error) {
			if (generation !== this.#generation) return;
			const reason = `could not open the port: ${openFailure(error)}`;
			if (reconnecting) return runtime.lost(reason, () => void this.#reconnect());
			return runtime.fail(reason);
		}
		if (generation !== this.#generation) {
			// Stopped while opening.
			await port.close().catch(() => {});
			return;
		}
		this.#port = port;
		this.#open = true;
		port.addEventListener('disconnect', this.#onDisconnect);
		const { dataTerminalReady, requestToSend } = this.#options.options;
		if (dataTerminalReady !== undefined || requestToSend !== undefined) {
			await port.setSignals({ dataTerminalReady, requestToSend }).catch((error: unknown) => {
				// Not fatal (some adapters have no such lines), but the user asked for it: say so.
				const reason = `could not set DTR/RTS: ${errorMessage(error)}`;
				const rejected = [{ line: 0, reason, excerpt: '' }];
				runtime.deliver(emptyFrame(this.channels.length), rejected, runtime.clock.now());
			});
		}
		this.#ingest.restart();
		runtime.connected();
		void this.#readLoop(port, generation);
	}

	async #readLoop(port: SerialPortLike, generation: number): Promise<void> {
		let failure = 'the port closed';
		while (port.readable && generation === this.#generation) {
			const reader = port.readable.getReader();
			this.#reader = reader;
			let ended = false;
			try {
				for (;;) {
					const { value, done } = await reader.read();
					if (done) {
						ended = true;
						break;
					}
					if (generation !== this.#generation) break;
					if (value.byteLength === 0) continue;
					const arrivalMs = this.#runtime.clock.now();
					this.#runtime.received(arrivalMs);
					this.#ingest.pushBytes(value, arrivalMs);
				}
			} catch (error) {
				const name = (error as { name?: string } | undefined)?.name ?? '';
				const nonFatal = NON_FATAL_READ_ERRORS[name];
				if (nonFatal && generation === this.#generation) this.#reportReadError(nonFatal);
				else {
					failure = readFailure(error);
					ended = true;
				}
			} finally {
				if (this.#reader === reader) this.#reader = undefined;
				reader.releaseLock();
			}
			if (ended) break;
		}
		if (generation === this.#generation) await this.#lost(generation, failure);
	}

	#reportReadError(reason: string): void {
		this.#runtime.stats.addInvalidLines(1);
		const arrivalMs = this.#runtime.clock.now();
		this.#runtime.deliver(
			emptyFrame(this.channels.length),
			[{ line: 0, reason, excerpt: '' }],
			arrivalMs
		);
	}

	/** The device is gone (or the port failed): release it and start reconnecting. */
	async #lost(generation: number, reason: string): Promise<void> {
		if (generation !== this.#generation || this.#runtime.stopped) return;
		this.#generation += 1;
		const port = this.#port;
		port.removeEventListener('disconnect', this.#onDisconnect);
		// Report before the (slow, maybe failing) close, so the status changes at once; an attempt
		// waits for the close (`#releasing`), so it never reopens a port that is still closing.
		this.#releasing = this.#release(port);
		this.#runtime.lost(reason, () => void this.#reconnect());
		await this.#releasing;
	}

	async #reconnect(): Promise<void> {
		await this.#releasing;
		if (this.#runtime.stopped) return;
		let ports: SerialPortLike[] = [];
		try {
			ports = await this.#options.serial.getPorts();
		} catch {
			// Treated as "not back yet"; the next attempt asks again.
		}
		const port =
			ports.find((p) => p === this.#port) ??
			ports.find((p) => sameUsbDevice(p.getInfo(), this.#info));
		if (!port) {
			return this.#runtime.lost('unplugged: waiting for the device to come back', () => {
				void this.#reconnect();
			});
		}
		await this.#openPort(port, true);
	}

	/** Cancels the read and closes the port; errors are expected here (the device is gone). */
	async #release(port: SerialPortLike): Promise<void> {
		this.#open = false;
		const reader = this.#reader;
		this.#reader = undefined;
		if (reader) {
			await reader.cancel().catch(() => {});
			reader.releaseLock();
		}
		await this.#sending.catch(() => {});
		await port.close().catch(() => {});
	}
}

/** Same USB device: vendor and product id match (a port without USB ids only matches itself). */
function sameUsbDevice(a: SerialPortInfoLike, b: SerialPortInfoLike): boolean {
	return (
		a.usbVendorId !== undefined &&
		a.usbVendorId === b.usbVendorId &&
		a.usbProductId === b.usbProductId
	);
}

function openFailure(error: unknown): string {
	const name = (error as { name?: string } | undefined)?.name;
	if (name === 'NetworkError') {
		return 'it is in use by another program (a serial monitor?) or was unplugged';
	}
	if (name === 'InvalidStateError') return 'it is already open (in another tab?)';
	return errorMessage(error);
}

function readFailure(error: unknown): string {
	const name = (error as { name?: string } | undefined)?.name;
	if (name === 'NetworkError') return 'the device was unplugged';
	return `reading failed: ${errorMessage(error)}`;
}

function emptyFrame(channelCount: number) {
	return {
		t: new Float64Array(0),
		channels: Array.from({ length: channelCount }, () => new Float32Array(0))
	};
}

function errorMessage(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}
