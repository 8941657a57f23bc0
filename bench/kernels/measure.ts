/**
 * Measurements behind `npm run bench:kernels`, for any backend: the LSTM autoencoder trained and
 * scored through the fused kernels or tfjs's own LSTM. Every timed call ends by reading back its
 * small result (the loss; the window scores), as the app's training loop and scorer do, so
 * asynchronous backends are inside the time too.
 */
import * as tf from '@tensorflow/tfjs';
import { SeededRandom } from '../../src/lib/core/random';
import type { ModelConfig } from '../../src/lib/ml/config';
import { LSTM_BACKWARD_KERNEL, LSTM_FORWARD_KERNEL } from '../../src/lib/ml/kernels/lstm-contract';
import { buildModel } from '../../src/lib/ml/model';

export type LstmPath = 'fused' | 'reference';

export interface TimingOptions {
	/** Untimed calls first (WASM tier-up, shader compilation, buffer pools). */
	readonly warmup: number;
	/** Timed calls go on until both minimums are reached. */
	readonly minSeconds: number;
	readonly minIterations: number;
	/**
	 * Waits for work a backend still runs after the result was read (WebGPU: the GPU queue); called
	 * after the warm-up and inside the time of every call.
	 */
	readonly settle?: () => Promise<void>;
}

export interface Timing {
	readonly batch: number;
	readonly iterations: number;
	/** Windows per second over all timed calls. */
	readonly windowsPerS: number;
	/** Median wall time of one call (at batch 1: the latency). */
	readonly medianMs: number;
	/** FusedLstm's fallback reason per LSTM layer after the last call: null = fused. */
	readonly lstmPaths: (string | null)[];
}

const saved = new Map<string, tf.KernelConfig>();

/**
 * Makes FusedLstm layers on `backend` take the fused kernels ('fused') or tfjs's own LSTM
 * ('reference', by unregistering the fused kernels, which FusedLstm then does not find).
 */
export function selectLstmPath(backend: string, path: LstmPath): void {
	for (const kernelName of [LSTM_FORWARD_KERNEL, LSTM_BACKWARD_KERNEL]) {
		const key = `${kernelName}|${backend}`;
		const registered = tf.getKernel(kernelName, backend);
		if (path === 'reference' && registered) {
			saved.set(key, registered);
			tf.unregisterKernel(kernelName, backend);
		} else if (path === 'fused' && !registered) {
			const config = saved.get(key);
			if (!config) throw new Error(`no fused ${kernelName} kernel for ${backend}`);
			tf.registerKernel(config);
		}
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

/** FusedLstm's `lastFallbackReason` of every LSTM layer (null: fused). */
export function lstmPaths(model: tf.LayersModel): (string | null)[] {
	return model.layers
		.filter((layer) => layer.getClassName() === 'LSTM')
		.map((layer) => {
			const reason = (layer as unknown as { lastFallbackReason?: string | null })
				.lastFallbackReason;
			return reason === undefined ? 'not a FusedLstm' : reason;
		});
}

/** A timing of plain calls (no model): the fused op alone. */
export type CallTiming = Omit<Timing, 'lstmPaths'>;

/** Calls `call` (after `options.warmup` untimed calls) until both minimums are reached. */
export async function time(
	batch: number,
	options: TimingOptions,
	call: () => Promise<void>
): Promise<CallTiming> {
	for (let i = 0; i < options.warmup; i++) await call();
	await options.settle?.();
	const durations: number[] = [];
	const started = performance.now();
	while (
		durations.length < options.minIterations ||
		performance.now() - started < options.minSeconds * 1000
	) {
		const t0 = performance.now();
		await call();
		await options.settle?.();
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

/** Training steps as train.ts takes them: Adam on the MAE reconstruction loss of one batch. */
export async function timeTraining(
	config: ModelConfig,
	channels: number,
	batch: number,
	options: TimingOptions
): Promise<Timing> {
	const model = buildModel(config, channels);
	const optimizer = tf.train.adam(config.optimizer.learningRate);
	const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
	const x = randomWindows(batch, config.windowLength, channels);
	const timing = await time(batch, options, async () => {
		const loss = tf.tidy(() =>
			optimizer.minimize(
				() =>
					tf.mean(tf.abs(tf.sub(model.apply(x, { training: true }) as tf.Tensor, x))) as tf.Scalar,
				true,
				variables
			)!
		);
		await loss.data();
		loss.dispose();
	});
	const paths = lstmPaths(model);
	tf.dispose(x);
	optimizer.dispose();
	model.dispose();
	return { ...timing, lstmPaths: paths };
}

/** Scoring as score.ts: reconstruct, then each window's Σ_channels mean_time |error|, read back. */
export async function timeScoring(
	config: ModelConfig,
	channels: number,
	batch: number,
	options: TimingOptions
): Promise<Timing> {
	const model = buildModel(config, channels);
	const x = randomWindows(batch, config.windowLength, channels);
	const timing = await time(batch, options, async () => {
		const scores = tf.tidy(() => {
			// apply, as score.ts does: predict would split the batch into batches of 32.
			const y = model.apply(x, { training: false }) as tf.Tensor;
			return tf.sum(tf.mean(tf.abs(tf.sub(y, x)), 1), 1);
		});
		await scores.data();
		scores.dispose();
	});
	const paths = lstmPaths(model);
	tf.dispose(x);
	model.dispose();
	return { ...timing, lstmPaths: paths };
}
