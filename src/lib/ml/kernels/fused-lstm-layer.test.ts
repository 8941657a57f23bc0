import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { exportModel, importModel } from '../artifacts';
import { buildModel } from '../model';
import { tinyConfig } from '../test-helpers';
import { FusedLstm } from './fused-lstm-layer';
import { LSTM_FORWARD_KERNEL } from './lstm-contract';
import { compareRuns, runLstmCase } from './testing';
import './index';

beforeAll(async () => {
	await tf.setBackend('cpu');
});

describe('FusedLstm layer', () => {
	it('is what model building makes, keeps the class name LSTM, and comes back from an export', async () => {
		const config = tinyConfig({ maxEpochs: 1 });
		const model = buildModel(config, 2);
		const lstms = model.layers.filter((layer) => layer.getClassName() === 'LSTM');
		expect(lstms).toHaveLength(2);
		expect(lstms.every((layer) => layer instanceof FusedLstm)).toBe(true);
		const imported = await importModel(structuredClone(await exportModel(model, config, 2)));
		if (!imported.ok) throw new Error(imported.errors.join('; '));
		const restored = imported.model.layers.filter((layer) => layer.getClassName() === 'LSTM');
		expect(restored.every((layer) => layer instanceof FusedLstm)).toBe(true);
		const x = tf.randomNormal([3, config.windowLength, 2], 0, 1, 'float32', 1);
		const [a, b] = [model, imported.model].map((m) => m.predict(x) as tf.Tensor);
		expect(Array.from(b!.dataSync())).toEqual(Array.from(a!.dataSync()));
		expect(restored.map((layer) => (layer as FusedLstm).lastFallbackReason)).toEqual([null, null]);
		tf.dispose([x, a!, b!]);
		model.dispose();
		imported.model.dispose();
	});

	it('falls back to tfjs LSTM, with the same results, where the backend has no fused kernel', async () => {
		expect(tf.getKernel(LSTM_FORWARD_KERNEL, 'cpu')).toBeDefined();
		const c = {
			batch: 2,
			time: 4,
			features: 3,
			units: 5,
			activation: 'tanh' as const,
			returnSequences: true,
			seed: 3
		};
		tf.unregisterKernel(LSTM_FORWARD_KERNEL, 'cpu');
		try {
			const fallback = runLstmCase(c, true);
			expect(fallback.fallbackReason).toBe('no fused kernel for backend cpu');
			const errors = compareRuns(fallback, runLstmCase(c, false));
			expect(Math.max(...Object.values(errors))).toBe(0);
		} finally {
			// Re-registers what the test removed (the module registered it on import).
			const { registerFusedLstmKernels } = await import('./index');
			registerFusedLstmKernels();
		}
		expect(tf.getKernel(LSTM_FORWARD_KERNEL, 'cpu')).toBeDefined();
	});

	it('falls back for what the kernels do not implement (hard-sigmoid gates)', () => {
		const layer = new FusedLstm({ units: 3, recurrentActivation: 'hardSigmoid' });
		const y = tf.tidy(() => layer.apply(tf.ones([1, 2, 2])) as tf.Tensor);
		expect(layer.lastFallbackReason).toBe('recurrent activation hardSigmoid');
		expect(y.shape).toEqual([1, 3]);
		y.dispose();
		layer.weights.forEach((w) => w.dispose());
	});
});
