import * as tf from '@tensorflow/tfjs';
import { LSTM_BACKWARD_KERNEL, LSTM_FORWARD_KERNEL } from '../lstm-contract';
import { lstmBackwardWebGpu } from './backward-kernel';
import { lstmForwardWebGpu } from './forward-kernel';

/**
 * Registers `VigilLstmForward` and `VigilLstmBackward` for tfjs's `webgpu` backend. Idempotent
 * (tfjs warns on a second registration). Needs no WebGPU at registration time: the kernels only run
 * once the webgpu backend is active, and they use that backend's own device.
 */
export function registerWebGpuLstmKernels(): void {
	const kernels = [
		{ kernelName: LSTM_FORWARD_KERNEL, kernelFunc: lstmForwardWebGpu },
		{ kernelName: LSTM_BACKWARD_KERNEL, kernelFunc: lstmBackwardWebGpu }
	];
	for (const { kernelName, kernelFunc } of kernels) {
		if (tf.getKernel(kernelName, 'webgpu')) continue;
		tf.registerKernel({ kernelName, backendName: 'webgpu', kernelFunc });
	}
}
