import { describe, expect, it } from 'vitest';
import { applyDifferencing, driftingChannels, levelDriftShare } from './differencing';
import { SeededRandom } from './random';

function series(
	rows: number,
	next: (previous: number, random: SeededRandom) => number
): Float32Array {
	const random = new SeededRandom(7);
	const out = new Float32Array(rows);
	let value = 0;
	for (let i = 0; i < rows; i++) out[i] = value = next(value, random);
	return out;
}

describe('differencing of persistent channels', () => {
	it('tells a wandering level (random walk, trend) from stationary signals, smooth ones included', () => {
		const walk = series(2000, (v, r) => v + r.gaussian());
		const noise = series(2000, (_, r) => r.gaussian());
		const trend = Float32Array.from({ length: 400 }, (_, i) => i / 100 + Math.sin(i));
		const smoothSine = Float32Array.from({ length: 400 }, (_, i) => Math.sin(0.3 * i)); // lag-1 autocorrelation 0.96
		expect(levelDriftShare(walk)).toBeGreaterThan(0.5);
		expect(levelDriftShare(trend)).toBeGreaterThan(0.5);
		expect(levelDriftShare(noise)).toBeLessThan(0.02);
		expect(levelDriftShare(smoothSine)).toBeLessThan(0.02);
		expect(Array.from(driftingChannels([walk, noise], 0.2))).toEqual([1, 0]);
		expect(Array.from(driftingChannels([walk, noise], 1))).toEqual([0, 0]);
	});

	it('is exact on a hand-computed case and 0 for a constant channel', () => {
		// Blocks of 2: means 0, 0, 10, 10 around 5 → between = 8 · 25 = 200; within = 4 · 2 · 1 = 8.
		const steps = Float32Array.from([-1, 1, -1, 1, 9, 11, 9, 11]);
		expect(levelDriftShare(steps)).toBeCloseTo(200 / 208, 12);
		expect(levelDriftShare(new Float32Array(10).fill(3))).toBe(0);
	});

	it('differences masked channels, using the row before the range when there is one', () => {
		const a = Float32Array.from([1, 3, 6, 10, 15]);
		const b = Float32Array.from([5, 5, 5, 5, 5]);
		const [da, db] = applyDifferencing([a, b], Uint8Array.from([1, 0]), 2, 5);
		expect(Array.from(da!)).toEqual([3, 4, 5]);
		expect(Array.from(db!)).toEqual([5, 5, 5]);
		const [fromStart] = applyDifferencing([a], Uint8Array.from([1]), 0, 3);
		expect(Array.from(fromStart!)).toEqual([2, 2, 3]); // row 0 repeats the next difference
	});
});
