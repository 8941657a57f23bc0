import { describe, expect, it } from 'vitest';
import {
	AUTO_DETECT_PROTOCOL,
	AutoDetectingDecoder,
	autoDetectingDecoders
} from './auto-detect-decoder';

function lines(count: number, from = 0): string {
	let text = '';
	for (let i = from; i < from + count; i++) text += `${1_700_000_000_000 + i * 10},${i},${2 * i}\n`;
	return text;
}

describe('AutoDetectingDecoder', () => {
	it('holds the first lines, detects the protocol, then decodes them all without losing one', () => {
		const decoder = new AutoDetectingDecoder();
		expect(decoder.config.channels).toEqual([]);
		const first = decoder.push('t,flow,pressure\n' + lines(5), 1000);
		expect(first.frame.t.length).toBe(0);
		expect(decoder.detection).toBeUndefined();
		const second = decoder.push(lines(20, 5), 1010);
		expect(decoder.detection?.ok).toBe(true);
		expect(decoder.config.kind).toBe('delimited');
		expect(decoder.config.channels).toEqual(['flow', 'pressure']);
		expect(second.frame.t.length).toBe(25);
		expect(Array.from(second.frame.channels[0]!)).toEqual(Array.from({ length: 25 }, (_, i) => i));
		// After detection it is a plain decoder: the next lines come straight through.
		const third = decoder.push(lines(3, 25), 1020);
		expect(Array.from(third.frame.channels[1]!)).toEqual([50, 52, 54]);
		expect(decoder.stats.samples).toBe(28);
	});

	it('keeps listening past text it cannot recognise, and says why', () => {
		const decoder = new AutoDetectingDecoder();
		const banner = 'booting firmware v1.2 ... please wait for the sensor to warm up ok\n'.repeat(
			300
		);
		decoder.push(banner, 0);
		expect(decoder.detection?.ok).toBe(false);
		expect(decoder.config.channels).toEqual([]);
		const batch = decoder.push('temp:21.5,hum:40\n'.repeat(40), 100);
		expect(decoder.detection?.ok).toBe(true);
		expect(decoder.config.kind).toBe('labelled');
		expect(batch.frame.t.length).toBeGreaterThanOrEqual(40);
	});

	it('detects on flush when the stream ends before enough lines came', () => {
		const decoder = new AutoDetectingDecoder();
		decoder.push(
			'{"t": 1700000000000, "a": {"b": 2}}\n{"t": 1700000000010, "a": {"b": 3}}\n{"t": 1700000000020, "a": {"b": 4}}\n',
			0
		);
		const batch = decoder.flush(10);
		expect(decoder.config.channels).toEqual(['a.b']);
		expect(Array.from(batch.frame.channels[0]!)).toEqual([2, 3, 4]);
		expect(batch.frame.t[0]).toBe(1_700_000_000_000);
	});
});

describe('autoDetectingDecoders', () => {
	it('auto-detects for the placeholder protocol and decodes a known protocol directly', () => {
		const made: unknown[] = [];
		const factory = autoDetectingDecoders((decoder) => made.push(decoder));
		expect(factory(AUTO_DETECT_PROTOCOL)).toBeInstanceOf(AutoDetectingDecoder);
		const plain = factory({ ...AUTO_DETECT_PROTOCOL, channels: ['x'], units: [''] });
		expect(plain).not.toBeInstanceOf(AutoDetectingDecoder);
		expect(plain.push('1.5\n', 0).frame.channels[0]![0]).toBe(1.5);
		expect(made).toHaveLength(2);
	});
});
