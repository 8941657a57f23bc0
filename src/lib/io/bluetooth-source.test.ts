import { describe, expect, it, vi } from 'vitest';
import type { LineProtocolConfig } from '../core/line-protocol/types';
import {
	BluetoothSource,
	isBluetoothSupported,
	requestNusDevice,
	BLUETOOTH_UNSUPPORTED_MESSAGE
} from './bluetooth-source';
import { FakeBluetooth, FakeBluetoothDevice } from './testing/fake-bluetooth';
import { ManualClock } from './testing/manual-clock';
import { RecordingListener } from './testing/recording-listener';
import { NUS_SERVICE_UUID } from './web-bluetooth-types';

const LABELLED: LineProtocolConfig = {
	kind: 'labelled',
	channels: ['temp', 'hum'],
	units: ['°C', '%'],
	timestamp: { kind: 'field', key: 't', unit: 'ms', epoch: false },
	lineEnding: 'auto',
	maxLineChars: 4096,
	commentPrefix: '#'
};

async function connected(device = new FakeBluetoothDevice(), protocol = LABELLED) {
	const clock = new ManualClock(1_000_000);
	const source = new BluetoothSource({ device, protocol, clock, random: () => 0.5 });
	const listener = new RecordingListener();
	await source.start(listener);
	return { device, clock, source, listener };
}

const utf8 = (text: string) => new TextEncoder().encode(text);

