import * as tf from '@tensorflow/tfjs';
import type { NamedAttrMap, NamedTensorInfoMap, TensorInfo } from '@tensorflow/tfjs';
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import { assert } from '../../../core/assert';

/**
 * tfjs's own webgpu kernels, called from inside our kernels the way tfjs composes its kernels:
 * through the kernel registry, on `TensorInfo`s, so no intermediate becomes an engine-tracked
 * tensor. Every intermediate must be released with `backend.disposeData(info.dataId)`.
 */
export function runWebGpuKernel(
	kernelName: string,
	backend: WebGPUBackend,
	inputs: NamedTensorInfoMap,
	attrs: NamedAttrMap = {}
): TensorInfo {
	const config = tf.getKernel(kernelName, 'webgpu');
	assert(config, `tfjs's webgpu backend has no ${kernelName} kernel registered`);
	const out = config.kernelFunc({ inputs, backend, attrs });
	assert(!Array.isArray(out), `${kernelName} returned ${(out as TensorInfo[]).length} tensors`);
	return out;
}

/** The same data seen with another shape of equal size (no copy, no reference counted). */
export function viewAs(tensor: TensorInfo, shape: number[]): TensorInfo {
	const size = shape.reduce((a, b) => a * b, 1);
	const ownSize = tensor.shape.reduce((a, b) => a * b, 1);
	assert(size === ownSize, `cannot view [${tensor.shape}] as [${shape}]`);
	return { dataId: tensor.dataId, shape, dtype: tensor.dtype };
}

/** a·b of two matrices, optionally transposed, plus a bias row: one tfjs matmul dispatch. */
export function matMul(
	backend: WebGPUBackend,
	a: TensorInfo,
	b: TensorInfo,
	options: { transposeA?: boolean; transposeB?: boolean; bias?: TensorInfo } = {}
): TensorInfo {
	const { transposeA = false, transposeB = false, bias } = options;
	if (bias) {
		return runWebGpuKernel(
			tf._FusedMatMul,
			backend,
			{ a, b, bias },
			{ transposeA, transposeB, activation: 'linear', leakyreluAlpha: 0 }
		);
	}
	return runWebGpuKernel(tf.BatchMatMul, backend, { a, b }, { transposeA, transposeB });
}

/**
 * The recurrent kernel [units, 4·units] (gate blocks i, f, g, o) as [units, units, 4]: entry
 * [k][j] holds the four gate columns of unit j in row k, the forward shader's vec4 per lane.
 */
export function interleaveGates(backend: WebGPUBackend, recurrentKernel: TensorInfo): TensorInfo {
	const units = recurrentKernel.shape[0]!;
	const blocks = viewAs(recurrentKernel, [units, 4, units]);
	return runWebGpuKernel(tf.Transpose, backend, { x: blocks }, { perm: [0, 2, 1] });
}

/**
 * The recurrent kernel [units, 4·units] as [units, units, 4] with entry [k][j] = row j at the four
 * gate columns of unit k: the backward shader's vec4 per lane, for dh = dz · Rᵀ.
 */
export function interleaveGatesTransposed(
	backend: WebGPUBackend,
	recurrentKernel: TensorInfo
): TensorInfo {
	const units = recurrentKernel.shape[0]!;
	const blocks = viewAs(recurrentKernel, [units, 4, units]);
	return runWebGpuKernel(tf.Transpose, backend, { x: blocks }, { perm: [2, 0, 1] });
}

/** Column sums of a [rows, cols] matrix, as ones[1, rows] · x: one matmul, no transposed copy. */
export function columnSums(backend: WebGPUBackend, x: TensorInfo): TensorInfo {
	const [rows, cols] = x.shape as [number, number];
	const ones = runWebGpuKernel(
		tf.Fill,
		backend,
		{},
		{ shape: [1, rows], value: 1, dtype: 'float32' }
	);
	try {
		return viewAs(matMul(backend, ones, x), [cols]);
	} finally {
		backend.disposeData(ones.dataId);
	}
}

/** A float32 tensor of zeros on the backend (for the empty-batch edge case). */
export function zeros(backend: WebGPUBackend, shape: number[]): TensorInfo {
	return backend.makeTensorInfo(
		shape,
		'float32',
		new Float32Array(shape.reduce((a, b) => a * b, 1))
	);
}
