import * as tf from '@tensorflow/tfjs';
import { deriveSeed, SeededRandom } from '../core/random';
import type { WindowSource } from '../core/windowing';
import { abortError, yieldToEventLoop } from './abort';
import type { ModelConfig } from './config';
import { assertModelFits } from './model';
import { splitWindows, trainingOrder } from './split';
import type { TrainOptions, TrainResult } from './train-types';

export type {
	BatchProgress,
	EpochProgress,
	TrainOptions,
	TrainResult,
	TrainSummary
} from './train-types';

/** Stream id of `deriveSeed(config.seed, id)` for the epoch shuffles (model.ts uses 1 and 2). */
const SHUFFLE_SEEDS = 3;

/**
 * Trains the autoencoder (input = target) on `source`: the last `validationFraction` of the windows
 * validate, unshuffled and never trained on; the rest train in `batchSize` batches, shuffled each
 * epoch from `config.seed` if `config.shuffle`. MAE loss, Adam. Early stopping after
 * `earlyStoppingPatience` epochs without a lower validation loss; the best epoch's weights are
 * ALWAYS restored at the end (also when `maxEpochs` ran out). Windows are materialised one batch
 * at a time into one reused buffer. Creates no lasting tensors (the optimizer is disposed).
 *
 * Why a custom loop rather than `model.fit`: fit needs all windows as one tensor (or a tf.data
 * pipeline), shuffles with `Math.random`, has no abort but a flag checked between batches, and
 * tfjs's EarlyStopping cannot restore the best weights. Here each of those is a few lines.
 */
export async function trainModel(
	model: tf.LayersModel,
	source: WindowSource,
	config: ModelConfig,
	options: TrainOptions = {}
): Promise<TrainResult> {
	const { signal, onBatch, onEpoch } = options;
	assertModelFits(model, source);
	const split = splitWindows(source.count, config.validationFraction);
	if (!split.ok) return { ok: false, reason: 'too-few-windows', message: split.message };
	const { trainWindows, validationWindows } = split;
	const { windowLength, channelCount } = source;
	const stride = windowLength * channelCount;
	const buffer = new Float32Array(Math.min(config.batchSize, trainWindows) * stride);
	const random = new SeededRandom(deriveSeed(config.seed, SHUFFLE_SEEDS));
	const batchesPerEpoch = Math.ceil(trainWindows / config.batchSize);
	const totalWindows = trainWindows * config.maxEpochs;
	const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
	const optimizer = tf.train.adam(config.optimizer.learningRate);
	const history = { loss: [] as number[], valLoss: [] as number[] };
	const start = performance.now();
	let best: { epoch: number; valLoss: number; weights: tf.Tensor[] } | undefined;
	let stoppedEarly = false;
	let lastYield = start;

	const mae = (x: tf.Tensor, training: boolean) =>
		tf.mean(tf.abs(tf.sub(model.apply(x, { training }) as tf.Tensor, x))) as tf.Scalar;
	const batchTensor = (n: number) =>
		tf.tensor3d(buffer.subarray(0, n * stride), [n, windowLength, channelCount]);

	try {
		for (let epoch = 0; epoch < config.maxEpochs; epoch++) {
			const order = trainingOrder(trainWindows, config.shuffle ? random : undefined);
			const epochStart = performance.now();
			let lossSum = 0;
			for (let b = 0; b < batchesPerEpoch; b++) {
				if (signal?.aborted) throw abortError('training');
				const first = b * config.batchSize;
				const n = Math.min(config.batchSize, trainWindows - first);
				for (let k = 0; k < n; k++) {
					source.fill(order[first + k]!, 1, buffer.subarray(k * stride, (k + 1) * stride));
				}
				// The tensor may alias `buffer` (cpu backend): it is disposed before the next fill.
				const lossTensor = tf.tidy(() =>
					optimizer.minimize(() => mae(batchTensor(n), true), true, variables)!
				);
				const loss = (await lossTensor.data())[0]!;
				lossTensor.dispose();
				lossSum += loss * n;
				const now = performance.now();
				const done = epoch * trainWindows + first + n;
				onBatch?.({
					epoch,
					batch: b,
					batchesPerEpoch,
					loss,
					windowsPerSecond: ((first + n) * 1000) / Math.max(now - epochStart, 1e-3),
					etaSeconds: (((now - start) / 1000) * (totalWindows - done)) / done
				});
				// A macrotask now and then, so an abort from a timer or message can land.
				if (now - lastYield > 50) lastYield = await yieldToEventLoop();
			}
			const trainSeconds = (performance.now() - epochStart) / 1000;
			const valLoss = await validationLoss(
				source,
				trainWindows,
				validationWindows,
				buffer,
				(n) => tf.tidy(() => mae(batchTensor(n), false)),
				signal
			);
			history.loss.push(lossSum / trainWindows);
			history.valLoss.push(valLoss);
			// NaN never counts as an improvement (relu LSTMs can blow up).
			const minDelta = config.earlyStoppingMinDelta;
			if (Number.isFinite(valLoss) && (best === undefined || valLoss < best.valLoss - minDelta)) {
				if (best) tf.dispose(best.weights);
				best = { epoch, valLoss, weights: model.getWeights().map((w) => tf.clone(w)) };
			}
			const bestEpoch = best?.epoch ?? -1;
			const done = (epoch + 1) * trainWindows;
			onEpoch?.({
				epoch,
				loss: lossSum / trainWindows,
				valLoss,
				windowsPerSecond: trainWindows / Math.max(trainSeconds, 1e-6),
				etaSeconds: (((performance.now() - start) / 1000) * (totalWindows - done)) / done,
				bestEpoch
			});
			// Keras' rule: stop once `patience` epochs in a row have not improved by `minDelta`.
			if (epoch - bestEpoch >= config.earlyStoppingPatience) {
				stoppedEarly = epoch + 1 < config.maxEpochs;
				break;
			}
		}
		if (best === undefined) {
			return {
				ok: false,
				reason: 'diverged',
				message: `validation loss was never finite: ${history.valLoss.join(', ')}`
			};
		}
		model.setWeights(best.weights);
		return {
			ok: true,
			history,
			bestEpoch: best.epoch,
			bestValLoss: best.valLoss,
			stoppedEarly,
			durationMs: performance.now() - start,
			trainWindows,
			validationWindows
		};
	} finally {
		if (best) tf.dispose(best.weights);
		optimizer.dispose();
	}
}

/** Mean loss over the validation windows `[from, from + count)`, in order, batch by batch. */
async function validationLoss(
	source: WindowSource,
	from: number,
	count: number,
	buffer: Float32Array,
	batchLoss: (n: number) => tf.Scalar,
	signal: AbortSignal | undefined
): Promise<number> {
	const stride = source.windowLength * source.channelCount;
	const batchSize = buffer.length / stride;
	let sum = 0;
	for (let first = 0; first < count; first += batchSize) {
		if (signal?.aborted) throw abortError('training');
		const n = Math.min(batchSize, count - first);
		source.fill(from + first, n, buffer);
		const loss = batchLoss(n);
		sum += (await loss.data())[0]! * n;
		loss.dispose();
	}
	return sum / count;
}
