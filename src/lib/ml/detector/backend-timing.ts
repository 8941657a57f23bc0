import * as tf from '@tensorflow/tfjs';
import type { WindowSource } from '../../core/windowing';
import type { BackendName } from '../backends/probe';
import type { ModelConfig } from '../config';
import { buildModel } from '../model';

/** A backend whose first batch (shader compilation, wasm start) takes longer is not used here. */
export const WARMUP_BUDGET_MS = 15_000;
const TIMED_BATCHES = 3;

/**
 * Milliseconds per training batch (or per scoring batch) of the real model and data on
 * `backend`, after one warm-up batch so that shader compilation does not decide. Leaves
 * `backend` active and no tensors behind.
 */
export async function timeBatch(
	backend: BackendName,
	task: 'train' | 'score',
	config: ModelConfig,
	windows: WindowSource,
	scoreBatchSize: number
): Promise<number> {
	await tf.setBackend(backend);
	await tf.ready();
	const batchSize = Math.min(task === 'train' ? config.batchSize : scoreBatchSize, windows.count);
	const buffer = new Float32Array(batchSize * windows.windowLength * windows.channelCount);
	windows.fill(0, batchSize, buffer);
	const model = buildModel(config, windows.channelCount);
	const optimizer = tf.train.adam(config.optimizer.learningRate);
	const x = tf.tensor3d(buffer, [batchSize, windows.windowLength, windows.channelCount]);
	const step = async () => {
		if (task === 'score') {
			// apply, as score.ts does: predict would split the batch into calls of 32 windows and
			// time per-call overhead instead of the scoring the choice is for.
			const y = model.apply(x, { training: false }) as tf.Tensor;
			await y.data();
			y.dispose();
			return;
		}
		const loss = optimizer.minimize(
			() => tf.losses.absoluteDifference(x, model.apply(x) as tf.Tensor) as tf.Scalar,
			true
		);
		await loss?.data();
		loss?.dispose();
	};
	try {
		const warmStart = performance.now();
		await step();
		const warmupMs = performance.now() - warmStart;
		if (warmupMs > WARMUP_BUDGET_MS) {
			throw new Error(
				`its first batch took ${(warmupMs / 1000).toFixed(0)} s (over the ${WARMUP_BUDGET_MS / 1000} s budget)`
			);
		}
		const started = performance.now();
		for (let i = 0; i < TIMED_BATCHES; i++) await step();
		return (performance.now() - started) / TIMED_BATCHES;
	} finally {
		x.dispose();
		optimizer.dispose();
		model.dispose();
	}
}
