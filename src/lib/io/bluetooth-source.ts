import type { LineProtocolConfig } from '../core/line-protocol/types';
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
import {
	NUS_RX_CHARACTERISTIC_UUID,
	NUS_SERVICE_UUID,
	NUS_TX_CHARACTERISTIC_UUID,
	type BluetoothCharacteristicLike,
	type BluetoothDeviceLike,
	type BluetoothLike
} from './web-bluetooth-types';

/** Bytes per write: the default ATT MTU (23) less the 3-byte header. */
export const BLE_DEFAULT_WRITE_BYTES = 20;

export const BLUETOOTH_UNSUPPORTED_MESSAGE =
	'Web Bluetooth is not available in this browser (Firefox, Safari, iOS): use Chrome or Edge on Android, Windows, macOS or ChromeOS, or a WebSocket bridge';

/** Whether `navigator.bluetooth` exists (Chrome and Edge; on Linux only behind a flag). */
export function isBluetoothSupported(navigator: object): navigator is { bluetooth: BluetoothLike } {
	return (
		'bluetooth' in navigator &&
		typeof navigator.bluetooth === 'object' &&
		navigator.bluetooth !== null
	);
}

export type DeviceRequest =
	| { ok: true; device: BluetoothDeviceLike }
	/** `cancelled`: the user closed the chooser, nothing to show. */
	| { ok: false; cancelled: boolean; reason: string };

/**
 * Opens the browser's device chooser for Nordic UART devices (call it from a click). Many
 * sensors advertise only their name, not the service: give `namePrefix` to list those.
 */
export async function requestNusDevice(
	bluetooth: BluetoothLike,
	filter: { namePrefix?: string } = {}
): Promise<DeviceRequest> {
	const options = filter.namePrefix
		? { filters: [{ namePrefix: filter.namePrefix }], optionalServices: [NUS_SERVICE_UUID] }
		: { filters: [{ services: [NUS_SERVICE_UUID] }] };
	try {
		return { ok: true, device: await bluetooth.requestDevice(options) };
	} catch (error) {
		const name = (error as { name?: string } | undefined)?.name;
		if (name === 'NotFoundError')
			return { ok: false, cancelled: true, reason: 'no device was chosen' };
		if (name === 'SecurityError') {
			return {
				ok: false,
				cancelled: false,
				reason:
					'the browser blocked the device chooser: it opens only from a click, on https or localhost'
			};
		}
		return {
			ok: false,
			cancelled: false,
			reason: `the device chooser failed: ${errorMessage(error)}`
		};
	}
}

export interface BluetoothSourceOptions extends ConnectionOptions {
	device: BluetoothDeviceLike;
	protocol: LineProtocolConfig;
	/** Default: core's `createLineDecoder`. */
	createDecoder?: DecoderFactory;
	/** Appended to `send(text)`. Default `\n`. */
	sendLineEnding?: '\n' | '\r\n' | '\r' | '';
	/** Largest write; default 20 bytes (fits the default MTU). */
	writeChunkBytes?: number;
}

/**
 * A wireless sensor speaking a line protocol over the Nordic UART Service (Web Bluetooth): how
 * an Android tablet, which has no Web Serial, reads one. Notifications are raw bytes, cut
 * anywhere (mid-line, mid-character); they go through one streaming `TextDecoder` to the line
 * decoder. A dropped link (`gattserverdisconnected`) reconnects to the same device with backoff.
 */
