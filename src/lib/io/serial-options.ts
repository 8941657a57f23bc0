import type {
	SerialLike,
	SerialOpenOptionsLike,
	SerialPortFilterLike,
	SerialPortInfoLike,
	SerialPortLike
} from './web-serial-types';

/** The rates a picker offers; any other positive whole number can be typed (`customBaud`). */
export const COMMON_BAUD_RATES = [
	300, 1200, 2400, 4800, 9600, 19_200, 38_400, 57_600, 74_880, 115_200, 230_400, 250_000, 460_800,
	500_000, 921_600, 1_000_000, 2_000_000
] as const;

/** Chrome refuses a larger read buffer. */
export const MAX_SERIAL_BUFFER_BYTES = 16 * 1024 * 1024;
export const MAX_BAUD_RATE = 20_000_000;

export interface SerialOptions {
	/** Bits per second. Ignored by native USB CDC boards (RP2040, ESP32-S3, Teensy), which run at USB speed. */
	baudRate: number;
	dataBits: 7 | 8;
	parity: 'none' | 'even' | 'odd';
	stopBits: 1 | 2;
	flowControl: 'none' | 'hardware';
	/** Read buffer in bytes; Chrome's own default (255) overflows at high rates. */
	bufferSize: number;
	/**
	 * DTR and RTS, set right after opening; `undefined` leaves them as opening left them (asserted).
	 * Many boards (Arduino Uno/Nano, ESP32 dev kits) reset when DTR is asserted; set false to keep
	 * the board running, true to reset it on connect.
	 */
	dataTerminalReady?: boolean;
	requestToSend?: boolean;
	/** Appended to every `send(text)`. */
	sendLineEnding: '\n' | '\r\n' | '\r' | '';
}

export const DEFAULT_SERIAL_OPTIONS: Readonly<SerialOptions> = Object.freeze({
	baudRate: 115_200,
	dataBits: 8,
	parity: 'none',
	stopBits: 1,
	flowControl: 'none',
	bufferSize: 65_536,
	sendLineEnding: '\n'
});

export interface SerialOptionProblem {
	field: keyof SerialOptions;
	message: string;
}

/** What is wrong with `options`, field by field (empty when they can be used). */
export function checkSerialOptions(options: SerialOptions): SerialOptionProblem[] {
	const problems: SerialOptionProblem[] = [];
	const { baudRate, dataBits, parity, stopBits, flowControl, bufferSize } = options;
	if (!Number.isInteger(baudRate) || baudRate < 1 || baudRate > MAX_BAUD_RATE) {
		problems.push({
			field: 'baudRate',
			message: `baud rate must be a whole number from 1 to ${MAX_BAUD_RATE}, got ${baudRate}`
		});
	}
	if (dataBits !== 7 && dataBits !== 8) {
		problems.push({ field: 'dataBits', message: `data bits must be 7 or 8, got ${dataBits}` });
	}
	if (!['none', 'even', 'odd'].includes(parity)) {
		problems.push({ field: 'parity', message: `parity must be none, even or odd, got ${parity}` });
	}
	if (stopBits !== 1 && stopBits !== 2) {
		problems.push({ field: 'stopBits', message: `stop bits must be 1 or 2, got ${stopBits}` });
	}
	if (flowControl !== 'none' && flowControl !== 'hardware') {
		problems.push({
			field: 'flowControl',
			message: `flow control must be none or hardware, got ${flowControl}`
		});
	}
	if (!Number.isInteger(bufferSize) || bufferSize < 1 || bufferSize > MAX_SERIAL_BUFFER_BYTES) {
		problems.push({
			field: 'bufferSize',
			message: `buffer size must be a whole number of bytes from 1 to ${MAX_SERIAL_BUFFER_BYTES}, got ${bufferSize}`
		});
	}
	return problems;
}

/** The subset `port.open` takes. */
export function openOptionsOf(options: SerialOptions): SerialOpenOptionsLike {
	const { baudRate, dataBits, parity, stopBits, flowControl, bufferSize } = options;
	return { baudRate, dataBits, parity, stopBits, flowControl, bufferSize };
}

/** USB-serial chips and boards people plug in, for the picker's optional vendor filter. */
export const KNOWN_USB_VENDORS: readonly { usbVendorId: number; name: string }[] = [
	{ usbVendorId: 0x2341, name: 'Arduino' },
	{ usbVendorId: 0x1a86, name: 'QinHeng CH340/CH9102' },
	{ usbVendorId: 0x10c4, name: 'Silicon Labs CP210x' },
	{ usbVendorId: 0x0403, name: 'FTDI' },
	{ usbVendorId: 0x303a, name: 'Espressif' },
	{ usbVendorId: 0x2e8a, name: 'Raspberry Pi' },
	{ usbVendorId: 0x16c0, name: 'Teensy (PJRC)' },
	{ usbVendorId: 0x239a, name: 'Adafruit' },
	{ usbVendorId: 0x067b, name: 'Prolific PL2303' }
];

const hex4 = (id: number) => id.toString(16).padStart(4, '0');

/** "Arduino 2341:0043", "USB 1234:5678", or "serial port" when the port is not USB. */
export function describePort(info: SerialPortInfoLike): string {
	const { usbVendorId: vendor, usbProductId: product } = info;
	if (vendor === undefined) return 'serial port';
	const name = KNOWN_USB_VENDORS.find((v) => v.usbVendorId === vendor)?.name ?? 'USB';
	return `${name} ${hex4(vendor)}:${product === undefined ? '????' : hex4(product)}`;
}

export const SERIAL_UNSUPPORTED_MESSAGE =
	'Web Serial is not available in this browser (Android, Firefox, Safari): use a WebSocket bridge or Bluetooth';

/** Whether `navigator.serial` exists (Chrome, Edge and Opera on desktop; not Android). */
export function isSerialSupported(navigator: object): navigator is { serial: SerialLike } {
	return 'serial' in navigator && typeof navigator.serial === 'object' && navigator.serial !== null;
}

export type PortRequest =
	| { ok: true; port: SerialPortLike }
	/** `cancelled`: the user closed the picker, nothing to show. */
	| { ok: false; cancelled: boolean; reason: string };

/**
 * Opens the browser's port picker (call it from a click: it needs a user gesture). `filters`
 * limits the list to USB vendors (and products); none lists every port.
 */
export async function requestSerialPort(
	serial: SerialLike,
	filters: SerialPortFilterLike[] = []
): Promise<PortRequest> {
	try {
		const port = await serial.requestPort(filters.length > 0 ? { filters } : {});
		return { ok: true, port };
	} catch (error) {
		const name = (error as { name?: string } | undefined)?.name;
		if (name === 'NotFoundError') {
			return { ok: false, cancelled: true, reason: 'no port was chosen' };
		}
		if (name === 'SecurityError') {
			return {
				ok: false,
				cancelled: false,
				reason:
					'the browser blocked the port picker: it opens only from a click, on https or localhost'
			};
		}
		const message = error instanceof Error ? error.message : String(error);
		return { ok: false, cancelled: false, reason: `the port picker failed: ${message}` };
	}
}
