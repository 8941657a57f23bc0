import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { columnarWindows } from '../core/windowing';
import { exportModel, importModel } from './artifacts';
import { FastRepeatVector, FastTimeDistributedDense } from './fast-layers';
import { relativeError } from './kernels/testing';
import { buildModel } from './model';
import { scoreWindows } from './score';
import { sineChannels, tinyConfig } from './test-helpers';

const TOLERANCE = 1e-6;

/** Output, dx and every trainable weight's gradient of Σ(layer(x) · dy), as plain arrays. */
function forwardAndGrads(layer: tf.layers.Layer, xValues: tf.Tensor, dy: tf.Tensor) {
	const x = tf.variable(xValues, true, `x_${layer.name}`);
	const weights = layer.trainableWeights.map((w) => w.read() as tf.Variable);
	const y = tf.tidy(() => layer.apply(x) as tf.Tensor);
	const { value, grads } = tf.variableGrads(
		() => tf.sum(tf.mul(layer.apply(x) as tf.Tensor, dy)),
		[x, ...weights]
	);
	const result = {
		y: Array.from(y.dataSync()),
		shape: y.shape,
		grads: [x, ...weights].map((v) => Array.from(grads[v.name]!.dataSync()))
	};
	tf.dispose([x, y, value, ...Object.values(grads)]);
	return result;
}

/** Tensors alive after one more call of `layer` (already built) than before it. */
function leakedByCall(layer: tf.layers.Layer, x: tf.Tensor): number {
	const before = tf.memory().numTensors;
	tf.dispose(layer.apply(x) as tf.Tensor);
	return tf.memory().numTensors - before;
}

describe.each(['cpu', 'wasm'])('fast layers on %s', (backend) => {
	beforeAll(async () => {
		expect(await tf.setBackend(backend)).toBe(true);
	});
	afterAll(async () => {
		await tf.setBackend('cpu');
	});

	it('FastRepeatVector: output and gradient equal tfjs RepeatVector, no tensors leak', () => {
		const plain = tf.layers.repeatVector({ n: 7 });
		const fast = new FastRepeatVector({ n: 7 });
		expect(plain).not.toBeInstanceOf(FastRepeatVector); // the reference is really tfjs's own
		const x = tf.randomNormal([5, 3], 0, 1, 'float32', 1);
		const dy = tf.randomNormal([5, 7, 3], 0, 1, 'float32', 2);
		const [a, b] = [plain, fast].map((layer) => forwardAndGrads(layer, x, dy));
		expect(b!.shape).toEqual([5, 7, 3]);
		expect(relativeError(b!.y, a!.y)).toBeLessThanOrEqual(TOLERANCE);
		expect(relativeError(b!.grads[0]!, a!.grads[0]!)).toBeLessThanOrEqual(TOLERANCE);
		expect(leakedByCall(fast, x)).toBe(0);
		tf.dispose([x, dy]);
	});

	it.each([
		['linear', true],
		['relu', true],
		['tanh', false]
	] as const)(
		'FastTimeDistributedDense (%s, bias %s): output and gradients equal tfjs TimeDistributed',
		(activation, useBias) => {
			const dense = () => tf.layers.dense({ units: 4, activation, useBias });
			const plain = tf.layers.timeDistributed({ layer: dense() });
			const fast = new FastTimeDistributedDense({ layer: dense() });
			expect(plain).not.toBeInstanceOf(FastTimeDistributedDense);
			const x = tf.randomNormal([6, 5, 3], 0, 1, 'float32', 3);
			const dy = tf.randomNormal([6, 5, 4], 0, 1, 'float32', 4);
			tf.dispose([plain.apply(x) as tf.Tensor, fast.apply(x) as tf.Tensor]); // builds both
			fast.setWeights(plain.getWeights());
			const [a, b] = [plain, fast].map((layer) => forwardAndGrads(layer, x, dy));
			expect(fast.lastFallbackReason).toBeNull();
			expect(b!.shape).toEqual([6, 5, 4]);
			expect(b!.grads).toHaveLength(useBias ? 3 : 2); // dx, dKernel (, dBias)
			expect(relativeError(b!.y, a!.y)).toBeLessThanOrEqual(TOLERANCE);
			b!.grads.forEach((grad, i) => {
				expect(relativeError(grad, a!.grads[i]!)).toBeLessThanOrEqual(TOLERANCE);
			});
			expect(leakedByCall(fast, x)).toBe(0);
			tf.dispose([x, dy]);
			plain.dispose();
			fast.dispose();
		}
	);
});

