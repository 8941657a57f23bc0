import { describe, expect, it } from 'vitest';
import { markMissingWindows } from './missing-windows';

describe('markMissingWindows', () => {
	it('marks exactly the windows holding a missing value, with each channel’s share of them', () => {
		const a = Float32Array.from([1, 2, NaN, 4, 5, 6]);
		const b = Float32Array.from([1, NaN, NaN, 4, 5, 6]);
		const windowLength = 2;
		const scores = Float32Array.from([0.5, 0.6, 0.7, 0.8, 0.9]);
		const attribution = new Float32Array(10).fill(0.5);
		expect(markMissingWindows([a, b], windowLength, scores, attribution)).toBe(3);
		expect(Array.from(scores)).toEqual([Infinity, Infinity, Infinity, 0.8, 0.9].map(Math.fround));
		// Window 0 = rows 0–1: b misses one. Window 1 = rows 1–2: a one, b two. Window 2 = rows 2–3: one each.
		expect(Array.from(attribution.subarray(0, 6))).toEqual(
			[0, 1, 1 / 3, 2 / 3, 0.5, 0.5].map(Math.fround)
		);
		expect(Array.from(attribution.subarray(6))).toEqual([0.5, 0.5, 0.5, 0.5]);
	});

	it('leaves complete data untouched', () => {
		const scores = Float32Array.from([1, 2]);
		const attribution = Float32Array.from([0.25, 0.75, 0.5, 0.5]);
		expect(markMissingWindows([Float32Array.from([1, 2, 3])], 2, scores, attribution)).toBe(0);
		expect(Array.from(scores)).toEqual([1, 2]);
		expect(markMissingWindows([], 2, new Float32Array(0), new Float32Array(0))).toBe(0);
	});
});
