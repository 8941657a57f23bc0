import { describe, expect, it } from 'vitest';
import { decodeText, lineConfig } from './testing';

const json = (channels: string[], overrides = {}) =>
	lineConfig({ kind: 'json', delimiter: undefined, channels, ...overrides });

describe('JSON lines', () => {
	it('flattens nested objects to a.b and arrays to a.0; booleans are 1/0', () => {
		const config = json(['temp', 'imu.x', 'imu.y', 'v.1', 'ok']);
		const line = '{"temp": 21.5, "imu": {"x": 1, "y": -2}, "v": [3, 4], "ok": true}\n';
		expect(decodeText(config, line).values).toEqual([[21.5], [1], [-2], [4], [1]]);
	});

	it('reads numeric strings; null, other strings and missing keys are gaps', () => {
		const config = json(['a', 'b', 'c', 'd']);
		const decoded = decodeText(config, '{"a": "21.5", "b": null, "c": "high"}\n');
		expect(decoded.values).toEqual([[21.5], [NaN], [NaN], [NaN]]);
		expect(decoded.stats.gapFields).toBe(3);
	});

	it("reads Python's NaN and Infinity as gaps instead of losing the line", () => {
		const decoded = decodeText(
			json(['a', 'b', 'c']),
			'{"a": NaN, "b": -Infinity, "c": [1, NaN][0]}\n{"a": NaN, "b": 2, "c": 3}\n'
		);
		expect(decoded.values).toEqual([[NaN], [2], [3]]);
		expect(decoded.stats.invalidLines).toBe(1);
	});

	it('rejects lines that are not JSON objects', () => {
		const decoded = decodeText(json(['a']), '[1,2]\n42\n{"a": 1\n{"a": 1,}\nhello\n{"a": 2}\n');
		expect(decoded.values).toEqual([[2]]);
		expect(decoded.rejected.map((r) => r.reason.replace(/:.*/, ''))).toEqual([
			'not a JSON object',
			'not a JSON object',
			'invalid JSON',
			'invalid JSON',
			'not a JSON object'
		]);
	});

	it('reports new keys holding values once, not keys holding text', () => {
		const decoded = decodeText(
			json(['a']),
			'{"a": 1, "b": 2, "id": "esp32", "g": {"z": null}}\n{"b": 3}\n'
		);
		expect(decoded.unknownKeys).toEqual(['b', 'g.z']);
		expect(decoded.rejected.map((r) => r.reason)).toEqual(['no key names a channel']);
	});

	it('reads the timestamp key, in seconds here', () => {
		const config = json(['a'], { timestamp: { kind: 'field', key: 'ts', unit: 's', epoch: true } });
		const decoded = decodeText(
			config,
			'{"ts": 1712000000.25, "a": 1}\n{"a": 2}\n{"ts": "soon", "a": 3}\n'
		);
		expect(decoded.t).toEqual([1712000000250]);
		expect(decoded.rejected.map((r) => r.reason)).toEqual([
			"missing timestamp key 'ts'",
			'timestamp "soon" is not a number'
		]);
	});

	it('ignores nesting deeper than 8 levels rather than recursing without bound', () => {
		const deep = `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`;
		const decoded = decodeText(json(['a'], { maxLineChars: 100_000 }), `${deep}\n{"a": 5}\n`);
		expect(decoded.values).toEqual([[5]]);
		expect(decoded.stats.invalidLines).toBe(1);
	});
});
