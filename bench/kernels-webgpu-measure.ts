/**
 * The WebGPU parts of `bench/kernels-webgpu.ts`'s measurements: choosing the LSTM path on webgpu,
 * waiting for the GPU queue (`gpuIdle`, passed as the timing's `settle`, so all GPU work is inside
 * the time), and the fused LSTM op alone. Training and scoring steps are bench/kernels/measure.ts's,
 * the same as on the other backends.
 */
import * as tf from '@tensorflow/tfjs';
import { SeededRandom } from '../src/lib/core/random';
import { LSTM_BACKWARD_KERNEL, LSTM_FORWARD_KERNEL } from '../src/lib/ml/kernels/lstm-contract';
import { fusedLstm } from '../src/lib/ml/kernels/lstm-op';
import { registerWebGpuLstmKernels } from '../src/lib/ml/kernels/webgpu/register';
import {
	randomWindows,
	time,
	type CallTiming,
	type LstmPath,
	type TimingOptions
} from './kernels/measure';

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

/**
 * Waits until the GPU has finished everything submitted. Reading a tensor alone is not enough on
 * Dawn + SwiftShader: measured here, `await data()` of a training step's loss returned after
 * 1 ms while `queue.onSubmittedWorkDone()` then took 2.3 s more (the step's real GPU time).
 */
export async function gpuIdle(): Promise<void> {
	const backend = tf.backend() as unknown as { device?: GPUDevice };
	await backend.device?.queue.onSubmittedWorkDone();
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
): Promise<CallTiming> {
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
