import { describe, expect, it } from 'vitest';
import { SeededRandom } from './random';
import { quantile } from './quantile';
import {
	calibrateThreshold,
	fitGeneralisedPareto,
	POT_THRESHOLD,
	SKAB_THRESHOLD
} from './threshold';

describe('quantile', () => {
	it('interpolates linearly like NumPy', () => {
		// numpy.quantile([1, 2, 3, 4], 0.99) = 3 + 0.97 · (4 − 3) = 3.97
		expect(quantile([4, 1, 3, 2], 0.99)).toBeCloseTo(3.97, 12);
		expect(quantile([5], 0.5)).toBe(5);
		expect(quantile([1, NaN, 3], 0.5)).toBe(2);
		expect(Number.isNaN(quantile([], 0.5))).toBe(true);
	});
});

describe('threshold calibration', () => {
	it('SKAB rule: 0.99 quantile × 1.5', () => {
		const scores = Array.from({ length: 101 }, (_, i) => i); // quantile 0.99 = 99
		const result = calibrateThreshold(scores, SKAB_THRESHOLD);
		expect(result).toMatchObject({ ok: true, threshold: 148.5 });
	});

	it('refuses to calibrate on nothing', () => {
		expect(calibrateThreshold([NaN], SKAB_THRESHOLD)).toEqual({
			ok: false,
			reason: 'no finite scores to calibrate on'
		});
	});

	it('fits the generalised Pareto parameters of exponential excesses (shape ≈ 0, scale = mean)', () => {
		const random = new SeededRandom(3);
		const excesses = Float64Array.from({ length: 20_000 }, () => -2 * Math.log(1 - random.next()));
		const { shape, scale } = fitGeneralisedPareto(excesses);
		expect(Math.abs(shape)).toBeLessThan(0.05);
		expect(scale).toBeCloseTo(2, 1);
	});

	it('peaks over threshold matches the exact exponential tail quantile', () => {
		// Scores ~ Exp(1): P(score > z) = e^(−z), so the risk-1e-3 threshold is ln(1000) ≈ 6.91.
		const random = new SeededRandom(11);
		const scores = Float64Array.from({ length: 50_000 }, () => -Math.log(1 - random.next()));
		const result = calibrateThreshold(scores, POT_THRESHOLD);
		expect(result.ok).toBe(true);
		if (result.ok) expect(result.threshold).toBeCloseTo(Math.log(1000), 0);
	});

	it('peaks over threshold extrapolates past the largest training score when the risk is small', () => {
		const random = new SeededRandom(5);
		const scores = Float64Array.from({ length: 400 }, () => -Math.log(1 - random.next()));
		const result = calibrateThreshold(scores, { ...POT_THRESHOLD, risk: 1e-4 });
		expect(result.ok && result.threshold > Math.max(...scores)).toBe(true);
	});

	it('peaks over threshold says why when there are too few peaks', () => {
		const result = calibrateThreshold([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], POT_THRESHOLD);
		expect(result).toEqual({
			ok: false,
			reason: 'only 1 of 10 scores lie above the 0.9 quantile; peaks over threshold needs 10'
		});
	});
});
