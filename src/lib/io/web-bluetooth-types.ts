/**
 * The part of Web Bluetooth (https://webbluetoothcg.github.io/web-bluetooth/) the Bluetooth
 * source uses. TypeScript's DOM library has none of it; these structural types fit Chrome's
 * objects and the fakes in tests.
 */
import type { EventTargetLike } from './web-serial-types';

/** Nordic UART Service: a serial line over Bluetooth Low Energy. */
export const NUS_SERVICE_UUID = '6e400001-b5a3-f393-e0a9-e50e24dcca9e';
/** Device → app, notify. */
export const NUS_TX_CHARACTERISTIC_UUID = '6e400003-b5a3-f393-e0a9-e50e24dcca9e';
/** App → device, write. */
export const NUS_RX_CHARACTERISTIC_UUID = '6e400002-b5a3-f393-e0a9-e50e24dcca9e';

export interface BluetoothCharacteristicLike extends EventTargetLike {
	/** The last notified value (set before `characteristicvaluechanged` fires). */
	readonly value?: DataView | null;
	startNotifications(): Promise<unknown>;
	stopNotifications(): Promise<unknown>;
	writeValueWithoutResponse?(value: Uint8Array): Promise<void>;
	writeValueWithResponse?(value: Uint8Array): Promise<void>;
	writeValue?(value: Uint8Array): Promise<void>;
	readonly properties?: { writeWithoutResponse?: boolean; write?: boolean };
}

export interface BluetoothServiceLike {
	getCharacteristic(uuid: string): Promise<BluetoothCharacteristicLike>;
}

export interface BluetoothGattServerLike {
	readonly connected: boolean;
	connect(): Promise<BluetoothGattServerLike>;
	disconnect(): void;
	getPrimaryService(uuid: string): Promise<BluetoothServiceLike>;
}

/** Fires `gattserverdisconnected` when the link drops. */
export interface BluetoothDeviceLike extends EventTargetLike {
	readonly id: string;
	readonly name?: string | null;
	readonly gatt?: BluetoothGattServerLike | null;
}

export type BluetoothRequestOptions =
	| { filters: ({ services: string[] } | { namePrefix: string })[]; optionalServices?: string[] }
	| { acceptAllDevices: true; optionalServices: string[] };

export interface BluetoothLike {
	/** The device chooser; needs a user gesture. Rejects with `NotFoundError` when cancelled. */
	requestDevice(options: BluetoothRequestOptions): Promise<BluetoothDeviceLike>;
	/** Whether the machine has a Bluetooth adapter that is on (not in every browser). */
	getAvailability?(): Promise<boolean>;
}
