import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import { runFusedPass } from './fused-pass';
import { activationOf, expectSequence, lstmSizes } from './lstm-shapes';
import { BACKWARD_SHADER } from './shaders';
import { columnSums, interleaveGatesTransposed, matMul, viewAs, zeros } from './tfjs-kernels';

/**
 * `VigilLstmBackward` on the webgpu backend (contract: `../lstm-contract.ts`). The recurrence of
 * dh and dc through time runs in one pass of `BACKWARD_SHADER`, which writes dz (the gradient of
 * the gates' pre-activations, [batch·time, 4·units]) and h shifted by one step; the rest are tfjs
 * matmuls over all steps at once:
 *   dx = dz · kernelᵀ,  dKernel = xᵀ · dz,  dRecurrentKernel = hPrevᵀ · dz,  dBias = Σ_rows dz.
 * Seven dispatches in all: the recurrent kernel re-laid out (a transpose), the pass, three
 * matmuls, and a fill of ones and a matmul for the bias sum.
 */
export const lstmBackwardWebGpu: KernelFunc = ({ inputs, backend, attrs }) => {
	const gpu = backend as WebGPUBackend;
	const { dh, x, kernel, recurrentKernel, h, c, gates } = inputs;
	const sizes = lstmSizes(x, kernel, recurrentKernel);
	const { batch, time, features, units } = sizes;
	expectSequence('dh', dh, sizes, units);
	expectSequence('h', h, sizes, units);
	expectSequence('c', c, sizes, units);
	expectSequence('gates', gates, sizes, 4 * units);
	const activation = activationOf(attrs);
	const rows = batch * time;
	if (rows === 0) {
		return [
			zeros(gpu, [batch, time, features]),
			zeros(gpu, [features, 4 * units]),
			zeros(gpu, [units, 4 * units]),
			zeros(gpu, [4 * units])
		];
	}
	const temporaries: TensorInfo[] = [];
	try {
		const recurrentGatesT = interleaveGatesTransposed(gpu, recurrentKernel!);
		temporaries.push(recurrentGatesT);
		const dz = gpu.makeTensorInfo([rows, 4 * units], 'float32');
		temporaries.push(dz);
		const hPrev = gpu.makeTensorInfo([rows, units], 'float32');
		temporaries.push(hPrev);
		runFusedPass(gpu, {
			name: 'VigilLstmBackwardRecurrence',
			code: BACKWARD_SHADER,
			batch,
			time,
			units,
			relu: activation === 'relu',
			saveState: true,
			buffers: [dh!, recurrentGatesT, h!, c!, gates!, dz, hPrev]
		});
		const x2d = viewAs(x!, [rows, features]);
		const dx = viewAs(matMul(gpu, dz, kernel!, { transposeB: true }), [batch, time, features]);
		const dKernel = matMul(gpu, x2d, dz, { transposeA: true });
		const dRecurrentKernel = matMul(gpu, hPrev, dz, { transposeA: true });
		const dBias = columnSums(gpu, dz);
		return [dx, dKernel, dRecurrentKernel, dBias];
	} finally {
		for (const tensor of temporaries) gpu.disposeData(tensor.dataId);
	}
};
