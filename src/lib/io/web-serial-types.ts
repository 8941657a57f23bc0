/**
 * The part of the Web Serial API (https://wicg.github.io/serial/) the serial source uses.
 * TypeScript's DOM library has none of it; these structural types fit Chrome's objects and the
 * fakes in tests. Only streams and events come from the platform.
 */

export interface SerialPortInfoLike {
	usbVendorId?: number;
	usbProductId?: number;
}

export interface SerialPortFilterLike {
	usbVendorId: number;
	usbProductId?: number;
}

export interface SerialOpenOptionsLike {
	baudRate: number;
	dataBits?: 7 | 8;
	stopBits?: 1 | 2;
	parity?: 'none' | 'even' | 'odd';
	bufferSize?: number;
	flowControl?: 'none' | 'hardware';
}

export interface SerialOutputSignalsLike {
	dataTerminalReady?: boolean;
	requestToSend?: boolean;
	break?: boolean;
}

/** Events used: `disconnect` on the port, `connect` and `disconnect` on `navigator.serial`. */
export interface EventTargetLike {
	addEventListener(type: string, listener: (event: Event) => void): void;
	removeEventListener(type: string, listener: (event: Event) => void): void;
}

export interface SerialPortLike extends EventTargetLike {
	/** Null while closed, and after a fatal error (the device was unplugged). */
	readonly readable: ReadableStream<Uint8Array> | null;
	readonly writable: WritableStream<Uint8Array> | null;
	open(options: SerialOpenOptionsLike): Promise<void>;
	close(): Promise<void>;
	setSignals(signals: SerialOutputSignalsLike): Promise<void>;
	getInfo(): SerialPortInfoLike;
}

export interface SerialLike extends EventTargetLike {
	/** Ports this origin was granted before (no prompt). */
	getPorts(): Promise<SerialPortLike[]>;
	/** The port picker; needs a user gesture. Rejects with `NotFoundError` when cancelled. */
	requestPort(options?: { filters?: SerialPortFilterLike[] }): Promise<SerialPortLike>;
}