export class BluetoothSource implements LiveSource {
	readonly kind = 'bluetooth' as const;
	readonly label: string;
	readonly #options: BluetoothSourceOptions;
	readonly #runtime: SourceRuntime;
	readonly #ingest: TextIngest;
	#tx: BluetoothCharacteristicLike | undefined;
	#rx: BluetoothCharacteristicLike | undefined;
	#linked = false;
	#generation = 0;
	#started = false;
	#sending: Promise<unknown> = Promise.resolve();
	readonly #onValue = (event: Event) => {
		const value = (event.target as BluetoothCharacteristicLike | null)?.value;
		if (!value || !this.#linked) return;
		const arrivalMs = this.#runtime.clock.now();
		this.#runtime.received(arrivalMs);
		this.#ingest.pushBytes(
			new Uint8Array(value.buffer, value.byteOffset, value.byteLength),
			arrivalMs
		);
	};
	readonly #onDisconnected = () => {
		if (!this.#linked) return;
		// A connect still in progress (startNotifications) must not report this loss again.
		this.#generation += 1;
		this.#unlink();
		this.#runtime.lost('the Bluetooth link dropped (out of range or switched off)', () => {
			void this.#connect(false);
		});
	};

	constructor(options: BluetoothSourceOptions) {
		this.#options = options;
		this.label = `${options.device.name || 'Bluetooth device'} (Bluetooth)`;
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

	/** Connects; resolves once notifications flow (or it failed or is retrying: see `status`). */
	async start(listener: SourceListener): Promise<void> {
		this.#runtime.attach(listener);
		if (this.#started || this.#runtime.stopped) return;
		this.#started = true;
		const problem = this.#ingest.prepare();
		if (problem) return this.#runtime.fail(problem);
		this.#options.device.addEventListener('gattserverdisconnected', this.#onDisconnected);
		await this.#connect(true);
	}

	async stop(): Promise<void> {
		if (this.#runtime.stopped) return;
		this.#generation += 1;
		this.#runtime.stop();
		const tx = this.#tx;
		this.#unlink();
		this.#options.device.removeEventListener('gattserverdisconnected', this.#onDisconnected);
		await tx?.stopNotifications().catch(() => {});
		try {
			this.#options.device.gatt?.disconnect();
		} catch {
			// Already disconnected.
		}
	}

	/** Writes `text` and the line ending in chunks of `writeChunkBytes`, in order. */
	send(text: string): Promise<SendResult> {
		const result = this.#sending.then(() => this.#write(text));
		this.#sending = result;
		return result;
	}

	async #write(text: string): Promise<SendResult> {
		const rx = this.#linked ? this.#rx : undefined;
		if (!rx) {
			return {
				ok: false,
				reason: this.#linked
					? 'the device has no writable UART channel'
					: `not connected (${this.status.kind})`
			};
		}
		const write = writerOf(rx);
		const bytes = new TextEncoder().encode(text + (this.#options.sendLineEnding ?? '\n'));
		const chunkBytes = this.#options.writeChunkBytes ?? BLE_DEFAULT_WRITE_BYTES;
		try {
			for (let at = 0; at < bytes.length; at += chunkBytes) {
				await write(bytes.subarray(at, at + chunkBytes));
			}
			return { ok: true };
		} catch (error) {
			return { ok: false, reason: `could not send: ${errorMessage(error)}` };
		}
	}

	async #connect(first: boolean): Promise<void> {
		const runtime = this.#runtime;
		const generation = ++this.#generation;
		if (first) runtime.setStatus({ kind: 'connecting' });
		const gatt = this.#options.device.gatt;
		if (!gatt) return runtime.fail('this device offers no GATT services');
		let tx: BluetoothCharacteristicLike;
		try {
			const server = await gatt.connect();
			const service = await server.getPrimaryService(NUS_SERVICE_UUID).catch((error: unknown) => {
				throw (error as { name?: string })?.name === 'NotFoundError' ? new MissingService() : error;
			});
			tx = await service.getCharacteristic(NUS_TX_CHARACTERISTIC_UUID);
			this.#rx = await service.getCharacteristic(NUS_RX_CHARACTERISTIC_UUID).catch(() => undefined);
			if (generation !== this.#generation) return;
			tx.addEventListener('characteristicvaluechanged', this.#onValue);
			this.#tx = tx;
			this.#ingest.restart();
			this.#linked = true;
			await tx.startNotifications();
		} catch (error) {
			if (generation !== this.#generation) return;
			this.#unlink();
			if (error instanceof MissingService) return runtime.fail(error.message);
			const reason = `could not connect: ${errorMessage(error)}`;
			return runtime.lost(reason, () => void this.#connect(false));
		}
		if (generation === this.#generation) runtime.connected();
	}

	#unlink(): void {
		this.#linked = false;
		this.#tx?.removeEventListener('characteristicvaluechanged', this.#onValue);
		this.#tx = undefined;
		this.#rx = undefined;
	}
}

class MissingService extends Error {
	override name = 'MissingService';
	constructor() {
		super('this device does not offer the Nordic UART Service (6e400001-…)');
	}
}

/** Without response is faster where the device allows it; each write is awaited, so none overlap. */
function writerOf(rx: BluetoothCharacteristicLike): (chunk: Uint8Array) => Promise<void> {
	if (rx.properties?.writeWithoutResponse && rx.writeValueWithoutResponse) {
		return (chunk) => rx.writeValueWithoutResponse!(chunk);
	}
	if (rx.writeValueWithResponse) return (chunk) => rx.writeValueWithResponse!(chunk);
	if (rx.writeValue) return (chunk) => rx.writeValue!(chunk);
	return () => Promise.reject(new Error('the UART channel cannot be written'));
}

function errorMessage(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}
