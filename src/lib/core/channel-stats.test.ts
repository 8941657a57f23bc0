import { describe, expect, it } from 'vitest';
import { channelStats, channelStatsOfParts } from './channel-stats';

describe('channelStats', () => {
	it('computes min, max, mean, population std and the missing share (hand-computed)', () => {
		// 2, 4, 4, 4, 5, 5, 7, 9: mean 5, population std 2; two of ten missing.
		const stats = channelStats(Float32Array.from([2, 4, NaN, 4, 4, 5, 5, 7, NaN, 9]));
		expect(stats).toEqual({ min: 2, max: 9, mean: 5, std: 2, missingPct: 20 });
	});

	it('gives NaN figures, not zeros, for a channel with no values', () => {
		expect(channelStats(Float32Array.from([NaN, NaN]))).toEqual({
			min: NaN,
			max: NaN,
			mean: NaN,
			std: NaN,
			missingPct: 100
		});
	});

	it('gives the same figures for a column split into parts as for the whole column', () => {
		const whole = Float32Array.from([2, 4, NaN, 4, 4, 5, 5, 7, NaN, 9]);
		const split = channelStatsOfParts([
			whole.subarray(0, 3),
			whole.subarray(3, 3),
			whole.subarray(3)
		]);
		expect(split).toEqual(channelStats(whole));
		expect(channelStatsOfParts([])).toEqual({
			min: NaN,
			max: NaN,
			mean: NaN,
			std: NaN,
			missingPct: 0
		});
	});
});
