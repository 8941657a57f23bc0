import { describe, expect, it } from 'vitest';
import { longestConstantRuns, markStuckWindows } from './constant-runs';

describe('longestConstantRuns', () => {
	it('counts the longest run of identical values per channel; gaps and part starts end a run', () => {
		const a = Float32Array.from([1, 1, 1, 2, 2, NaN, 2, 2, 2, 2]);
		const b = Float32Array.from([5, 5, 5, 5, 5, 5, 6, 7, 8, 9]);
		expect(Array.from(longestConstantRuns([a, b]))).toEqual([4, 6]);
		// Rows 3.. only; and a part starting at row 4 cuts b's run into 1 + 2.
		expect(Array.from(longestConstantRuns([a, b], 3, 10, [0, 4]))).toEqual([4, 2]);
		expect(Array.from(longestConstantRuns([Float32Array.from([NaN, NaN])]))).toEqual([0]);
	});
});

describe('markStuckWindows', () => {
	it('flags windows in which a channel never changes, when training never held it that long', () => {
		const moving = Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8]);
		const stuck = Float32Array.from([1, 2, 3, 3, 3, 3, 4, 5]);
		const windowLength = 3;
		const windows = moving.length - windowLength + 1;
		const scores = new Float32Array(windows).fill(0.5);
		const attribution = new Float32Array(windows * 2).fill(0.5);
		// Training runs of length 1 on both: a run of 3 (> 2 × 1) is suspicious.
		expect(
			markStuckWindows([moving, stuck], windowLength, Uint32Array.from([1, 1]), scores, attribution)
		).toBe(2);
		// Windows ending on rows 4 and 5 (rows 2–4 and 3–5) hold channel 1 at 3.
		expect(Array.from(scores)).toEqual([0.5, 0.5, Infinity, Infinity, 0.5, 0.5]);
		expect(Array.from(attribution.subarray(4, 8))).toEqual([0, 1, 0, 1]);
		expect(attribution[0]).toBe(0.5);
	});

	it('stays off for a channel whose training held values as long as the window', () => {
		const flat = Float32Array.from([3, 3, 3, 3, 3]);
		const scores = new Float32Array(3).fill(0.5);
		// Longest training run 2: a 3-row window is not more than twice as long.
		expect(markStuckWindows([flat], 3, Uint32Array.from([2]), scores, new Float32Array(3))).toBe(0);
		expect(Array.from(scores)).toEqual([0.5, 0.5, 0.5]);
	});
});
