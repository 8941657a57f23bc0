import type * as tfjs from '@tensorflow/tfjs';
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import { LSTM_BACKWARD_KERNEL, LSTM_FORWARD_KERNEL } from '../lstm-contract';
import {
	jsForward,
	makeLstmData,
	relativeError,
	tfjsReference,
	type LstmCase,
	type Tfjs
} from './lstm-reference';

/**
 * TESTS AND BENCHMARKS ONLY. Runs one case through the fused webgpu kernels (straight through
 * `runKernel`, as the op will) and returns the relative error of every output against the
 * references, plus what leaked. Leaves the webgpu backend active.
 */
export interface FusedCheck {
	/** Per tensor: max |fused − reference| / max |reference|. */
	readonly errors: Record<string, number>;
	/** h of the float64 JS reference against tfjs's layer: checks the reference itself. */
	readonly referenceAgreement: number;
	/** Engine tensors and backend data ids left behind by the two kernels (0 and 0 expected). */
	readonly leakedTensors: number;
	readonly leakedDataIds: number;
	/** The first WebGPU validation error raised by the kernels, if any. */
	readonly gpuError: string | null;
}

export async function checkFusedLstm(tf: Tfjs, c: LstmCase): Promise<FusedCheck> {
	const data = makeLstmData(c);
	await tf.setBackend('cpu');
	const reference = await tfjsReference(tf, c, data);
	const js = jsForward(c, data);
	await tf.setBackend('webgpu');
	if (tf.getBackend() !== 'webgpu')
		throw new Error(`webgpu is not running (got ${tf.getBackend()})`);
	const backend = tf.backend() as unknown as WebGPUBackend;
	const { batch, time, features, units } = c;
	const inputs = {
		x: tf.tensor3d(data.x, [batch, time, features]),
		kernel: tf.tensor2d(data.kernel, [features, 4 * units]),
		recurrentKernel: tf.tensor2d(data.recurrentKernel, [units, 4 * units]),
		bias: tf.tensor1d(data.bias)
	};
	const dh = tf.tensor3d(data.dh, [batch, time, units]);
	const attrs = { activation: c.activation };
	const tensorsBefore = tf.memory().numTensors;
	const dataIdsBefore = backend.numDataIds();
	backend.device.pushErrorScope('validation');
	const [h, cell, gates] = tf
		.engine()
		.runKernel(LSTM_FORWARD_KERNEL, inputs, attrs) as tfjs.Tensor[];
	const grads = tf
		.engine()
		.runKernel(
			LSTM_BACKWARD_KERNEL,
			{ dh, ...inputs, h: h!, c: cell!, gates: gates! },
			attrs
		) as tfjs.Tensor[];
	const gpuError = await backend.device.popErrorScope();
	const outputs = [h!, cell!, gates!, ...grads];
	const [hData, cData, gatesData, dx, dKernel, dRecurrentKernel, dBias] = await Promise.all(
		outputs.map((t) => t.data() as Promise<Float32Array>)
	);
	tf.dispose(outputs);
	const leakedTensors = tf.memory().numTensors - tensorsBefore;
	const leakedDataIds = backend.numDataIds() - dataIdsBefore;
	tf.dispose([...Object.values(inputs), dh]);
	return {
		errors: {
			h: relativeError(hData!, reference.h),
			c: relativeError(cData!, js.c),
			gates: relativeError(gatesData!, js.gates),
			dx: relativeError(dx!, reference.dx),
			dKernel: relativeError(dKernel!, reference.dKernel),
			dRecurrentKernel: relativeError(dRecurrentKernel!, reference.dRecurrentKernel),
			dBias: relativeError(dBias!, reference.dBias)
		},
		referenceAgreement: relativeError(js.h, reference.h),
		leakedTensors,
		leakedDataIds,
		gpuError: gpuError ? gpuError.message : null
	};
}
