import { describe, expect, it } from 'vitest';
import { detectLineProtocol } from './detect';
import type { DetectedProtocol, LineProtocolDetection } from './types';

function detected(result: LineProtocolDetection): DetectedProtocol {
	if (!result.ok) expect.fail(`detection failed: ${result.reason} (${result.notes.join('; ')})`);
	return result;
}

const ESP32_BOOT = [
	'ets Jun  8 2016 00:22:57',
	'',
	'rst:0x1 (POWERON_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)',
	'configsip: 0, SPIWP:0xee',
	'clk_drv:0x00,q_drv:0x00,d_drv:0x00,cs0_drv:0x00,hd_drv:0x00,wp_drv:0x00',
	'mode:DIO, clock div:2',
	'load:0x3fff0018,len:4',
	'entry 0x400806a8'
];

describe('detectLineProtocol', () => {
	it('CSV with a header and a time column: names, units, a ms counter, a preview', () => {
		const result = detected(
			detectLineProtocol('time_ms,temp (°C),hum\n1000,21.5,40\n1010,21.6,41\n1020,21.7,42\n', {
				nowMs: 5000
			})
		);
		expect(result.config).toMatchObject({
			kind: 'delimited',
			delimiter: ',',
			channels: ['temp', 'hum'],
			units: ['°C', ''],
			timestamp: { kind: 'field', unit: 'ms', epoch: false },
			channelsFromHeader: true
		});
		expect(result.confidence).toBe(1);
		expect([...result.preview.t]).toEqual([5000, 5010, 5020]);
		expect([...result.preview.channels[1]!]).toEqual([40, 41, 42]);
	});

	it('skips an ESP32 boot banner (CRLF) and finds space-separated values after it', () => {
		const data = ['12.1 3.4 5.5', '12.2 3.5 5.6', '12.0 3.3 5.4', '12.3 3.1 5.2'];
		const result = detected(detectLineProtocol([...ESP32_BOOT, ...data, ''].join('\r\n')));
		expect(result.config).toMatchObject({
			kind: 'delimited',
			delimiter: ' ',
			channels: ['ch1', 'ch2', 'ch3']
		});
		expect(result.config.timestamp).toEqual({ kind: 'arrival' });
		expect(result.confidence).toBe(1);
		expect(result.notes).toContain('lines end with CRLF');
		expect(
			result.notes.some((note) => note.startsWith('7 line(s) before the data were skipped'))
		).toBe(true);
	});

	it('labelled values, with a millis key as the device clock', () => {
		const text =
			'millis:100 temp: 21.5 hum: 40\nmillis:110 temp: 21.6 hum: 41\nmillis:120,temp:21.7,hum:40\n';
		const result = detected(detectLineProtocol(text));
		expect(result.config).toMatchObject({
			kind: 'labelled',
			channels: ['temp', 'hum'],
			timestamp: { kind: 'field', key: 'millis', unit: 'ms', epoch: false }
		});
	});

	it('JSON lines: nested keys flattened, text values left out, an epoch ms key as time', () => {
		const text = [
			'{"t": 1712000000123, "temp": 21.5, "imu": {"x": 1, "y": 2}, "id": "esp32"}',
			'{"t": 1712000000133, "temp": NaN, "imu": {"x": 1, "y": 2}, "id": "esp32"}',
			'{"t": 1712000000143, "temp": 21.7, "imu": {"x": 1, "y": 2}, "id": "esp32"}',
			''
		].join('\n');
		const result = detected(detectLineProtocol(text));
		expect(result.config).toMatchObject({
			kind: 'json',
			channels: ['temp', 'imu.x', 'imu.y'],
			timestamp: { kind: 'field', key: 't', unit: 'ms', epoch: true }
		});
		expect([...result.preview.t]).toEqual([1712000000123, 1712000000133, 1712000000143]);
	});

	it('semicolons with a decimal comma', () => {
		const result = detected(detectLineProtocol('21,5;40,1\n21,6;40,2\n21,7;40,3\n'));
		expect(result.config).toMatchObject({
			delimiter: ';',
			decimalComma: true,
			channels: ['ch1', 'ch2']
		});
		expect([...result.preview.channels[0]!]).toEqual([21.5, 21.6, 21.7].map(Math.fround));
	});

	it('tabs after an epoch-seconds column', () => {
		const result = detected(
			detectLineProtocol('1712000000.5\t1\t2\n1712000001.5\t1\t2\n1712000002.5\t1\t2\n')
		);
		expect(result.config).toMatchObject({ delimiter: '\t', channels: ['ch1', 'ch2'] });
		expect(result.config.timestamp).toEqual({ kind: 'field', unit: 's', epoch: true });
	});

	it('a commented header naming the channels; one value per line', () => {
		expect(detected(detectLineProtocol('# a b c\n1 2 3\n4 5 6\n')).config.channels).toEqual([
			'a',
			'b',
			'c'
		]);
		expect(detected(detectLineProtocol('21.5\n21.6\n')).config).toMatchObject({
			channels: ['ch1']
		});
	});

	it('takes a time-named epoch column that repeats one stamp (a batch stamped on sending) for time', () => {
		const batch = 't,ch1,ch2\n' + '1796042653696,10.9,19.3\n'.repeat(6);
		const named = detected(detectLineProtocol(batch));
		expect(named.config).toMatchObject({ channels: ['ch1', 'ch2'] });
		expect(named.config.timestamp).toEqual({ kind: 'field', unit: 'ms', epoch: true });
		expect(named.notes.join('; ')).toContain("'t' looks like Unix time in ms (one stamp");
		// Unnamed, or named but not at an epoch magnitude, a constant column is a value.
		const unnamed = detected(detectLineProtocol('1796042653696,10.9,19.3\n'.repeat(6)));
		expect(unnamed.config.timestamp.kind).toBe('arrival');
		expect(unnamed.config.channels).toHaveLength(3);
		const counter = detected(detectLineProtocol('t,a\n' + '500,1\n'.repeat(6)));
		expect(counter.config.timestamp.kind).toBe('arrival');
		// A stamp that falls is no clock, named or not.
		const falling = detected(
			detectLineProtocol('t,a\n1796042653696,1\n1796042653696,1\n1796042653690,1\n')
		);
		expect(falling.config.timestamp.kind).toBe('arrival');
	});

	it('takes an unnamed first column for a clock only when it rises regularly over 5 lines', () => {
		const few = detected(detectLineProtocol('100,1,2\n200,1,2\n300,1,2\n400,1,2\n'));
		expect(few.config.timestamp.kind).toBe('arrival');
		const enough = detected(detectLineProtocol('100,1,2\n200,1,2\n300,1,2\n400,1,2\n500,1,2\n'));
		expect(enough.config.timestamp).toEqual({ kind: 'field', unit: 'ms', epoch: false });
		const irregular = detected(detectLineProtocol('1,5\n2,6\n30,7\n31,8\n400,9\n'));
		expect(irregular.config.timestamp.kind).toBe('arrival');
	});

	it('leaves out a last line without an ending (probably cut off)', () => {
		const result = detected(detectLineProtocol('1,2\n3,4\n5,'));
		expect(result.preview.t).toHaveLength(2);
	});

	it('prefers the protocol that explains most lines, and says how much it explained', () => {
		const lines = ['{"a": 1}', '{"a": 2}', 'a:3', '{"a": 4}', '{"a": 5}'];
		const result = detected(detectLineProtocol(`${lines.join('\n')}\n`));
		expect(result.config.kind).toBe('json');
		expect(result.confidence).toBeCloseTo(4 / 5);
	});

	it('says it cannot tell: no lines, no numbers, or too little parses', () => {
		const reasons = ['', 'hello world\nfoo bar\n', '1,2\nx\ny\nz\n3,4\nw\nv\n'].map((text) => {
			const result = detectLineProtocol(text);
			return result.ok ? 'ok' : result.reason;
		});
		expect(reasons).toEqual([
			'no complete line yet',
			'no line holds numbers as JSON, label:value pairs or delimited values',
			'only 29% of the lines parse as delimited'
		]);
	});

	it('proposes a config the decoder accepts, with a preview of at most previewRows rows', () => {
		const text = Array.from({ length: 50 }, (_, i) => `${i},${i * 2}\n`).join('');
		const result = detected(detectLineProtocol(text, { previewRows: 10 }));
		expect(result.preview.t).toHaveLength(10);
		expect([...result.preview.channels[0]!]).toEqual(Array.from({ length: 10 }, (_, i) => i * 2));
	});
});
