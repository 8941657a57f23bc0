import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { SeededDropout } from './seeded-dropout';

beforeAll(async () => {
	await tf.setBackend('cpu');
});

/** Which of 64 ones a fresh call keeps (1) or drops (0). */
function masks(layer: SeededDropout, calls: number, training: boolean): number[][] {
	return Array.from({ length: calls }, () =>
		tf.tidy(() => {
			const y = layer.apply(tf.ones([64]), { training }) as tf.Tensor;
			return Array.from(y.dataSync(), (v) => (v > 0 ? 1 : 0));
		})
	);
}

describe('SeededDropout', () => {
	it('draws a new mask every training call, replayed by a fresh layer with the same seed', () => {
		const [first, second] = masks(new SeededDropout({ rate: 0.5, seed: 4 }), 2, true);
		expect(first).toContain(0);
		expect(first).toContain(1);
		expect(first).not.toEqual(second); // tfjs's seeded Dropout repeats one mask forever
		expect(masks(new SeededDropout({ rate: 0.5, seed: 4 }), 2, true)).toEqual([first, second]);
	});

	it('passes values through unchanged outside training', () => {
		const layer = new SeededDropout({ rate: 0.5, seed: 4 });
		expect(masks(layer, 1, false)).toEqual([Array(64).fill(1)]);
	});

	it('keeps its rate and seed through serialisation', () => {
		const layer = new SeededDropout({ rate: 0.3, seed: 9, name: 'd' });
		expect(layer.getConfig()).toMatchObject({ rate: 0.3, seed: 9, name: 'd' });
	});
});
