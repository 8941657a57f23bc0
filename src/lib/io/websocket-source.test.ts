import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WebSocket as NodeWebSocket, WebSocketServer, type WebSocket as ServerSocket } from 'ws';
import type { LineProtocolConfig } from '../core/line-protocol/types';
import { AUTO_DETECT_PROTOCOL, autoDetectingDecoders } from './auto-detect-decoder';
import { RecordingListener } from './testing/recording-listener';
import { ManualClock } from './testing/manual-clock';
import { WebSocketSource, type WebSocketFormat } from './websocket-source';
import type { WebSocketConstructor } from './websocket-types';

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
const TEXT: WebSocketFormat = { kind: 'text', protocol: CSV };

/** A real WebSocket server on localhost; `next()` resolves with the next client that connects. */
async function startServer(port = 0) {
	const server = new WebSocketServer({ port, host: '127.0.0.1' });
	await once(server, 'listening');
	const waiting: ((socket: ServerSocket) => void)[] = [];
	const arrived: ServerSocket[] = [];
	server.on('connection', (socket) => {
		const resolve = waiting.shift();
		if (resolve) resolve(socket);
		else arrived.push(socket);
	});
	const next = () =>
		new Promise<ServerSocket>((resolve) => {
			const early = arrived.shift();
			if (early) resolve(early);
			else waiting.push(resolve);
		});
	const actualPort = (server.address() as AddressInfo).port;
	return { server, port: actualPort, url: `ws://127.0.0.1:${actualPort}/`, next };
}

/** Kills the server and every connection (clients see code 1006). */
async function killServer(server: WebSocketServer): Promise<void> {
	for (const client of server.clients) client.terminate();
	await new Promise<void>((resolve) => server.close(() => resolve()));
}

const servers: WebSocketServer[] = [];
const sources: WebSocketSource[] = [];
afterEach(async () => {
	await Promise.all(sources.splice(0).map((s) => s.stop()));
	await Promise.all(servers.splice(0).map(killServer));
});

async function open(
	format: WebSocketFormat = TEXT,
	extra: Partial<ConstructorParameters<typeof WebSocketSource>[0]> = {}
) {
	const served = await startServer();
	servers.push(served.server);
	const clock = new ManualClock(1_000_000);
	const source = new WebSocketSource({
		url: served.url,
		format,
		WebSocket: NodeWebSocket as WebSocketConstructor,
		clock,
		random: () => 0.5,
		...extra
	});
	sources.push(source);
	const listener = new RecordingListener();
	await source.start(listener);
	const socket = await served.next();
	await vi.waitFor(() => expect(listener.last?.kind).toBe('streaming'));
	return { ...served, clock, source, listener, socket };
}

