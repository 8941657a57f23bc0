import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../core/random';
import { splitWindows, trainingOrder } from './split';

describe('splitWindows', () => {
	it("splits like Keras' validation_split: the last part validates", () => {
		// SKAB: 400 training rows, window 10 → 391 windows; Keras trains on int(391 × 0.9) = 351.
		expect(splitWindows(391, 0.1)).toEqual({ ok: true, trainWindows: 351, validationWindows: 40 });
	});

	it('refuses a split that leaves either part empty', () => {
		expect(splitWindows(1, 0.1)).toMatchObject({ ok: false }); // floor(0.9) = 0 to train
		expect(splitWindows(10, 1e-17)).toMatchObject({ ok: false }); // 1 − 1e-17 = 1: none validate
		expect(splitWindows(3, 0.1)).toEqual({ ok: true, trainWindows: 2, validationWindows: 1 });
	});
});

describe('trainingOrder', () => {
	it('is the identity without a generator', () => {
		expect(Array.from(trainingOrder(5, undefined))).toEqual([0, 1, 2, 3, 4]);
	});

	it('is a seeded permutation that changes from epoch to epoch', () => {
		const random = new SeededRandom(1);
		const first = Array.from(trainingOrder(50, random));
		const second = Array.from(trainingOrder(50, random));
		expect([...first].sort((a, b) => a - b)).toEqual([...Array(50).keys()]);
		expect(first).not.toEqual(second);
		expect(Array.from(trainingOrder(50, new SeededRandom(1)))).toEqual(first);
	});
});
