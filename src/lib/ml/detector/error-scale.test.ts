import { describe, expect, it } from 'vitest';
import { fitErrorScale, normaliseErrors } from './error-scale';

describe('per-channel error normalisation', () => {
	it('divides each channel error by its mean training error (hand-computed)', () => {
		// Two windows, two channels. Errors e = attribution × score: w0 = (3, 1), w1 = (1, 1).
		const scores = Float32Array.from([4, 2]);
		const attribution = Float32Array.from([0.75, 0.25, 0.5, 0.5]);
		const scale = fitErrorScale(scores, attribution, 2);
		expect(Array.from(scale)).toEqual([2, 1]); // means: (3 + 1) / 2, (1 + 1) / 2
		const { scores: normalised, attribution: shares } = normaliseErrors(scores, attribution, scale);
		// w0: 3/2 + 1/1 = 2.5, shares 0.6 / 0.4; w1: 1/2 + 1 = 1.5, shares 1/3, 2/3.
		expect(Array.from(normalised)).toEqual([2.5, 1.5]);
		expect(shares[0]).toBeCloseTo(0.6, 6);
		expect(shares[3]).toBeCloseTo(2 / 3, 6);
	});

	it('a quiet channel anomaly now outweighs a noisy channel normal error', () => {
		// Training: channel 0 is noisy (error 5), channel 1 quiet (error 0.1).
		const scale = fitErrorScale(
			Float32Array.from([5.1]),
			Float32Array.from([5 / 5.1, 0.1 / 5.1]),
			2
		);
		// Test window: channel 0 as usual (5), channel 1 ten times its usual error (1).
		const { scores, attribution } = normaliseErrors(
			Float32Array.from([6]),
			Float32Array.from([5 / 6, 1 / 6]),
			scale
		);
		expect(scores[0]).toBeCloseTo(11, 4); // 1 + 10
		expect(attribution[1]).toBeGreaterThan(attribution[0]!);
	});

	it('keeps a channel with zero training error at scale 1 and gives equal shares to a zero window', () => {
		expect(
			Array.from(fitErrorScale(Float32Array.from([0]), Float32Array.from([0.5, 0.5]), 2))
		).toEqual([1, 1]);
		const { attribution } = normaliseErrors(
			Float32Array.from([0]),
			Float32Array.from([0.5, 0.5]),
			Float32Array.from([1, 1])
		);
		expect(Array.from(attribution)).toEqual([0.5, 0.5]);
	});
});