describe('WebSocketSource', () => {
	it('reads several lines per text frame', async () => {
		const { socket, listener, source } = await open();
		socket.send('1000,1,2\n1001,3,4\n');
		socket.send('1002,5,6\n');
		await vi.waitFor(() => expect(listener.rows().t).toEqual([1000, 1001, 1002]));
		expect(listener.rows().channels).toEqual([
			[1, 3, 5],
			[2, 4, 6]
		]);
		expect(listener.batches.length).toBe(2);
		expect(listener.kinds).toEqual(['connecting', 'streaming']);
		expect(source.stats).toMatchObject({ samples: 3, bytes: 27, invalidLines: 0 });
	});

	it('reassembles lines split across frames, and counts bad lines without losing good ones', async () => {
		const { socket, listener, source } = await open();
		for (const piece of ['1000,1.5,2', '.5\r\n100', '1,3,4\nhello\n1002,', '7,8\n'])
			socket.send(piece);
		await vi.waitFor(() => expect(listener.rows().t).toEqual([1000, 1001, 1002]));
		expect(listener.rows().channels).toEqual([
			[1.5, 3, 7],
			[2.5, 4, 8]
		]);
		expect(source.stats.invalidLines).toBe(1);
		expect(listener.batches.flatMap((b) => b.rejected ?? []).map((r) => r.excerpt)).toEqual([
			'hello'
		]);
	});

	it('renames the channels when a header line arrives', async () => {
		const { socket, listener, source } = await open({
			kind: 'text',
			protocol: { ...CSV, channelsFromHeader: true }
		});
		socket.send('# time,temp (°C),hum\n1000,21.5,40\n');
		await vi.waitFor(() => expect(listener.rows().t).toEqual([1000]));
		expect(listener.channelLists).toEqual([
			[
				{ name: 'temp', unit: '°C' },
				{ name: 'hum', unit: '' }
			]
		]);
		expect(source.channels.map((c) => c.name)).toEqual(['temp', 'hum']);
	});

	it('starts with auto-detection and reports the channels it found, losing no line', async () => {
		const { socket, listener, source } = await open(
			{ kind: 'text', protocol: AUTO_DETECT_PROTOCOL },
			{ createDecoder: autoDetectingDecoders() }
		);
		expect(source.channels).toEqual([]);
		const lines = Array.from({ length: 20 }, (_, i) => `temp:${20 + i},hum:${40 - i}\n`);
		socket.send(lines.slice(0, 5).join(''));
		socket.send(lines.slice(5).join(''));
		await vi.waitFor(() => expect(listener.rows().t.length).toBe(20));
		expect(listener.channelLists).toEqual([
			[
				{ name: 'temp', unit: '' },
				{ name: 'hum', unit: '' }
			]
		]);
		expect(listener.rows().channels[0]!.slice(0, 3)).toEqual([20, 21, 22]);
	});

	it('decodes binary frames of the declared layout and rejects a frame cut short', async () => {
		const { socket, listener, source } = await open({
			kind: 'binary',
			layout: {
				channelCount: 2,
				timestamp: { kind: 'column', type: 'float64', unit: 'ms', epoch: true }
			}
		});
		const rows = Buffer.alloc(32);
		rows.writeDoubleLE(5000, 0);
		rows.writeFloatLE(1.25, 8);
		rows.writeFloatLE(-3, 12);
		rows.writeDoubleLE(5001, 16);
		rows.writeFloatLE(2.5, 24);
		rows.writeFloatLE(4, 28);
		socket.send(rows);
		socket.send(rows.subarray(0, 20));
		socket.send('1000,1,2');
		await vi.waitFor(() => expect(source.stats.invalidLines).toBe(2));
		expect(listener.rows()).toEqual({
			t: [5000, 5001],
			channels: [
				[1.25, 2.5],
				[-3, 4]
			]
		});
		expect(source.stats).toMatchObject({ samples: 2, droppedSamples: 1, bytes: 32 + 20 + 8 });
		expect(listener.rejectedReasons).toEqual([
			'binary frame 2 has 20 bytes, not a whole number of 16-byte rows: float64 time (ms since 1970) + 2 × float32',
			'frame 3: a text frame arrived but the feed is set to binary rows'
		]);
	});

	it('reads binary frames as text when the feed is text (bridges that send bytes)', async () => {
		const { socket, listener } = await open();
		socket.send(Buffer.from('1000,1,2\n'));
		await vi.waitFor(() => expect(listener.rows().t).toEqual([1000]));
	});

	it('reconnects with growing, jittered delays after the server dies, and streams again when it is back', async () => {
		const { server, port, url, clock, listener } = await open();
		await killServer(server);
		servers.splice(servers.indexOf(server), 1);
		await vi.waitFor(() => expect(listener.last?.kind).toBe('reconnecting'));
		expect(listener.last).toEqual({
			kind: 'reconnecting',
			attempt: 1,
			retryAtMs: clock.now() + 250, // random 0.5 × the first ceiling, 500 ms
			reason: 'connection refused or lost (code 1006)'
		});
		// Attempt 1: nobody listens, refused.
		clock.advance(250);
		await vi.waitFor(() =>
			expect(listener.statuses.filter((s) => s.kind === 'reconnecting').length).toBe(2)
		);
		expect(listener.last).toMatchObject({ attempt: 2, retryAtMs: clock.now() + 500 });
		const back = await startServer(port);
		servers.push(back.server);
		expect(back.url).toBe(url);
		clock.advance(499);
		expect(listener.last?.kind).toBe('reconnecting'); // not before its time
		clock.advance(1);
		const socket = await back.next();
		await vi.waitFor(() => expect(listener.last?.kind).toBe('streaming'));
		socket.send('2000,9,9\n');
		await vi.waitFor(() => expect(listener.rows().t).toEqual([2000]));
		expect(listener.kinds).toEqual([
			'connecting',
			'streaming',
			'reconnecting',
			'reconnecting',
			'streaming'
		]);
	});

	it('shows the close code and the server’s reason in plain words', async () => {
		const { socket, listener } = await open();
		socket.close(1011, 'sensor fault');
		await vi.waitFor(() => expect(listener.last?.kind).toBe('reconnecting'));
		expect(listener.last).toMatchObject({
			reason: 'the server hit an internal error (code 1011): “sensor fault”'
		});
	});

	it('is stalled after 2 s of silence and streams again on the next frame', async () => {
		const { socket, clock, listener } = await open();
		clock.advance(1999);
		expect(listener.last?.kind).toBe('streaming');
		clock.advance(1);
		expect(listener.last).toEqual({ kind: 'stalled', silentMs: 2000 });
		socket.send('1000,1,2\n');
		await vi.waitFor(() => expect(listener.last?.kind).toBe('streaming'));
		// Silence counts from the last frame again.
		clock.advance(1999);
		expect(listener.last?.kind).toBe('streaming');
		clock.advance(1);
		expect(listener.last?.kind).toBe('stalled');
	});

	it('waits 20 sample intervals before calling a slow sensor stalled', async () => {
		const { socket, clock, listener, source } = await open();
		// 0.5 Hz: one line every 2 s.
		for (let i = 0; i < 4; i++) {
			socket.send(`${1000 + 2000 * i},1,2\n`);
			await vi.waitFor(() => expect(listener.rows().t.length).toBe(i + 1));
			clock.advance(1500);
		}
		expect(source.stats.estimatedRateHz).toBeCloseTo(0.5, 9);
		clock.advance(39_999 - 1500);
		expect(listener.last?.kind).toBe('streaming');
		clock.advance(1);
		expect(listener.last).toEqual({ kind: 'stalled', silentMs: 40_000 });
	});

	it('refuses a bad URL with a message that says what is wrong, without connecting', async () => {
		const cases: [string, string][] = [
			[
				'http://10.0.0.5:81',
				'“http://10.0.0.5:81” is a web page address: a WebSocket URL starts with ws://'
			],
			['10.0.0.5:81', '“10.0.0.5:81” needs ws:// (or wss://) in front: ws://10.0.0.5:81'],
			['localhost:8080', '“localhost:8080” needs ws:// (or wss://) in front: ws://localhost:8080'],
			['ftp://host/', '“ftp://host/” must start with ws:// or wss://, not ftp://'],
			[
				'ws://exa mple.com',
				'“ws://exa mple.com” is not a URL: write it like ws://192.168.1.20:81/'
			],
			['ws://host/#x', 'a WebSocket URL cannot have a #fragment: “ws://host/#x”'],
			['', 'enter a WebSocket URL such as ws://192.168.1.20:81']
		];
		for (const [url, reason] of cases) {
			let constructed = 0;
			const Counting = class extends NodeWebSocket {
				constructor(address: string) {
					super(address);
					constructed += 1;
				}
			};
			const source = new WebSocketSource({
				url,
				format: TEXT,
				WebSocket: Counting as WebSocketConstructor,
				clock: new ManualClock()
			});
			const listener = new RecordingListener();
			await source.start(listener);
			expect(listener.statuses).toEqual([{ kind: 'error', reason }]);
			expect(constructed).toBe(0);
		}
	});

	it('keeps a password out of its label', () => {
		const source = new WebSocketSource({ url: 'ws://user:secret@host:81/feed', format: TEXT });
		expect(source.label).toBe('ws://user@host:81/feed');
	});

	it('refuses a protocol configuration the decoder cannot use', async () => {
		const source = new WebSocketSource({
			url: 'ws://127.0.0.1:1/',
			format: { kind: 'text', protocol: { ...CSV, units: [''] } },
			WebSocket: NodeWebSocket as WebSocketConstructor
		});
		const listener = new RecordingListener();
		await source.start(listener);
		expect(listener.statuses).toEqual([
			{ kind: 'error', reason: 'line protocol: 1 units for 2 channels' }
		]);
	});

	it('stop() closes the socket and cancels a pending reconnect', async () => {
		const { server, clock, listener, source } = await open();
		await killServer(server);
		servers.splice(servers.indexOf(server), 1);
		await vi.waitFor(() => expect(listener.last?.kind).toBe('reconnecting'));
		await source.stop();
		expect(listener.last).toEqual({ kind: 'closed' });
		expect(clock.pending).toBe(0);
		clock.advance(120_000);
		expect(listener.last).toEqual({ kind: 'closed' });
	});

	it('sends a command with the line ending, and says when it cannot', async () => {
		const { socket, source } = await open();
		const received = once(socket, 'message');
		expect(await source.send('RATE 100')).toEqual({ ok: true });
		expect(String((await received)[0])).toBe('RATE 100\n');
		await source.stop();
		expect(await source.send('RATE 100')).toEqual({ ok: false, reason: 'not connected (closed)' });
	});
});
