import { describe, expect, it } from 'vitest';
import { columnarWindows, forEachWindowBatch, windowCount } from './windowing';

const channels = [
	Float32Array.from([0, 1, 2, 3, 4, 5]),
	Float32Array.from([10, 11, 12, 13, 14, 15])
];

describe('windowing', () => {
	it('counts stride-1 windows and gives none for too few rows', () => {
		expect(windowCount(6, 3)).toBe(4);
		expect(windowCount(2, 3)).toBe(0);
	});

	it('fills windows row-major [window][time][channel]', () => {
		const source = columnarWindows(channels, 3);
		expect(source.count).toBe(4);
		const out = new Float32Array(2 * 3 * 2);
		source.fill(1, 2, out);
		expect(Array.from(out)).toEqual([1, 11, 2, 12, 3, 13, 2, 12, 3, 13, 4, 14]);
	});

	it('windows a row range only', () => {
		const source = columnarWindows(channels, 2, 2, 5);
		expect(source.count).toBe(2);
		const out = new Float32Array(8);
		source.fill(0, 2, out);
		expect(Array.from(out)).toEqual([2, 12, 3, 13, 3, 13, 4, 14]);
	});

	it('visits every window once in batches from one reused buffer', () => {
		const seen: number[] = [];
		const buffers = new Set<ArrayBufferLike>();
		forEachWindowBatch(columnarWindows(channels, 2), 2, (batch, first, count) => {
			buffers.add(batch.buffer);
			expect(batch.length).toBe(count * 2 * 2);
			for (let w = 0; w < count; w++) seen.push(first + w);
			expect(batch[0]).toBe(first); // channel 0 of the first row of the first window
		});
		expect(seen).toEqual([0, 1, 2, 3, 4]);
		expect(buffers.size).toBe(1);
	});

	it('refuses bad ranges with the values', () => {
		expect(() => columnarWindows(channels, 2, 4, 9)).toThrow(/bad row range \[4, 9\) of 6/);
		expect(() => columnarWindows(channels, 3).fill(3, 2, new Float32Array(12))).toThrow(
			/outside 0\.\.4/
		);
	});
});