describe('fast layers in models (cpu)', () => {
	beforeAll(async () => {
		await tf.setBackend('cpu');
	});
	const source = columnarWindows(sineChannels(40, 2), 5);

	it('wraps non-Dense layers with tfjs own per-step call', () => {
		const fast = new FastTimeDistributedDense({ layer: tf.layers.flatten() });
		const y = tf.tidy(() => fast.apply(tf.ones([2, 3, 4, 5])) as tf.Tensor);
		expect(fast.lastFallbackReason).toBe('wraps Flatten, not Dense');
		expect(y.shape).toEqual([2, 3, 20]);
		y.dispose();
	});

	it('buildModel uses them, and an exported model imports with them and scores identically', async () => {
		const config = tinyConfig({ maxEpochs: 1 });
		const model = buildModel(config, 2);
		expect(model.getLayer('repeat')).toBeInstanceOf(FastRepeatVector);
		expect(model.getLayer('td_output')).toBeInstanceOf(FastTimeDistributedDense);
		const imported = await importModel(structuredClone(await exportModel(model, config, 2)));
		if (!imported.ok) throw new Error(imported.errors.join('; '));
		expect(imported.model.getLayer('repeat')).toBeInstanceOf(FastRepeatVector);
		expect(imported.model.getLayer('td_output')).toBeInstanceOf(FastTimeDistributedDense);
		const original = await scoreWindows(model, source, { batchSize: 8, timestepErrors: true });
		const restored = await scoreWindows(imported.model, source, {
			batchSize: 8,
			timestepErrors: true
		});
		expect(Array.from(restored.scores)).toEqual(Array.from(original.scores));
		expect(Array.from(restored.timestepErrors!)).toEqual(Array.from(original.timestepErrors!));
		model.dispose();
		imported.model.dispose();
	});

	it('a model built with plain tfjs layers (exported before) imports with fast layers, same scores', async () => {
		const config = tinyConfig({ maxEpochs: 1, dropoutRate: 0, normalization: 'none' });
		const input = tf.input({ shape: [config.windowLength, 2], name: 'window' });
		const lstm = (returnSequences: boolean, name: string) =>
			tf.layers.lstm({ units: 4, recurrentActivation: 'sigmoid', returnSequences, name });
		let x = lstm(false, 'encoder_0').apply(input) as tf.SymbolicTensor;
		x = tf.layers.repeatVector({ n: config.windowLength, name: 'repeat' }).apply(x) as typeof x;
		x = lstm(true, 'decoder_0').apply(x) as typeof x;
		const output = tf.layers.dense({ units: 2, name: 'output' });
		x = tf.layers.timeDistributed({ layer: output, name: 'td_output' }).apply(x) as typeof x;
		const plain = tf.model({ inputs: input, outputs: x });
		expect(plain.getLayer('repeat')).not.toBeInstanceOf(FastRepeatVector);
		const exported = await exportModel(plain, config, 2);
		const imported = await importModel(structuredClone(exported));
		if (!imported.ok) throw new Error(imported.errors.join('; '));
		expect(imported.model.getLayer('repeat')).toBeInstanceOf(FastRepeatVector);
		expect(imported.model.getLayer('td_output')).toBeInstanceOf(FastTimeDistributedDense);
		const before = await scoreWindows(plain, source, { batchSize: 8 });
		const after = await scoreWindows(imported.model, source, { batchSize: 8 });
		// The imported LSTMs run fused (summation order differs from tfjs's step-by-step LSTM).
		expect(relativeError(after.scores, before.scores)).toBeLessThanOrEqual(1e-5);
		plain.dispose();
		imported.model.dispose();
	});
});
