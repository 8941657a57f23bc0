import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { fusedLstm } from './lstm-op';
import { compareRuns, randomCases, runLstmCase, runTrustedReference } from './testing';
import './index';

beforeAll(async () => {
	await tf.setBackend('cpu');
});

/** The bound: max |fused − tfjs| / max |tfjs| per tensor. */
const TOLERANCE = 1e-4;

describe('fused LSTM, plain-JS reference kernels on the cpu backend', () => {
	// Fewer and smaller cases than the wasm test: both sides are plain JS here.
	it.each(randomCases(6, 11).map((c) => ({ ...c, batch: Math.min(c.batch, 8) })))(
		'matches tfjs LSTM: batch $batch, time $time, features $features, units $units, $activation, sequences $returnSequences',
		(c) => {
			const fused = runLstmCase(c, true);
			const reference = runTrustedReference(c);
			expect(fused.fallbackReason).toBeNull();
			for (const [name, error] of Object.entries(compareRuns(fused, reference))) {
				expect(error, name).toBeLessThan(TOLERANCE);
			}
		}
	);

	it('leaves no tensors behind, forward or backward', () => {
		const inputs = [tf.ones([2, 3, 4]), tf.ones([4, 8]), tf.ones([2, 8]), tf.zeros([8])];
		const before = tf.memory().numTensors;
		const grads = tf.grads((x, k, r, b) => tf.sum(fusedLstm(x!, k!, r!, b!, 'relu')))(inputs);
		expect(grads.map((g) => g.shape)).toEqual(inputs.map((t) => t.shape));
		tf.dispose(grads);
		expect(tf.memory().numTensors).toBe(before);
		tf.dispose(inputs);
	});

	it('leaks no tensors in inference (c and gates are dropped at once)', () => {
		const before = tf.memory().numTensors;
		const h = tf.tidy(() =>
			fusedLstm(tf.ones([2, 3, 4]), tf.ones([4, 8]), tf.ones([2, 8]), tf.zeros([8]), 'tanh')
		);
		expect(h.shape).toEqual([2, 3, 2]);
		h.dispose();
		expect(tf.memory().numTensors).toBe(before);
	});

	it('names the shapes when the weights do not fit', () => {
		expect(() =>
			fusedLstm(tf.ones([2, 3, 4]), tf.ones([5, 8]), tf.ones([2, 8]), tf.zeros([8]), 'tanh')
		).toThrow(/kernel \[5,8\]/);
	});
});
