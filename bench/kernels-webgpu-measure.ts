/**
 * Measurements behind `bench/kernels-webgpu.ts`: an LSTM autoencoder trained and scored on tfjs's
 * webgpu backend, through the fused kernels or tfjs's own LSTM, and the fused LSTM op alone.
 * Every timed call ends with an `await data()` of its (small) result, as the app's training loop
 * (loss per batch) and scorer (scores per window) do, then waits for the GPU queue to drain, so
 * all GPU work is inside the time.
 */
import * as tf from '@tensorflow/tfjs';
import { SeededRandom } from '../src/lib/core/random';
import type { ModelConfig } from '../src/lib/ml/config';
import { LSTM_BACKWARD_KERNEL, LSTM_FORWARD_KERNEL } from '../src/lib/ml/kernels/lstm-contract';
import { fusedLstm } from '../src/lib/ml/kernels/lstm-op';
import { registerWebGpuLstmKernels } from '../src/lib/ml/kernels/webgpu/register';
import { buildModel } from '../src/lib/ml/model';

export type LstmPath = 'fused' | 'reference';

export interface TimingOptions {
	/** Untimed calls first (shader compilation, buffer pools). */
	readonly warmup: number;
	/** Timed calls go on until both minimums are reached. */
	readonly minSeconds: number;
	readonly minIterations: number;
}

export interface Timing {
	readonly batch: number;
	readonly iterations: number;
	readonly windowsPerS: number;
	/** Median wall time of one call. */
	readonly medianMs: number;
}

/** Makes FusedLstm layers take the fused kernels (true) or tfjs's own LSTM (false) on webgpu. */
export function selectLstmPath(path: LstmPath): void {
	if (path === 'fused') {
		registerWebGpuLstmKernels();
		return;
	}
	for (const kernel of [LSTM_FORWARD_KERNEL, LSTM_BACKWARD_KERNEL]) {
		if (tf.getKernel(kernel, 'webgpu')) tf.unregisterKernel(kernel, 'webgpu');
	}
}

/** Seeded N(0, 1) windows, [batch, windowLength, channels]. */
export function randomWindows(batch: number, windowLength: number, channels: number): tf.Tensor3D {
	const random = new SeededRandom(batch);
	const values = Float32Array.from({ length: batch * windowLength * channels }, () =>
		random.gaussian()
	);
	return tf.tensor3d(values, [batch, windowLength, channels]);
}

/**
 * Waits until the GPU has finished everything submitted. Reading a tensor alone is not enough on
 * Dawn + SwiftShader: measured here, `await data()` of a training step's loss returned after
 * 1 ms while `queue.onSubmittedWorkDone()` then took 2.3 s more (the step's real GPU time).
 */
async function gpuIdle(): Promise<void> {
	const backend = tf.backend() as unknown as { device?: GPUDevice };
	await backend.device?.queue.onSubmittedWorkDone();
}

async function time(
	batch: number,
	options: TimingOptions,
	call: () => Promise<void>
): Promise<Timing> {
	for (let i = 0; i < options.warmup; i++) await call();
	await gpuIdle();
	const durations: number[] = [];
	const started = performance.now();
	while (
		durations.length < options.minIterations ||
		performance.now() - started < options.minSeconds * 1000
	) {
		const t0 = performance.now();
		await call();
		await gpuIdle();
		durations.push(performance.now() - t0);
	}
	const seconds = (performance.now() - started) / 1000;
	durations.sort((a, b) => a - b);
	return {
		batch,
		iterations: durations.length,
		windowsPerS: (durations.length * batch) / seconds,
		medianMs: durations[Math.floor(durations.length / 2)]!
	};
}

/** FusedLstm's `lastFallbackReason` of every LSTM layer (null: fused) after the last call. */
export function lstmPaths(model: tf.LayersModel): (string | null)[] {
	return model.layers
		.filter((layer) => layer.getClassName() === 'LSTM')
		.map((layer) =>
			'lastFallbackReason' in layer
				? (layer.lastFallbackReason as string | null)
				: 'not a FusedLstm'
		);
}

/** Training steps (Adam, MAE reconstruction loss, as train.ts), windows per second. */
export async function timeTraining(
	config: ModelConfig,
	channels: number,
	batch: number,
	options: TimingOptions
): Promise<Timing & { paths: (string | null)[] }> {
	const model = buildModel(config, channels);
	const optimizer = tf.train.adam(config.optimizer.learningRate);
	const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
	const x = randomWindows(batch, config.windowLength, channels);
	const timing = await time(batch, options, async () => {
		const loss = optimizer.minimize(
			() => tf.losses.absoluteDifference(x, model.apply(x, { training: true }) as tf.Tensor),
			true,
			variables
		)!;
		await loss.data();
		loss.dispose();
	});
	const paths = lstmPaths(model);
	tf.dispose(x);
	optimizer.dispose();
	model.dispose();
	return { ...timing, paths };
}

/** Scoring: the model on the whole batch, then each window's score Σ_channels mean_time |error| (score.ts), read back. */
export async function timeScoring(
	config: ModelConfig,
	channels: number,
	batch: number,
	options: TimingOptions
): Promise<Timing & { paths: (string | null)[] }> {
	const model = buildModel(config, channels);
	const x = randomWindows(batch, config.windowLength, channels);
	const timing = await time(batch, options, async () => {
		const scores = tf.tidy(() => {
			// apply, as score.ts does: predict would split the batch into calls of 32 windows.
			const y = model.apply(x, { training: false }) as tf.Tensor;
			return tf.sum(tf.mean(tf.abs(tf.sub(y, x)), 1), 1);
		});
		await scores.data();
		scores.dispose();
	});
	const paths = lstmPaths(model);
	tf.dispose(x);
	model.dispose();
	return { ...timing, paths };
}

/**
 * The fused op alone at one layer's shape: forward without a tape (inference), and forward plus
 * backward (the gradients of Σ h). Shows how much of a model step the LSTM itself takes.
 */
export async function timeFusedLayer(
	shape: { batch: number; time: number; features: number; units: number },
	activation: 'tanh' | 'relu',
	backward: boolean,
	options: TimingOptions
): Promise<Timing> {
	const { batch, time: steps, features, units } = shape;
	const x = randomWindows(batch, steps, features);
	const random = new SeededRandom(7);
	const weight = (rows: number, scale: number) =>
		tf.tensor2d(
			Float32Array.from({ length: rows * 4 * units }, () => (2 * random.next() - 1) * scale),
			[rows, 4 * units]
		);
	const kernel = weight(features, 0.2);
	const recurrentKernel = weight(units, 0.1);
	const bias = tf.zeros([4 * units]);
	const timing = await time(batch, options, async () => {
		const out = backward
			? tf.tidy(() => {
					const grads = tf.grads((a, b, c, d) => tf.sum(fusedLstm(a!, b!, c!, d!, activation)))([
						x,
						kernel,
						recurrentKernel,
						bias
					]);
					return tf.addN(grads.map((g) => tf.sum(g)));
				})
			: tf.tidy(() => tf.sum(fusedLstm(x, kernel, recurrentKernel, bias, activation)));
		await out.data();
		out.dispose();
	});
	tf.dispose([x, kernel, recurrentKernel, bias]);
	return timing;
}
