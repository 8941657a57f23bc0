import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { columnarWindows } from '../core/windowing';
import { exportModel, importModel } from './artifacts';
import { buildModel } from './model';
import { scoreWindows } from './score';
import { sineChannels, tinyConfig } from './test-helpers';
import { trainModel } from './train';

beforeAll(async () => {
	await tf.setBackend('cpu');
});

const source = columnarWindows(sineChannels(40, 2), 5);

describe('model artifacts', () => {
	it('round-trips through plain data: the imported model scores identically', async () => {
		// Layer norm and the custom dropout class must survive serialisation too.
		const config = tinyConfig({ normalization: 'layer', dropoutRate: 0.1, maxEpochs: 1 });
		const model = buildModel(config, 2);
		const trained = await trainModel(model, source, config);
		expect(trained.ok).toBe(true);
		const exported = await exportModel(model, config, 2);
		expect(exported.weightData).toBeInstanceOf(ArrayBuffer);
		const copy = structuredClone(exported); // what a worker boundary or IndexedDB does
		const imported = await importModel(copy);
		if (!imported.ok) throw new Error(imported.errors.join('; '));
		expect(imported.config).toEqual(config);
		expect(imported.channelCount).toBe(2);
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

	it('reports what is wrong with a corrupt record instead of throwing', async () => {
		const model = buildModel(tinyConfig(), 2);
		const exported = await exportModel(model, tinyConfig(), 2);
		model.dispose();
		const broken = {
			...exported,
			format: 'vigil-model-0',
			config: { ...exported.config, layers: [{ units: 0 }] },
			weightData: 'not a buffer'
		};
		const result = await importModel(broken);
		expect(result).toEqual({
			ok: false,
			errors: [
				'format must be \'vigil-model-1\', got "vigil-model-0"',
				'config.layers[0].units must be a positive integer, got 0',
				'weightData must be an ArrayBuffer'
			]
		});
		expect(await importModel(undefined)).toMatchObject({ ok: false });
	});

	it('refuses weights that do not fit the topology', async () => {
		const model = buildModel(tinyConfig(), 2);
		const exported = await exportModel(model, tinyConfig(), 2);
		model.dispose();
		const before = tf.memory().numTensors;
		const short = await importModel({ ...exported, weightData: new ArrayBuffer(8) });
		expect(short.ok || short.errors[0]).toMatch(
			/^weightData holds 8 bytes, the weight specs need \d+$/
		);
		// Right size, wrong names: tfjs builds the model, then fails to load (once leaked it).
		const renamed = exported.weightSpecs.map((spec) => ({ ...spec, name: `x/${spec.name}` }));
		const misnamed = await importModel({ ...exported, weightSpecs: renamed });
		expect(misnamed.ok || misnamed.errors[0]).toMatch(/^the weights do not fit the topology/);
		expect(tf.memory().numTensors).toBe(before);
	});

	it('refuses a channel count that does not match the model', async () => {
		const model = buildModel(tinyConfig(), 2);
		const exported = await exportModel(model, tinyConfig(), 2);
		model.dispose();
		const result = await importModel({ ...exported, channelCount: 3 });
		expect(result).toEqual({
			ok: false,
			errors: ['model input shape [null,5,2] ≠ config [null,5,3]']
		});
	});
});
