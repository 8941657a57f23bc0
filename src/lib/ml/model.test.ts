import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ARCHITECTURES } from './config';
import { buildModel } from './model';
import { PRESETS } from './presets';
import { orthogonalRows } from './recurrent';
import { tinyConfig } from './test-helpers';

beforeAll(async () => {
	await tf.setBackend('cpu');
});

function layerSummary(model: tf.LayersModel): string[] {
	return model.layers.map((l) => `${l.getClassName()} ${JSON.stringify(l.outputShape)}`);
}

describe('buildModel', () => {
	it('builds the skab-lstm-ae preset with the published shapes', () => {
		const model = buildModel(PRESETS['skab-lstm-ae'], 8);
		expect(layerSummary(model)).toEqual([
			'InputLayer [null,10,8]',
			'LSTM [null,100]',
			'RepeatVector [null,10,100]',
			'LSTM [null,10,100]',
			'TimeDistributed [null,10,8]'
		]);
		// LSTM(8→100): 4·100·(8+100+1); LSTM(100→100): 4·100·(100+100+1); Dense: 100·8+8.
		expect(model.countParams()).toBe(43_600 + 80_400 + 808);
		model.dispose();
	});

	it.each(ARCHITECTURES)('%s maps [batch, window, channels] to the same shape', (architecture) => {
		const config = tinyConfig({ architecture, layers: [{ units: 6 }, { units: 3 }] });
		const model = buildModel(config, 3);
		expect(model.inputs[0]!.shape).toEqual([null, 5, 3]);
		expect(model.outputs[0]!.shape).toEqual([null, 5, 3]);
		const y = tf.tidy(() => model.predict(tf.zeros([2, 5, 3])) as tf.Tensor);
		expect(y.shape).toEqual([2, 5, 3]);
		y.dispose();
		model.dispose();
	});

	it('mirrors two LSTM layers around the repeated code', () => {
		const model = buildModel(tinyConfig({ layers: [{ units: 6 }, { units: 3 }] }), 2);
		expect(layerSummary(model).slice(1)).toEqual([
			'LSTM [null,5,6]',
			'LSTM [null,3]',
			'RepeatVector [null,5,3]',
			'LSTM [null,5,3]',
			'LSTM [null,5,6]',
			'TimeDistributed [null,5,2]'
		]);
		model.dispose();
	});

	it('adds normalisation and dropout after every hidden layer', () => {
		const config = tinyConfig({
			architecture: 'dense-ae',
			normalization: 'layer',
			dropoutRate: 0.2
		});
		const model = buildModel(config, 2);
		const names = model.layers.map((l) => l.getClassName());
		model.dispose();
		expect(names).toEqual([
			'InputLayer',
			'Flatten',
			'Dense',
			'LayerNormalization',
			'VigilSeededDropout',
			'Dense',
			'Reshape'
		]);
		const batch = buildModel(tinyConfig({ normalization: 'batch' }), 2);
		expect(batch.layers.filter((l) => l.getClassName() === 'BatchNormalization')).toHaveLength(2);
		batch.dispose();
	});

	it('gives identical weights for the same seed and different ones for another', () => {
		const weights = (seed: number) => {
			const model = buildModel(tinyConfig({ seed, dropoutRate: 0.1 }), 3);
			const values = model.getWeights().map((w) => Array.from(w.dataSync()));
			model.dispose();
			return values;
		};
		expect(weights(1)).toEqual(weights(1));
		expect(weights(1)).not.toEqual(weights(2));
	});

	it.each(ARCHITECTURES)('%s: building and disposing leaves no tensors', (architecture) => {
		// Regression: tfjs's LSTM unitForgetBias leaked 4 tensors per layer build.
		const before = tf.memory().numTensors;
		const config = tinyConfig({ architecture, normalization: 'batch', dropoutRate: 0.1 });
		buildModel(config, 3).dispose();
		expect(tf.memory().numTensors).toBe(before);
	});

	it('gives LSTM layers an orthogonal recurrent kernel and a forget bias of 1', () => {
		const model = buildModel(tinyConfig({ layers: [{ units: 5 }] }), 2);
		const bias = Array.from(model.layers[1]!.getWeights()[2]!.dataSync()); // gates i, f, c, o
		expect(bias).toEqual([...Array(5).fill(0), ...Array(5).fill(1), ...Array(10).fill(0)]);
		const recurrent = model.layers[1]!.getWeights()[1]!; // [units, 4·units]
		const gram = tf.tidy(
			() => tf.matMul(recurrent, recurrent, false, true).arraySync() as number[][]
		);
		gram.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(i === j ? 1 : 0, 5)));
		model.dispose();
	});

	it('makes orthonormal rows quickly even for 100 × 400', () => {
		const start = performance.now();
		const rows = orthogonalRows(100, 400, 3);
		expect(performance.now() - start).toBeLessThan(1000);
		let dot01 = 0;
		let norm99 = 0;
		for (let c = 0; c < 400; c++) {
			dot01 += rows[c]! * rows[400 + c]!;
			norm99 += rows[99 * 400 + c]! ** 2;
		}
		expect(dot01).toBeCloseTo(0, 5);
		expect(norm99).toBeCloseTo(1, 5);
	});
});
