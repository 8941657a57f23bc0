import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { WindowSource } from '../core/windowing';
import { columnarWindows } from '../core/windowing';
import type { ModelConfig } from './config';
import { ARCHITECTURES } from './config';
import { buildModel } from './model';
import { scoreWindows } from './score';
import { sineChannels, tinyConfig } from './test-helpers';
import type { EpochProgress } from './train';
import { trainModel } from './train';

beforeAll(async () => {
	await tf.setBackend('cpu');
});

const channels = sineChannels(64, 2); // 60 windows of 5: 45 train, 15 validate
const source = columnarWindows(channels, 5);

async function train(config: ModelConfig, options = {}) {
	const model = buildModel(config, 2);
	const result = await trainModel(model, source, config, options);
	const weights = model.getWeights().map((w) => Array.from(w.dataSync()));
	return { model, result, weights };
}

describe('trainModel', () => {
	it('lowers the loss over a short fit and leaks no tensors', async () => {
		const config = tinyConfig({ optimizer: { name: 'adam', learningRate: 0.02 }, maxEpochs: 3 });
		const model = buildModel(config, 2);
		const before = tf.memory().numTensors;
		const result = await trainModel(model, source, config);
		expect(tf.memory().numTensors).toBe(before);
		if (!result.ok) throw new Error(result.message);
		expect(result.history.loss).toHaveLength(3);
		expect(result.history.loss[2]!).toBeLessThan(result.history.loss[0]!);
		expect(result).toMatchObject({ trainWindows: 45, validationWindows: 15 });
		model.dispose();
	});

	it.each(ARCHITECTURES)(
		'%s trains with batch norm and dropout, leaving no tensors behind',
		async (architecture) => {
			const config = tinyConfig({ architecture, normalization: 'batch', dropoutRate: 0.1 });
			const model = buildModel({ ...config, maxEpochs: 1 }, 2);
			const movingMean = () =>
				Array.from(model.getLayer('batch_norm_0').getWeights()[2]!.dataSync());
			const initialMean = movingMean();
			const before = tf.memory().numTensors;
			const result = await trainModel(model, source, { ...config, maxEpochs: 1 });
			expect(tf.memory().numTensors).toBe(before);
			expect(result.ok && Number.isFinite(result.history.valLoss[0])).toBe(true);
			expect(movingMean()).not.toEqual(initialMean); // training mode reached the layer
			model.dispose();
		}
	);

	it('repeats exactly with the same seed (shuffle and dropout included)', async () => {
		const config = tinyConfig({ dropoutRate: 0.2, maxEpochs: 2 });
		const a = await train(config);
		const b = await train(config);
		const c = await train({ ...config, seed: 8 });
		expect(a.result.ok && a.result.history).toEqual(b.result.ok && b.result.history);
		expect(a.weights).toEqual(b.weights);
		expect(a.weights).not.toEqual(c.weights);
		[a, b, c].forEach(({ model }) => model.dispose());
	});

	it('trains on training windows only, validates on the last ones, one batch at a time', async () => {
		const trained = new Set<number>();
		const validated = new Set<number>();
		let largestFill = 0;
		const spy: WindowSource = {
			...source,
			fill(first, count, out) {
				largestFill = Math.max(largestFill, count);
				// training gathers shuffled windows one by one; validation reads runs in order
				for (let w = first; w < first + count; w++)
					(count === 1 && w < 45 ? trained : validated).add(w);
				source.fill(first, count, out);
			}
		};
		const config = tinyConfig({ maxEpochs: 1 });
		const model = buildModel(config, 2);
		await trainModel(model, spy, config);
		expect([...trained].sort((x, y) => x - y)).toEqual([...Array(45).keys()]);
		expect([...validated].sort((x, y) => x - y)).toEqual([...Array(15).keys()].map((k) => 45 + k));
		expect(largestFill).toBeLessThanOrEqual(config.batchSize);
		model.dispose();
	});

	it('reports progress per batch and per epoch', async () => {
		const batches: number[] = [];
		const epochs: EpochProgress[] = [];
		const config = tinyConfig({ maxEpochs: 2, earlyStoppingPatience: 5 });
		const { model, result } = await train(config, {
			onBatch: (p: { batch: number; loss: number; windowsPerSecond: number }) => {
				expect(Number.isFinite(p.loss) && p.windowsPerSecond > 0).toBe(true);
				batches.push(p.batch);
			},
			onEpoch: (p: EpochProgress) => epochs.push(p)
		});
		expect(batches).toEqual([0, 1, 2, 3, 4, 5, 0, 1, 2, 3, 4, 5]); // ceil(45 / 8) per epoch
		expect(epochs.map((e) => e.valLoss)).toEqual(result.ok && result.history.valLoss);
		expect(epochs[0]!.etaSeconds).toBeGreaterThan(0);
		expect(epochs[1]!.etaSeconds).toBe(0);
		model.dispose();
	});

	it('stops early and restores the best epoch weights', async () => {
		// A learning rate far too high makes the validation loss bounce, so patience runs out.
		const config = tinyConfig({
			optimizer: { name: 'adam', learningRate: 0.5 },
			maxEpochs: 30,
			earlyStoppingPatience: 1
		});
		const model = buildModel(config, 2);
		const perEpoch: number[][][] = [];
		const result = await trainModel(model, source, config, {
			onEpoch: () => perEpoch.push(model.getWeights().map((w) => Array.from(w.dataSync())))
		});
		if (!result.ok) throw new Error(result.message);
		expect(result.stoppedEarly).toBe(true);
		expect(result.bestEpoch).toBe(result.history.valLoss.length - 2); // patience 1
		expect(model.getWeights().map((w) => Array.from(w.dataSync()))).toEqual(
			perEpoch[result.bestEpoch]
		);
		expect(result.history.valLoss.at(-1)!).not.toBeLessThan(result.bestValLoss);
		// Scoring the validation windows agrees: MAE = mean score / channels.
		const validation = columnarWindows(channels, 5, 45, 64);
		const { scores } = await scoreWindows(model, validation, { batchSize: 16 });
		const meanScore = scores.reduce((s, v) => s + v, 0) / scores.length;
		expect(meanScore / 2).toBeCloseTo(result.bestValLoss, 5);
		model.dispose();
	});

	it('counts only drops larger than earlyStoppingMinDelta as improvements', async () => {
		const config = tinyConfig({
			maxEpochs: 10,
			earlyStoppingPatience: 2,
			earlyStoppingMinDelta: 10
		});
		const { model, result } = await train(config);
		expect(result).toMatchObject({ ok: true, bestEpoch: 0, stoppedEarly: true });
		expect(result.ok && result.history.valLoss).toHaveLength(3);
		model.dispose();
	});

	it('aborts with an AbortError and leaks no tensors', async () => {
		const config = tinyConfig({ maxEpochs: 50 });
		const model = buildModel(config, 2);
		const before = tf.memory().numTensors;
		const controller = new AbortController();
		let batchesSeen = 0;
		const run = trainModel(model, source, config, {
			signal: controller.signal,
			onBatch: () => {
				if (++batchesSeen === 3) controller.abort();
			}
		});
		await expect(run).rejects.toMatchObject({ name: 'AbortError' });
		expect(batchesSeen).toBe(3);
		expect(tf.memory().numTensors).toBe(before);
		model.dispose();
	});

	it('sees an abort fired by a timer (it yields to the event loop)', async () => {
		const config = tinyConfig({ maxEpochs: 10_000, earlyStoppingPatience: 10_000 });
		const model = buildModel(config, 2);
		const started = performance.now();
		const run = trainModel(model, source, config, { signal: AbortSignal.timeout(150) });
		await expect(run).rejects.toMatchObject({ name: 'AbortError' });
		expect(performance.now() - started).toBeLessThan(2000);
		model.dispose();
	});

	it('returns too-few-windows instead of throwing', async () => {
		const config = tinyConfig();
		const model = buildModel(config, 2);
		// One window: floor(1 × 0.75) = 0 to train on.
		const result = await trainModel(model, columnarWindows(channels, 5, 0, 5), config);
		expect(result).toMatchObject({ ok: false, reason: 'too-few-windows' });
		model.dispose();
	});
});
