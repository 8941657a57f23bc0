import type {
	LineDecoder,
	LineProtocolConfig,
	LineProtocolDetection
} from '../core/line-protocol/types';
import { AutoDetectingDecoder, autoDetectingDecoders } from '../io/auto-detect-decoder';
import type { BinaryLayout } from '../io/binary-layout';
import {
	BLUETOOTH_UNSUPPORTED_MESSAGE,
	BluetoothSource,
	isBluetoothSupported,
	requestNusDevice
} from '../io/bluetooth-source';
import {
	checkSerialOptions,
	DEFAULT_SERIAL_OPTIONS,
	isSerialSupported,
	requestSerialPort,
	SERIAL_UNSUPPORTED_MESSAGE,
	type SerialOptions
} from '../io/serial-options';
import { SerialSource } from '../io/serial-source';
import type { LiveSource, SendResult } from '../io/source';
import { WebSocketSource } from '../io/websocket-source';
import type { BluetoothLike } from '../io/web-bluetooth-types';
import type { SerialLike } from '../io/web-serial-types';
import { liveStream, type LiveStream } from './live-stream.svelte';
import { DEFAULT_PROTOCOL_FORM, protocolFromForm, type ProtocolForm } from './protocol-form';

export type SourceChoice = 'simulator' | 'serial' | 'websocket' | 'bluetooth';

/** What the WebSocket form holds besides the line format. */
export interface WebSocketForm {
	url: string;
	/** Text lines (any line protocol) or binary float32 rows. */
	frames: 'text' | 'binary';
	binaryChannels: number;
	binaryTime: 'arrival' | 'float64-ms';
}

export const DEFAULT_WEBSOCKET_FORM: Readonly<WebSocketForm> = Object.freeze({
	url: 'ws://localhost:8080',
	frames: 'text',
	binaryChannels: 8,
	binaryTime: 'arrival'
});

/**
 * The Live page's source picker: the forms for each kind of source, whether the browser can do
 * it, and connecting the chosen one to the live stream. With an auto-detected format it keeps
 * the decoder, so the page can show what was detected and let the user correct it.
 */
export class SourceSetup {
	choice = $state<SourceChoice>('simulator');
	protocol = $state<ProtocolForm>({ ...DEFAULT_PROTOCOL_FORM });
	websocket = $state<WebSocketForm>({ ...DEFAULT_WEBSOCKET_FORM });
	serial = $state<SerialOptions>({ ...DEFAULT_SERIAL_OPTIONS });
	/** USB vendor ids (hex, comma separated) limiting the port picker; empty lists every port. */
	usbVendorFilter = $state('');
	/** Bluetooth devices advertising only a name: list those whose name starts with this. */
	bluetoothNamePrefix = $state('');
	/** Problems to show next to the form (empty when it can connect). */
	problems = $state.raw<string[]>([]);
	/** The newest detection of an auto-detected format, for the preview. */
	detection = $state.raw<LineProtocolDetection | undefined>();
	busy = $state(false);

	readonly #stream: LiveStream;
	readonly #navigator: object;
	#autoDecoder: AutoDetectingDecoder | undefined;
	#poll: ReturnType<typeof setInterval> | undefined;

	constructor(stream: LiveStream = liveStream, nav: object = globalThis.navigator ?? {}) {
		this.#stream = stream;
		this.#navigator = nav;
	}

