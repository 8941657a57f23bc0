import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import { assert } from '../../../core/assert';
import { runFusedPass } from './fused-pass';
import { activationOf, lstmSizes } from './lstm-shapes';
import { FORWARD_SHADER } from './shaders';
import { matMul, viewAs, zeros } from './tfjs-kernels';

/**
 * `VigilLstmForward` on the webgpu backend (contract: `../lstm-contract.ts`). Two dispatches:
 * x·kernel + bias for all steps as one tfjs matmul, [batch·time, features] · [features, 4·units],
 * then the whole recurrence in one pass of `FORWARD_SHADER`, which writes h, c and the gates.
 */
export const lstmForwardWebGpu: KernelFunc = ({ inputs, backend, attrs }) => {
	const gpu = backend as WebGPUBackend;
	const { x, kernel, recurrentKernel, bias } = inputs;
	assert(bias, 'fused LSTM: input bias is missing');
	const sizes = lstmSizes(x, kernel, recurrentKernel, bias);
	const activation = activationOf(attrs);
	const { batch, time, features, units } = sizes;
	const stateShape = [batch, time, units];
	const gatesShape = [batch, time, 4 * units];
	if (batch * time === 0) {
		return [zeros(gpu, stateShape), zeros(gpu, stateShape), zeros(gpu, gatesShape)];
	}
	const xw = matMul(gpu, viewAs(x!, [batch * time, features]), kernel!, { bias });
	const outputs: TensorInfo[] = [
		gpu.makeTensorInfo(stateShape, 'float32'),
		gpu.makeTensorInfo(stateShape, 'float32'),
		gpu.makeTensorInfo(gatesShape, 'float32')
	];
	try {
		runFusedPass(gpu, {
			name: 'VigilLstmForwardRecurrence',
			code: FORWARD_SHADER,
			batch,
			time,
			units,
			relu: activation === 'relu',
			buffers: [xw, recurrentKernel!, ...outputs]
		});
	} catch (error) {
		for (const output of outputs) gpu.disposeData(output.dataId);
		throw error;
	} finally {
		gpu.disposeData(xw.dataId);
	}
	return outputs;
};