describe('BluetoothSource', () => {
	it('subscribes to the UART TX characteristic and streams', async () => {
		const { device, listener, source } = await connected();
		expect(device.tx.notifying).toBe(true);
		expect(listener.kinds).toEqual(['connecting', 'streaming']);
		expect(source.label).toBe('Sensor-42 (Bluetooth)');
		expect(source.channels).toEqual([
			{ name: 'temp', unit: '°C' },
			{ name: 'hum', unit: '%' }
		]);
	});

	it('reassembles lines and characters split across 20-byte notifications', async () => {
		const { device, listener, source } = await connected();
		const bytes = utf8('t:0,temp:21.5,hum:40\nt:100,temp:21.75,hum:41\nt:200,temp:22,hum:42\n');
		// Cut into 20-byte notifications (the default MTU), each a view into a larger buffer.
		for (let at = 0; at < bytes.length; at += 20) device.tx.notify(bytes.subarray(at, at + 20), 5);
		await vi.waitFor(() => expect(listener.rows().t.length).toBe(3));
		const { t, channels } = listener.rows();
		// A device counter anchored to the first sample's arrival.
		expect(t).toEqual([1_000_000, 1_000_100, 1_000_200]);
		expect(channels).toEqual([
			[21.5, 21.75, 22],
			[40, 41, 42]
		]);
		expect(source.stats).toMatchObject({ samples: 3, bytes: bytes.length, invalidLines: 0 });
	});

	it('keeps a multi-byte character that a notification cuts in two', async () => {
		const protocol = { ...LABELLED, channels: ['temp', 'hüm'] };
		const { device, listener } = await connected(new FakeBluetoothDevice(), protocol);
		const bytes = utf8('t:0,temp:1,hüm:2,note:ok\nt:1,temp:3,hüm:4\n');
		const umlaut = bytes.indexOf(0xc3);
		device.tx.notify(bytes.subarray(0, umlaut + 1));
		device.tx.notify(bytes.subarray(umlaut + 1));
		await vi.waitFor(() => expect(listener.rows().t.length).toBe(2));
		expect(listener.rows().channels[1]).toEqual([2, 4]);
		expect(listener.batches.flatMap((b) => b.unknownKeys ?? [])).toEqual(['note']);
	});

	it('reconnects with backoff to the same device when the link drops', async () => {
		const { device, clock, listener } = await connected();
		device.tx.notify(utf8('t:0,temp:1,hum:2\n'));
		device.failConnects = {
			count: 1,
			error: new DOMException('Connection failed.', 'NetworkError')
		};
		device.loseLink();
		expect(listener.last).toEqual({
			kind: 'reconnecting',
			attempt: 1,
			retryAtMs: clock.now() + 250,
			reason: 'the Bluetooth link dropped (out of range or switched off)'
		});
		clock.advance(250);
		await vi.waitFor(() => expect(listener.last).toMatchObject({ attempt: 2 }));
		expect(listener.last).toMatchObject({
			reason: 'could not connect: Connection failed.',
			retryAtMs: clock.now() + 500
		});
		clock.advance(500);
		await vi.waitFor(() => expect(listener.last?.kind).toBe('streaming'));
		expect(device.connects).toBe(3);
		expect(device.tx.notifying).toBe(true);
		device.tx.notify(utf8('t:50,temp:5,hum:6\n'));
		await vi.waitFor(() => expect(listener.rows().t.length).toBe(2));
		expect(listener.rows().channels[0]).toEqual([1, 5]);
	});

	it('drops a line cut off by the link loss instead of gluing it to the next one', async () => {
		const { device, clock, listener, source } = await connected();
		device.tx.notify(utf8('t:0,temp:1,hum:2\nt:10,temp:12'));
		device.loseLink();
		clock.advance(250);
		await vi.waitFor(() => expect(listener.last?.kind).toBe('streaming'));
		device.tx.notify(utf8('.5,hum:3\nt:20,temp:4,hum:5\n'));
		await vi.waitFor(() => expect(listener.rows().t.length).toBe(2));
		expect(listener.rows().channels[0]).toEqual([1, 4]);
		expect(source.stats.invalidLines).toBe(1); // the orphaned tail `.5,hum:3`
	});

	it('writes commands in 20-byte chunks, in order', async () => {
		const { device, source } = await connected();
		const command = 'SET RATE 100 CHANNELS temp,hum,pressure'; // 39 bytes + \n
		expect(await source.send(command)).toEqual({ ok: true });
		expect(device.rx.writes.map((w) => w.length)).toEqual([20, 20]);
		expect(new TextDecoder().decode(new Uint8Array(device.rx.writes.flatMap((w) => [...w])))).toBe(
			`${command}\n`
		);
	});

	it('fails at once for a device without the Nordic UART Service', async () => {
		const device = new FakeBluetoothDevice();
		device.hasNus = false;
		const { listener } = await connected(device);
		expect(listener.last).toEqual({
			kind: 'error',
			reason: 'this device does not offer the Nordic UART Service (6e400001-…)'
		});
	});

	it('stop() unsubscribes, disconnects and does not reconnect', async () => {
		const { device, clock, listener, source } = await connected();
		await source.stop();
		expect(device.tx.notifying).toBe(false);
		expect(device.disconnects).toBe(1);
		expect(listener.last).toEqual({ kind: 'closed' });
		clock.advance(60_000);
		expect(device.connects).toBe(1);
		expect(await source.send('X')).toEqual({ ok: false, reason: 'not connected (closed)' });
	});
});

describe('Bluetooth support', () => {
	it('says what to do where Web Bluetooth is missing', () => {
		expect(isBluetoothSupported({})).toBe(false);
		expect(isBluetoothSupported({ bluetooth: new FakeBluetooth() })).toBe(true);
		expect(BLUETOOTH_UNSUPPORTED_MESSAGE).toContain('Chrome or Edge on Android');
	});

	it('asks for the UART service, or for a name prefix when the device does not advertise it', async () => {
		const bluetooth = new FakeBluetooth();
		expect(await requestNusDevice(bluetooth)).toEqual({
			ok: false,
			cancelled: true,
			reason: 'no device was chosen'
		});
		bluetooth.next = new FakeBluetoothDevice();
		expect(await requestNusDevice(bluetooth, { namePrefix: 'Sensor' })).toMatchObject({ ok: true });
		expect(bluetooth.requests).toEqual([
			{ filters: [{ services: [NUS_SERVICE_UUID] }] },
			{ filters: [{ namePrefix: 'Sensor' }], optionalServices: [NUS_SERVICE_UUID] }
		]);
	});
});
