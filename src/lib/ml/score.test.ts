import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { columnarWindows } from '../core/windowing';
import { buildModel } from './model';
import { scoreWindows } from './score';
import { sineChannels, tinyConfig } from './test-helpers';

let model: tf.LayersModel;
const channels = sineChannels(30, 3);
const source = columnarWindows(channels, 5); // 26 windows of 5 × 3

beforeAll(async () => {
	await tf.setBackend('cpu');
	model = buildModel(tinyConfig(), 3);
});

afterAll(() => model.dispose());

/** Reference on all 26 windows at once, built by hand: e = |model(x) − x|, shape [26, 5, 3]. */
function referenceErrors(): number[][][] {
	const data = new Float32Array(26 * 5 * 3);
	for (let w = 0; w < 26; w++)
		for (let t = 0; t < 5; t++)
			for (let c = 0; c < 3; c++) data[(w * 5 + t) * 3 + c] = channels[c]![w + t]!;
	return tf.tidy(() => {
		const x = tf.tensor3d(data, [26, 5, 3]);
		return tf.abs(tf.sub(model.predict(x) as tf.Tensor, x)).arraySync() as number[][][];
	});
}

describe('scoreWindows', () => {
	it('scores as Σ over channels of the mean error over time, with shares and step errors', async () => {
		const result = await scoreWindows(model, source, { batchSize: 4, timestepErrors: true });
		const errors = referenceErrors();
		expect(result.scores).toHaveLength(26);
		expect(result.attribution).toHaveLength(26 * 3);
		expect(result.timestepErrors).toHaveLength(26 * 5);
		errors.forEach((window, w) => {
			const perChannel = [0, 1, 2].map((c) => window.reduce((s, step) => s + step[c]!, 0) / 5);
			const score = perChannel.reduce((s, v) => s + v, 0);
			expect(result.scores[w]).toBeCloseTo(score, 5);
			perChannel.forEach((v, c) => expect(result.attribution[w * 3 + c]).toBeCloseTo(v / score, 5));
			window.forEach((step, t) =>
				expect(result.timestepErrors![w * 5 + t]).toBeCloseTo(step[0]! + step[1]! + step[2]!, 5)
			);
		});
	});

	it('gives attribution rows that sum to 1', async () => {
		const { attribution } = await scoreWindows(model, source, { batchSize: 7 });
		for (let w = 0; w < 26; w++) {
			expect(attribution[w * 3]! + attribution[w * 3 + 1]! + attribution[w * 3 + 2]!).toBeCloseTo(
				1,
				5
			);
		}
	});

	it('zero error gave NaN attribution: now equal shares', async () => {
		// Untrained, zero biases: an all-zero window reconstructs exactly to zero.
		const zeros = columnarWindows(
			[new Float32Array(8), new Float32Array(8), new Float32Array(8)],
			5
		);
		const { scores, attribution } = await scoreWindows(model, zeros, { batchSize: 2 });
		expect(Array.from(scores)).toEqual([0, 0, 0, 0]);
		expect(Array.from(attribution)).toEqual(Array(12).fill(Math.fround(1 / 3)));
	});

	it('does not depend on the batch size and leaks no tensors', async () => {
		const before = tf.memory().numTensors;
		const small = await scoreWindows(model, source, { batchSize: 1 });
		const large = await scoreWindows(model, source, { batchSize: 1000 });
		expect(tf.memory().numTensors).toBe(before);
		expect(Array.from(small.scores)).toEqual(Array.from(large.scores));
		expect(small.timestepErrors).toBeUndefined();
	});

	it('refuses windows of another shape than the model takes', async () => {
		const wrong = columnarWindows(sineChannels(30, 2), 5);
		await expect(scoreWindows(model, wrong, { batchSize: 4 })).rejects.toThrow(
			'model input [null,5,3] does not fit windows of 5 × 2'
		);
	});

	it('scores a source with no windows to empty arrays', async () => {
		const empty = columnarWindows(sineChannels(4, 3), 5);
		const result = await scoreWindows(model, empty, { batchSize: 4, timestepErrors: true });
		expect([
			result.scores.length,
			result.attribution.length,
			result.timestepErrors!.length
		]).toEqual([0, 0, 0]);
	});

	it('aborts with an AbortError', async () => {
		const signal = AbortSignal.abort();
		await expect(scoreWindows(model, source, { batchSize: 4, signal })).rejects.toMatchObject({
			name: 'AbortError'
		});
	});
});
