import { describe, expect, it, vi } from 'vitest';
import type { LineProtocolConfig } from '../core/line-protocol/types';
import { SerialSource } from './serial-source';
import {
	DEFAULT_SERIAL_OPTIONS,
	isSerialSupported,
	requestSerialPort,
	SERIAL_UNSUPPORTED_MESSAGE,
	type SerialOptions
} from './serial-options';
import { FakeSerial, FakeSerialPort } from './testing/fake-serial';
import { ManualClock } from './testing/manual-clock';
import { RecordingListener } from './testing/recording-listener';

const CSV: LineProtocolConfig = {
	kind: 'delimited',
	delimiter: ',',
	channels: ['a', 'b'],
	units: ['', ''],
	timestamp: { kind: 'field', unit: 'ms', epoch: true },
	lineEnding: 'auto',
	maxLineChars: 4096,
	commentPrefix: '#'
};

async function connected(options: Partial<SerialOptions> = {}, protocol = CSV) {
	const serial = new FakeSerial();
	const port = new FakeSerialPort();
	serial.ports.push(port);
	const clock = new ManualClock(1_000_000);
	const source = new SerialSource({
		serial,
		port,
		options: { ...DEFAULT_SERIAL_OPTIONS, ...options },
		protocol,
		clock,
		random: () => 0.5
	});
	const listener = new RecordingListener();
	await source.start(listener);
	return { serial, port, clock, source, listener };
}

