import type {
	SerialLike,
	SerialOpenOptionsLike,
	SerialOutputSignalsLike,
	SerialPortFilterLike,
	SerialPortInfoLike,
	SerialPortLike
} from '../web-serial-types';

/**
 * A serial port with everything real except the operating system's device: `readable` is a real
 * `ReadableStream` the test feeds (`feed`), `writable` a real `WritableStream` that records what
 * was written, and it follows the spec where the source depends on it: `close()` fails while a
 * stream is locked, a fatal error (`unplug`) errors the stream, nulls `readable` and fires
 * `disconnect`; a non-fatal one replaces `readable`. Standard globals only, so it runs in Node
 * and in a page.
 */
export class FakeSerialPort extends EventTarget implements SerialPortLike {
	readable: ReadableStream<Uint8Array> | null = null;
	writable: WritableStream<Uint8Array> | null = null;
	readonly opened: SerialOpenOptionsLike[] = [];
	readonly signals: SerialOutputSignalsLike[] = [];
	readonly written: string[] = [];
	closes = 0;
	/** The next `open()` fails with this error (then it is cleared). */
	failNextOpen: Error | undefined;
	readonly #info: SerialPortInfoLike;
	#controller: ReadableStreamDefaultController<Uint8Array> | undefined;

	constructor(info: SerialPortInfoLike = { usbVendorId: 0x2341, usbProductId: 0x0043 }) {
		super();
		this.#info = info;
	}

	get isOpen(): boolean {
		return this.readable !== null || this.writable !== null;
	}

	getInfo(): SerialPortInfoLike {
		return { ...this.#info };
	}

	async open(options: SerialOpenOptionsLike): Promise<void> {
		const failure = this.failNextOpen;
		this.failNextOpen = undefined;
		if (failure) throw failure;
		if (this.isOpen) throw new DOMException('The port is already open.', 'InvalidStateError');
		this.opened.push({ ...options });
		this.#newReadable();
		const decoder = new TextDecoder();
		this.writable = new WritableStream<Uint8Array>({
			write: (chunk) => void this.written.push(decoder.decode(chunk))
		});
	}

	async close(): Promise<void> {
		if (this.readable?.locked || this.writable?.locked) {
			throw new TypeError('Cannot close a port while its streams are locked.');
		}
		if (!this.isOpen) throw new DOMException('The port is already closed.', 'InvalidStateError');
		await this.readable?.cancel().catch(() => {});
		this.readable = null;
		this.writable = null;
		this.closes += 1;
	}

	async setSignals(signals: SerialOutputSignalsLike): Promise<void> {
		if (!this.isOpen) throw new DOMException('The port is closed.', 'InvalidStateError');
		this.signals.push({ ...signals });
	}

	/** Bytes from the device: a string is sent as UTF-8. */
	feed(data: string | Uint8Array): void {
		const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
		this.#controller?.enqueue(bytes);
	}

	/** The cable is pulled: reads fail with NetworkError, `readable` is gone, `disconnect` fires. */
	unplug(): void {
		this.#controller?.error(new DOMException('The device has been lost.', 'NetworkError'));
		this.#controller = undefined;
		this.readable = null;
		this.writable = null;
		this.dispatchEvent(new Event('disconnect'));
	}

	/** A non-fatal read error (`BufferOverrunError`, `FramingError`…): a new `readable` follows. */
	readError(name: string): void {
		const controller = this.#controller;
		this.#newReadable();
		controller?.error(new DOMException(`A ${name} happened.`, name));
	}

	#newReadable(): void {
		this.readable = new ReadableStream<Uint8Array>({
			start: (controller) => void (this.#controller = controller)
		});
	}
}

/** `navigator.serial`: the ports granted so far; `plugIn` adds one and fires `connect`. */
export class FakeSerial extends EventTarget implements SerialLike {
	ports: FakeSerialPort[] = [];
	/** What the next `requestPort` does: a port, or an error (the user cancelled: NotFoundError). */
	nextRequest: FakeSerialPort | Error | undefined;
	readonly requests: ({ filters?: SerialPortFilterLike[] } | undefined)[] = [];

	async getPorts(): Promise<SerialPortLike[]> {
		return [...this.ports];
	}

	async requestPort(options?: { filters?: SerialPortFilterLike[] }): Promise<SerialPortLike> {
		this.requests.push(options);
		const next = this.nextRequest;
		if (next instanceof Error || next === undefined) {
			throw next ?? new DOMException('No port selected by the user.', 'NotFoundError');
		}
		if (!this.ports.includes(next)) this.ports.push(next);
		return next;
	}

	plugIn(port: FakeSerialPort): void {
		this.ports.push(port);
		this.dispatchEvent(new Event('connect'));
	}

	/** The device is gone from the granted list too (what the browser does on unplug). */
	remove(port: FakeSerialPort): void {
		this.ports = this.ports.filter((p) => p !== port);
	}
}
