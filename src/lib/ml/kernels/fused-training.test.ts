import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { columnarWindows } from '../../core/windowing';
import type { ModelConfig } from '../config';
import { buildModel } from '../model';
import { sineChannels, tinyConfig } from '../test-helpers';
import { trainModel, type TrainResult } from '../train';
import { LSTM_BACKWARD_KERNEL, LSTM_FORWARD_KERNEL } from './lstm-contract';
import './index';

beforeAll(async () => {
	expect(await tf.setBackend('wasm')).toBe(true);
});
afterAll(async () => {
	await tf.setBackend('cpu');
});

const source = columnarWindows(sineChannels(160, 3), 8);

async function train(config: ModelConfig, fused: boolean): Promise<TrainResult> {
	const saved = [LSTM_FORWARD_KERNEL, LSTM_BACKWARD_KERNEL].map((name) =>
		tf.getKernel(name, 'wasm')
	);
	if (!fused) saved.forEach((k) => tf.unregisterKernel(k!.kernelName, 'wasm'));
	try {
		const model = buildModel(config, 3);
		const result = await trainModel(model, source, config);
		model.dispose();
		return result;
	} finally {
		if (!fused) saved.forEach((k) => tf.registerKernel(k!));
	}
}

describe('training through the fused WASM kernels', () => {
	// Same seed, same data: the paths differ only in float summation order. Measured: the two
	// validation curves agree to about 1e-7 over these 12 epochs; 1 % leaves room for the drift
	// to grow, while a wrong gradient misses by far more.
	it.each(['tanh', 'relu'] as const)(
		'reaches the same validation loss as tfjs LSTM (%s)',
		{ timeout: 60_000 },
		async (activation) => {
			const config = tinyConfig({
				activation,
				windowLength: 8,
				layers: [{ units: 12 }],
				maxEpochs: 12,
				earlyStoppingPatience: 12,
				shuffle: false
			});
			const reference = await train(config, false);
			const fused = await train(config, true);
			if (!reference.ok || !fused.ok) throw new Error('training failed');
			expect(fused.history.valLoss[0]).toBeCloseTo(reference.history.valLoss[0]!, 5);
			expect(fused.bestValLoss).toBeLessThan(0.7 * fused.history.valLoss[0]!);
			const apart = Math.abs(fused.bestValLoss - reference.bestValLoss) / reference.bestValLoss;
			expect(apart).toBeLessThan(0.01);
		}
	);
});
