import { describe, expect, it } from 'vitest';
import { applyScaler, fitScaler } from './scaler';

describe('z-score scaler', () => {
	it('fits mean and population std on the chosen rows, ignoring NaN', () => {
		// Rows 0..3 of channel 0: 2, 4, 4, 6 → mean 4, population variance (4+0+0+4)/4 = 2.
		const channels = [Float32Array.from([2, 4, NaN, 4, 6, 100])];
		const { scaler, warnings } = fitScaler(channels, ['a'], 0, 5);
		expect(scaler.mean[0]).toBeCloseTo(4, 12);
		expect(scaler.std[0]).toBeCloseTo(Math.SQRT2, 12);
		expect(warnings).toEqual([]);
		const [scaled] = applyScaler(channels, scaler);
		expect(scaled![0]).toBeCloseTo(-Math.SQRT2, 6);
		expect(Number.isNaN(scaled![2]!)).toBe(true);
	});

	it('constant channel gave NaN scores: it now gets std 1, scales to 0 and is reported', () => {
		const channels = [Float32Array.from([230, 230, 230]), Float32Array.from([1, 2, 3])];
		const { scaler, warnings } = fitScaler(channels, ['voltage', 'flow']);
		expect(scaler.std[0]).toBe(1);
		expect(Array.from(applyScaler(channels, scaler)[0]!)).toEqual([0, 0, 0]);
		expect(warnings).toEqual(['voltage is constant (230) in the fitted rows: it will scale to 0']);
	});

	it('reports a channel with no values and keeps it finite', () => {
		const { scaler, warnings } = fitScaler([Float32Array.from([NaN, NaN])], ['temp']);
		expect([scaler.mean[0], scaler.std[0]]).toEqual([0, 1]);
		expect(warnings[0]).toMatch(/temp has no values/);
	});

	it('stays accurate for a large offset with a tiny spread', () => {
		const column = Float32Array.from(
			{ length: 10_000 },
			(_, i) => 1e6 + (i % 2 === 0 ? 0.5 : -0.5)
		);
		const { scaler } = fitScaler([column]);
		expect(scaler.std[0]).toBeCloseTo(0.5, 6);
	});
});
