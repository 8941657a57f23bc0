import * as tf from '@tensorflow/tfjs';
import { assert } from '../core/assert';
import type { WindowSource } from '../core/windowing';
import { abortError } from './abort';
import { assertModelFits } from './model';

/**
 * Reconstruction errors of windows `0..count-1`, as transferable typed arrays (scaled units).
 * For window w, time step t, channel c let e[w,t,c] = |reconstruction − input|.
 */
export interface WindowScores {
	/** `[count]`: Σ_c mean_t e[w,t,c]: the window's anomaly score (SKAB's). */
	readonly scores: Float32Array;
	/**
	 * `[count][channelCount]` row-major: channel c's share mean_t e[w,t,c] / score[w]. Each row sums
	 * to 1; a window with no error at all gets equal shares (1 / channelCount), never NaN.
	 */
	readonly attribution: Float32Array;
	/**
	 * `[count][windowLength]` row-major, only if asked for: Σ_c e[w,t,c], the error of each time
	 * step, so that `scores[w]` is the mean of row w.
	 */
	readonly timestepErrors?: Float32Array;
}

export interface ScoreOptions {
	/** Windows per forward pass; memory is bounded by this, not by the window count. */
	readonly batchSize: number;
	readonly timestepErrors?: boolean;
	/** Checked before every batch; aborting rejects with an error named `AbortError`. */
	readonly signal?: AbortSignal;
}

/**
 * Scores every window of `source` with `model`, one batch at a time through one reused buffer,
 * each batch inside `tf.tidy`. Leaves no tensors behind.
 */
export async function scoreWindows(
	model: tf.LayersModel,
	source: WindowSource,
	options: ScoreOptions
): Promise<WindowScores> {
	const { windowLength, channelCount, count } = source;
	assertModelFits(model, source);
	assert(
		Number.isInteger(options.batchSize) && options.batchSize >= 1,
		`bad batch size ${options.batchSize}`
	);
	const batchSize = Math.max(1, Math.min(options.batchSize, count));
	const stride = windowLength * channelCount;
	const buffer = new Float32Array(batchSize * stride);
	const scores = new Float32Array(count);
	const attribution = new Float32Array(count * channelCount);
	const timestepErrors = options.timestepErrors
		? new Float32Array(count * windowLength)
		: undefined;
	const evenShare = 1 / channelCount;

	for (let first = 0; first < count; first += batchSize) {
		if (options.signal?.aborted) throw abortError('scoring');
		const n = Math.min(batchSize, count - first);
		source.fill(first, n, buffer);
		const outputs = tf.tidy(() => {
			// May alias `buffer` (cpu backend): every tensor is read and disposed before the next fill.
			const x = tf.tensor3d(buffer.subarray(0, n * stride), [n, windowLength, channelCount]);
			const error = tf.abs(tf.sub(model.apply(x, { training: false }) as tf.Tensor3D, x)); // [n, time, channel]
			const perChannel = tf.mean(error, 1); // [n, channel]
			const score = tf.sum(perChannel, 1); // [n]
			const hasError = tf.greater(score, 0);
			const safeScore = tf.where(hasError, score, tf.onesLike(score)).expandDims(1);
			const share = tf.where(
				hasError.expandDims(1).tile([1, channelCount]),
				tf.div(perChannel, safeScore),
				tf.fill([n, channelCount], evenShare)
			);
			return timestepErrors ? [score, share, tf.sum(error, 2)] : [score, share];
		});
		const values = await Promise.all(outputs.map((t) => t.data<'float32'>()));
		tf.dispose(outputs);
		scores.set(values[0]!, first);
		attribution.set(values[1]!, first * channelCount);
		if (timestepErrors) timestepErrors.set(values[2]!, first * windowLength);
	}
	return timestepErrors ? { scores, attribution, timestepErrors } : { scores, attribution };
}