	/** Why a kind of source cannot work in this browser, or undefined when it can. */
	unsupported(choice: SourceChoice): string | undefined {
		if (choice === 'serial' && !isSerialSupported(this.#navigator))
			return SERIAL_UNSUPPORTED_MESSAGE;
		if (choice === 'bluetooth' && !isBluetoothSupported(this.#navigator)) {
			return BLUETOOTH_UNSUPPORTED_MESSAGE;
		}
		if (choice === 'websocket' && typeof WebSocket === 'undefined') {
			return 'WebSocket is not available in this browser.';
		}
		return undefined;
	}

	/**
	 * Connects the chosen source (serial and Bluetooth open the browser's picker first, so call it
	 * from a click). Problems go to `problems`; a cancelled picker changes nothing.
	 */
	async connect(): Promise<void> {
		this.problems = [];
		if (this.choice === 'simulator') return this.#stream.start();
		const unsupported = this.unsupported(this.choice);
		if (unsupported) return void (this.problems = [unsupported]);
		const protocol = protocolFromForm(this.protocol);
		if (!protocol.ok) return void (this.problems = protocol.problems);
		this.busy = true;
		try {
			const source = await this.#createSource(protocol.config);
			if (!source) return;
			this.#watchDetection();
			await this.#stream.connect(source);
		} finally {
			this.busy = false;
		}
	}

	/** Stops the external source; the charts keep what was received. */
	disconnect(): void {
		this.#stream.stop();
		this.#stopWatching();
	}

	/** Sends a text command to the connected device (serial, Bluetooth, WebSocket). */
	async send(text: string): Promise<SendResult> {
		const source = this.#stream.externalSource;
		if (!source?.send) return { ok: false, reason: 'the current source cannot receive commands' };
		return source.send(text);
	}

	async #createSource(protocol: LineProtocolConfig): Promise<LiveSource | undefined> {
		this.#autoDecoder = undefined;
		this.detection = undefined;
		const createDecoder = autoDetectingDecoders((decoder: LineDecoder) => {
			if (decoder instanceof AutoDetectingDecoder) this.#autoDecoder = decoder;
		});
		if (this.choice === 'websocket') {
			const form = this.websocket;
			const format =
				form.frames === 'binary'
					? { kind: 'binary' as const, layout: binaryLayoutOf(form) }
					: { kind: 'text' as const, protocol };
			return new WebSocketSource({ url: form.url.trim(), format, createDecoder });
		}
		if (this.choice === 'serial') {
			const problems = checkSerialOptions(this.serial).map((p) => p.message);
			const filters = parseVendorFilter(this.usbVendorFilter);
			if (!filters.ok) problems.push(filters.problem);
			if (problems.length > 0 || !filters.ok) return void (this.problems = problems);
			const serial = (this.#navigator as { serial: SerialLike }).serial;
			const picked = await requestSerialPort(serial, filters.filters);
			if (!picked.ok) return void (this.problems = picked.cancelled ? [] : [picked.reason]);
			const options = { ...this.serial };
			return new SerialSource({ serial, port: picked.port, options, protocol, createDecoder });
		}
		const bluetooth = (this.#navigator as { bluetooth: BluetoothLike }).bluetooth;
		const prefix = this.bluetoothNamePrefix.trim();
		const picked = await requestNusDevice(bluetooth, prefix ? { namePrefix: prefix } : {});
		if (!picked.ok) return void (this.problems = picked.cancelled ? [] : [picked.reason]);
		return new BluetoothSource({ device: picked.device, protocol, createDecoder });
	}

	/** Detection happens inside the source's decoder; poll it until it has an answer. */
	#watchDetection(): void {
		this.#stopWatching();
		this.#poll = setInterval(() => {
			const detection = this.#autoDecoder?.detection;
			if (detection !== this.detection) this.detection = detection;
			if (detection?.ok || !this.#autoDecoder) this.#stopWatching();
		}, 200);
	}

	#stopWatching(): void {
		if (this.#poll !== undefined) clearInterval(this.#poll);
		this.#poll = undefined;
	}
}

function binaryLayoutOf(form: WebSocketForm): BinaryLayout {
	return {
		channelCount: form.binaryChannels,
		timestamp:
			form.binaryTime === 'arrival'
				? { kind: 'arrival' }
				: { kind: 'column', type: 'float64', unit: 'ms', epoch: true }
	};
}

/** `2341, 0x10c4` → USB filters; hex with or without `0x`. */
export function parseVendorFilter(
	text: string
): { ok: true; filters: { usbVendorId: number }[] } | { ok: false; problem: string } {
	const parts = text
		.split(',')
		.map((part) => part.trim())
		.filter((part) => part !== '');
	const filters: { usbVendorId: number }[] = [];
	for (const part of parts) {
		const hex = part.replace(/^0x/i, '');
		const id = /^[0-9a-f]{1,4}$/i.test(hex) ? parseInt(hex, 16) : NaN;
		if (Number.isNaN(id)) {
			return {
				ok: false,
				problem: `USB vendor id '${part}' is not a 4-digit hex number (e.g. 2341)`
			};
		}
		filters.push({ usbVendorId: id });
	}
	return { ok: true, filters };
}

export { COMMON_BAUD_RATES } from '../io/serial-options';

/** The app's one source picker, beside the one live stream. */
export const sourceSetup = new SourceSetup();
