import type { KernelFunc } from '@tensorflow/tfjs';
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import { assert } from '../../../core/assert';
import { runFusedPass } from './fused-pass';
import { activationOf, lstmSizes } from './lstm-shapes';
import { FORWARD_SHADER } from './shaders';
import { interleaveGates, matMul, viewAs, zeros } from './tfjs-kernels';

/**
 * `VigilLstmForward` on the webgpu backend (contract: `../lstm-contract.ts`). Three dispatches:
 * x·kernel + bias for all steps as one tfjs matmul, [batch·time, features] · [features, 4·units],
 * the recurrent kernel re-laid out for vec4 loads (a tfjs transpose of units × 4·units), then the
 * whole recurrence in one pass of `FORWARD_SHADER`, which writes h, c and the gates.
 * With `saveForBackward: false` (inference) c and the gates come back as empty [0] tensors and the
 * pass skips writing them: the gates are 4× the bytes of h.
 */
export const lstmForwardWebGpu: KernelFunc = ({ inputs, backend, attrs }) => {
	const gpu = backend as WebGPUBackend;
	const { x, kernel, recurrentKernel, bias } = inputs;
	assert(bias, 'fused LSTM: input bias is missing');
	const sizes = lstmSizes(x, kernel, recurrentKernel, bias);
	const activation = activationOf(attrs);
	const saveState = attrs?.['saveForBackward'] !== false;
	const { batch, time, features, units } = sizes;
	const stateShape = [batch, time, units];
	const gatesShape = [batch, time, 4 * units];
	if (batch * time === 0) {
		return [zeros(gpu, stateShape), zeros(gpu, stateShape), zeros(gpu, gatesShape)];
	}
	const xw = matMul(gpu, viewAs(x!, [batch * time, features]), kernel!, { bias });
	const recurrentGates = interleaveGates(gpu, recurrentKernel!);
	// Without saveState the shader never writes c and gates, but every binding needs a buffer.
	const h = gpu.makeTensorInfo(stateShape, 'float32');
	const c = gpu.makeTensorInfo(saveState ? stateShape : [1], 'float32');
	const gates = gpu.makeTensorInfo(saveState ? gatesShape : [1], 'float32');
	try {
		runFusedPass(gpu, {
			name: 'VigilLstmForwardRecurrence',
			code: FORWARD_SHADER,
			batch,
			time,
			units,
			relu: activation === 'relu',
			saveState,
			buffers: [xw, recurrentGates, h, c, gates]
		});
	} catch (error) {
		for (const output of [h, c, gates]) gpu.disposeData(output.dataId);
		throw error;
	} finally {
		gpu.disposeData(xw.dataId);
		gpu.disposeData(recurrentGates.dataId);
	}
	if (saveState) return [h, c, gates];
	gpu.disposeData(c.dataId);
	gpu.disposeData(gates.dataId);
	return [h, zeros(gpu, [0]), zeros(gpu, [0])];
};