/** Lets the read loop take what was fed (stream reads resolve in later microtasks). */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('SerialSource', () => {
	it('opens the port with the chosen options and sets DTR/RTS after opening', async () => {
		const { port, source, listener } = await connected({
			baudRate: 250_000,
			dataBits: 7,
			parity: 'even',
			stopBits: 2,
			flowControl: 'hardware',
			bufferSize: 4096,
			dataTerminalReady: false,
			requestToSend: true
		});
		expect(port.opened).toEqual([
			{
				baudRate: 250_000,
				dataBits: 7,
				parity: 'even',
				stopBits: 2,
				flowControl: 'hardware',
				bufferSize: 4096
			}
		]);
		expect(port.signals).toEqual([{ dataTerminalReady: false, requestToSend: true }]);
		expect(listener.kinds).toEqual(['connecting', 'streaming']);
		expect(source.label).toBe('Arduino 2341:0043 @ 250000');
	});

	it('leaves DTR and RTS alone unless asked', async () => {
		const { port } = await connected();
		expect(port.signals).toEqual([]);
	});

	it('turns each read into one batch, whatever the read holds', async () => {
		const { port, listener, source } = await connected();
		port.feed('1000,1,2\n1001,3');
		port.feed(',4\n1002,5,6\n');
		await vi.waitFor(() => expect(listener.rows().t).toEqual([1000, 1001, 1002]));
		expect(listener.rows().channels).toEqual([
			[1, 3, 5],
			[2, 4, 6]
		]);
		expect(listener.batches.map((b) => b.frame.t.length)).toEqual([1, 2]);
		expect(source.stats).toMatchObject({ samples: 3, bytes: 27 });
	});

	it('keeps a UTF-8 character split across reads whole', async () => {
		const { port, listener } = await connected({}, { ...CSV, channelsFromHeader: true });
		const bytes = new TextEncoder().encode('# t,temp (°C),hum\n1000,21.5,40\n');
		const degree = bytes.indexOf(0xc2);
		port.feed(bytes.subarray(0, degree + 1));
		port.feed(bytes.subarray(degree + 1));
		await vi.waitFor(() => expect(listener.rows().t).toEqual([1000]));
		expect(listener.channelLists.at(-1)).toEqual([
			{ name: 'temp', unit: '°C' },
			{ name: 'hum', unit: '' }
		]);
	});

	it('keeps up with 1 kHz × 8 channels fed in 64-byte USB packets', async () => {
		const protocol: LineProtocolConfig = {
			...CSV,
			channels: Array.from({ length: 8 }, (_, c) => `ch${c}`),
			units: Array(8).fill('')
		};
		const { port, listener, source } = await connected({}, protocol);
		const seconds = 2;
		let text = '';
		for (let i = 0; i < 1000 * seconds; i++) {
			const values = Array.from({ length: 8 }, (_, c) => ((i * 8 + c) % 4096) / 8);
			text += `${1_700_000_000_000 + i},${values.join(',')}\n`;
		}
		const bytes = new TextEncoder().encode(text);
		for (let at = 0; at < bytes.length; at += 64) port.feed(bytes.subarray(at, at + 64));
		await vi.waitFor(() => expect(source.stats.samples).toBe(1000 * seconds));
		const rows = listener.rows();
		expect(rows.t[1999]).toBe(1_700_000_001_999);
		expect(rows.channels[7]![1999]).toBe(((1999 * 8 + 7) % 4096) / 8);
		expect(source.stats).toMatchObject({ invalidLines: 0, droppedSamples: 0, bytes: bytes.length });
		// Batches follow reads, not lines: fewer batches than the 1 kHz lines.
		expect(listener.batches.length).toBeLessThan(Math.ceil(bytes.length / 64) + 1);
	});

	it('reconnects to the replugged device on `connect`, with the same options', async () => {
		const { serial, port, listener, source } = await connected({ baudRate: 57_600 });
		port.feed('1000,1,2\n');
		await vi.waitFor(() => expect(listener.rows().t).toEqual([1000]));
		port.unplug();
		serial.remove(port);
		await vi.waitFor(() => expect(listener.last?.kind).toBe('reconnecting'));
		expect(listener.last).toMatchObject({ attempt: 1, reason: 'the device was unplugged' });
		await settle();
		expect(listener.statuses.filter((s) => s.kind === 'reconnecting').length).toBe(1);
		// Same board, new port object (what the browser gives after a replug).
		const replugged = new FakeSerialPort({ usbVendorId: 0x2341, usbProductId: 0x0043 });
		serial.plugIn(replugged);
		await vi.waitFor(() => expect(listener.last?.kind).toBe('streaming'));
		expect(replugged.opened).toEqual(port.opened);
		expect(source.port).toBe(replugged);
		replugged.feed('2000,3,4\n');
		await vi.waitFor(() => expect(listener.rows().t).toEqual([1000, 2000]));
	});

	it('finds a replugged device by polling getPorts() with backoff when no event comes', async () => {
		const { serial, port, clock, listener } = await connected();
		port.unplug();
		serial.remove(port);
		await vi.waitFor(() => expect(listener.last?.kind).toBe('reconnecting'));
		clock.advance(250); // attempt 1: not back yet
		await vi.waitFor(() => expect(listener.last).toMatchObject({ attempt: 2 }));
		expect(listener.last).toMatchObject({
			reason: 'unplugged: waiting for the device to come back',
			retryAtMs: clock.now() + 500
		});
		// A different board is plugged in: not ours.
		serial.ports.push(new FakeSerialPort({ usbVendorId: 0x10c4, usbProductId: 0xea60 }));
		clock.advance(500);
		await vi.waitFor(() => expect(listener.last).toMatchObject({ attempt: 3 }));
		const ours = new FakeSerialPort();
		serial.ports.push(ours); // no `connect` event
		clock.advance(1000);
		await vi.waitFor(() => expect(listener.last?.kind).toBe('streaming'));
		expect(ours.opened.length).toBe(1);
		expect(serial.ports[0]!.opened.length).toBe(0);
	});

	it('retries when reopening fails (the port is still busy)', async () => {
		const { serial, port, clock, listener } = await connected();
		port.unplug();
		serial.remove(port);
		const replugged = new FakeSerialPort();
		replugged.failNextOpen = new DOMException('Failed to open serial port.', 'NetworkError');
		serial.plugIn(replugged);
		await vi.waitFor(() => expect(listener.last).toMatchObject({ attempt: 2 }));
		expect(listener.last).toMatchObject({
			reason:
				'could not open the port: it is in use by another program (a serial monitor?) or was unplugged'
		});
		clock.advance(500);
		await vi.waitFor(() => expect(listener.last?.kind).toBe('streaming'));
	});

	it('counts a non-fatal read error and keeps reading', async () => {
		const { port, listener, source } = await connected();
		port.feed('1000,1,2\n');
		await vi.waitFor(() => expect(listener.rows().t).toEqual([1000]));
		port.readError('BufferOverrunError');
		await settle();
		port.feed('1001,3,4\n');
		await vi.waitFor(() => expect(listener.rows().t).toEqual([1000, 1001]));
		expect(listener.rejectedReasons).toEqual([
			'the serial read buffer overflowed and data was lost: raise the buffer size'
		]);
		expect(source.stats.invalidLines).toBe(1);
		expect(listener.kinds).toEqual(['connecting', 'streaming']);
	});

	it('fails with a reason when the port cannot be opened at all', async () => {
		const serial = new FakeSerial();
		const port = new FakeSerialPort();
		port.failNextOpen = new DOMException('Failed to open serial port.', 'NetworkError');
		const source = new SerialSource({
			serial,
			port,
			options: DEFAULT_SERIAL_OPTIONS,
			protocol: CSV,
			clock: new ManualClock()
		});
		const listener = new RecordingListener();
		await source.start(listener);
		expect(listener.last).toEqual({
			kind: 'error',
			reason:
				'could not open the port: it is in use by another program (a serial monitor?) or was unplugged'
		});
	});

	it('refuses bad options before touching the port', async () => {
		const serial = new FakeSerial();
		const port = new FakeSerialPort();
		const source = new SerialSource({
			serial,
			port,
			options: { ...DEFAULT_SERIAL_OPTIONS, baudRate: 0, stopBits: 3 as 1 },
			protocol: CSV
		});
		const listener = new RecordingListener();
		await source.start(listener);
		expect(listener.last).toEqual({
			kind: 'error',
			reason:
				'baud rate must be a whole number from 1 to 20000000, got 0; stop bits must be 1 or 2, got 3'
		});
		expect(port.opened).toEqual([]);
	});

	it('sends commands with the configured line ending, in order', async () => {
		const { port, source } = await connected({ sendLineEnding: '\r\n' });
		const results = await Promise.all([source.send('RATE 1000'), source.send('START')]);
		expect(results).toEqual([{ ok: true }, { ok: true }]);
		expect(port.written).toEqual(['RATE 1000\r\n', 'START\r\n']);
	});

	it('stop() releases the reader, closes the port and never reconnects', async () => {
		const { serial, port, clock, listener, source } = await connected();
		await source.stop();
		expect(port.closes).toBe(1);
		expect(port.isOpen).toBe(false);
		expect(listener.last).toEqual({ kind: 'closed' });
		serial.plugIn(new FakeSerialPort());
		clock.advance(60_000);
		await settle();
		expect(listener.last).toEqual({ kind: 'closed' });
		expect(await source.send('X')).toEqual({ ok: false, reason: 'not connected (closed)' });
	});

	it('is stalled when the device goes quiet', async () => {
		const { port, clock, listener } = await connected();
		clock.advance(2000);
		expect(listener.last).toEqual({ kind: 'stalled', silentMs: 2000 });
		port.feed('1000,1,2\n');
		await vi.waitFor(() => expect(listener.last?.kind).toBe('streaming'));
	});
});

describe('serial support', () => {
	it('says what to do where Web Serial is missing', () => {
		expect(isSerialSupported({})).toBe(false);
		expect(isSerialSupported({ serial: new FakeSerial() })).toBe(true);
		expect(SERIAL_UNSUPPORTED_MESSAGE).toContain('use a WebSocket bridge or Bluetooth');
	});

	it('passes vendor filters to the picker and reports a cancelled pick as such', async () => {
		const serial = new FakeSerial();
		expect(await requestSerialPort(serial, [{ usbVendorId: 0x2341 }])).toEqual({
			ok: false,
			cancelled: true,
			reason: 'no port was chosen'
		});
		expect(serial.requests).toEqual([{ filters: [{ usbVendorId: 0x2341 }] }]);
		const port = new FakeSerialPort();
		serial.nextRequest = port;
		expect(await requestSerialPort(serial)).toEqual({ ok: true, port });
		expect(serial.requests[1]).toEqual({});
	});
});
