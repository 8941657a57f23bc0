import {
	NUS_RX_CHARACTERISTIC_UUID,
	NUS_SERVICE_UUID,
	NUS_TX_CHARACTERISTIC_UUID,
	type BluetoothCharacteristicLike,
	type BluetoothDeviceLike,
	type BluetoothGattServerLike,
	type BluetoothLike,
	type BluetoothRequestOptions,
	type BluetoothServiceLike
} from '../web-bluetooth-types';

/**
 * A GATT characteristic as Chrome has it: a real `EventTarget` whose `value` is set to a
 * `DataView` before `characteristicvaluechanged` fires. Records writes.
 */
export class FakeCharacteristic extends EventTarget implements BluetoothCharacteristicLike {
	value: DataView | null = null;
	notifying = false;
	readonly writes: Uint8Array[] = [];
	readonly properties = { writeWithoutResponse: false, write: true };

	async startNotifications(): Promise<this> {
		this.notifying = true;
		return this;
	}

	async stopNotifications(): Promise<this> {
		this.notifying = false;
		return this;
	}

	async writeValueWithResponse(value: Uint8Array): Promise<void> {
		this.writes.push(value.slice());
	}

	/** The device notifies `bytes` (only while notifications are on), as a view at `offset` of a larger buffer. */
	notify(bytes: Uint8Array, offset = 0): void {
		if (!this.notifying) return;
		const buffer = new ArrayBuffer(bytes.length + offset + 3);
		new Uint8Array(buffer, offset, bytes.length).set(bytes);
		this.value = new DataView(buffer, offset, bytes.length);
		this.dispatchEvent(new Event('characteristicvaluechanged'));
	}
}

/** The device's GATT server: connects (or fails to, as told), serves the UART service. */
class FakeGattServer implements BluetoothGattServerLike {
	connected = false;
	constructor(readonly device: FakeBluetoothDevice) {}

	async connect(): Promise<this> {
		const device = this.device;
		device.connects += 1;
		if (device.failConnects.count > 0) {
			device.failConnects.count -= 1;
			throw device.failConnects.error;
		}
		this.connected = true;
		return this;
	}

	disconnect(): void {
		this.device.disconnects += 1;
		this.device.loseLink();
	}

	async getPrimaryService(uuid: string): Promise<BluetoothServiceLike> {
		const { hasNus, tx, rx } = this.device;
		if (uuid !== NUS_SERVICE_UUID || !hasNus) {
			throw new DOMException('No Services matching UUID found in Device.', 'NotFoundError');
		}
		return {
			async getCharacteristic(uuid) {
				if (uuid === NUS_TX_CHARACTERISTIC_UUID) return tx;
				if (uuid === NUS_RX_CHARACTERISTIC_UUID) return rx;
				throw new DOMException('No characteristic.', 'NotFoundError');
			}
		};
	}
}

/** A device offering the Nordic UART Service (or not: `hasNus = false`). */
export class FakeBluetoothDevice extends EventTarget implements BluetoothDeviceLike {
	readonly id = 'fake-device-1';
	readonly tx = new FakeCharacteristic();
	readonly rx = new FakeCharacteristic();
	hasNus = true;
	/** The next `count` calls of `gatt.connect()` fail with `error` (out of range), then succeed. */
	failConnects: { count: number; error: Error } = { count: 0, error: new Error('') };
	connects = 0;
	disconnects = 0;
	readonly gatt = new FakeGattServer(this);

	constructor(readonly name: string = 'Sensor-42') {
		super();
	}

	/** The link drops (out of range): notifications stop, `gattserverdisconnected` fires. */
	loseLink(): void {
		if (!this.gatt.connected) return;
		this.gatt.connected = false;
		this.tx.notifying = false;
		this.dispatchEvent(new Event('gattserverdisconnected'));
	}
}

/** `navigator.bluetooth`: `requestDevice` answers with `next`, or NotFoundError (cancelled). */
export class FakeBluetooth implements BluetoothLike {
	next: FakeBluetoothDevice | undefined;
	readonly requests: BluetoothRequestOptions[] = [];

	async requestDevice(options: BluetoothRequestOptions): Promise<BluetoothDeviceLike> {
		this.requests.push(options);
		if (!this.next)
			throw new DOMException('User cancelled the requestDevice() chooser.', 'NotFoundError');
		return this.next;
	}
}
