import { afterEach, describe, expect, it } from 'vitest';
import { FakeSerial, FakeSerialPort } from '../io/testing/fake-serial';
import { LiveStream, type LiveBatch } from './live-stream.svelte';
import { parseVendorFilter, SourceSetup } from './source-setup.svelte';

const streams: LiveStream[] = [];
afterEach(() => streams.splice(0).forEach((stream) => stream.stop()));

function setupWithSerial() {
	const stream = new LiveStream();
	streams.push(stream);
	const serial = new FakeSerial();
	const setup = new SourceSetup(stream, { serial });
	setup.choice = 'serial';
	return { stream, serial, setup };
}

/** `count` CSV lines `epochMs,a,b` from sample `from`, 1 ms apart. */
function csv(from: number, count: number): string {
	let text = '';
	for (let i = from; i < from + count; i++) text += `${1_700_000_000_000 + i},${i},${-i}\n`;
	return text;
}

describe('SourceSetup with a serial device (real streams, fake OS port)', () => {
	it('detects the format from the first lines, streams every sample and counts invalid lines', async () => {
		const { stream, serial, setup } = setupWithSerial();
		const port = new FakeSerialPort();
		serial.nextRequest = port;
		const batches: LiveBatch[] = [];
		stream.addBatchListener((batch) => batches.push(batch));
		await setup.connect();
		expect(setup.problems).toEqual([]);
		expect(stream.source.kind).toBe('serial');
		expect(port.opened[0]?.baudRate).toBe(115_200);

		port.feed('t,flow,pressure\n' + csv(0, 30));
		await expect.poll(() => stream.channels.map((c) => c.name)).toEqual(['flow', 'pressure']);
		await expect.poll(() => setup.detection?.ok).toBe(true);
		port.feed(csv(30, 10) + 'garbage\n' + csv(40, 10));
		await expect.poll(() => batches.reduce((n, b) => n + b.frame.t.length, 0)).toBe(50);
		const values = batches.flatMap((b) => Array.from(b.frame.channels[0]!));
		expect(values).toEqual(Array.from({ length: 50 }, (_, i) => i));
		expect(batches.reduce((n, b) => n + (b.invalidLines ?? 0), 0)).toBe(1);
		expect(stream.rejected.at(-1)?.excerpt).toBe('garbage');
	});

	it('reconnects after the cable is pulled and plugged back in', async () => {
		const { stream, serial, setup } = setupWithSerial();
		const port = new FakeSerialPort();
		serial.nextRequest = port;
		setup.protocol.kind = 'delimited';
		setup.protocol.channelNames = 'a, b';
		setup.protocol.time = 'field';
		setup.protocol.timeEpoch = true;
		await setup.connect();
		port.feed(csv(0, 5));
		await expect.poll(() => stream.status.kind).toBe('streaming');
		serial.remove(port);
		port.unplug();
		await expect.poll(() => stream.status.kind).toBe('reconnecting');
		const replugged = new FakeSerialPort(port.getInfo());
		serial.plugIn(replugged);
		await expect.poll(() => replugged.opened.length, { timeout: 5000 }).toBe(1);
		await expect.poll(() => stream.status.kind).toBe('streaming');
		const seen: number[] = [];
		stream.addBatchListener((batch) => seen.push(...batch.frame.channels[0]!));
		replugged.feed(csv(5, 3));
		await expect.poll(() => seen).toEqual([5, 6, 7]);
	});

	it('explains what the browser cannot do and what the form gets wrong', async () => {
		const stream = new LiveStream();
		streams.push(stream);
		const setup = new SourceSetup(stream, {});
		expect(setup.unsupported('serial')).toMatch(/Web Serial is not available/);
		expect(setup.unsupported('bluetooth')).toMatch(/Bluetooth/);
		setup.choice = 'websocket';
		setup.protocol.kind = 'labelled';
		await setup.connect();
		expect(setup.problems).toEqual(['no channels']);
		expect(parseVendorFilter('2341, 0x10C4')).toEqual({
			ok: true,
			filters: [{ usbVendorId: 0x2341 }, { usbVendorId: 0x10c4 }]
		});
		expect(parseVendorFilter('arduino')).toMatchObject({ ok: false });
	});
});
