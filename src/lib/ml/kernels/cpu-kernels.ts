import * as tf from '@tensorflow/tfjs';
import { assert } from '../../core/assert';
import {
	LSTM_BACKWARD_KERNEL,
	LSTM_FORWARD_KERNEL,
	type LstmActivation,
	type LstmKernelAttrs
} from './lstm-contract';
import { lstmBackwardReference, lstmForwardReference, type LstmDims } from './reference';

/** The two methods of tfjs's cpu backend used here (its class is not exported by tfjs). */
interface CpuBackendLike {
	readSync(dataId: object): tf.backend_util.BackendValues;
	makeTensorInfo(shape: number[], dtype: tf.DataType, values: Float32Array): tf.TensorInfo;
}

function read(backend: CpuBackendLike, tensor: tf.TensorInfo | undefined, name: string) {
	assert(tensor !== undefined, `fused LSTM (cpu): input ${name} is missing`);
	const values = backend.readSync(tensor.dataId);
	assert(values instanceof Float32Array, `fused LSTM (cpu): ${name} must be float32`);
	return values;
}

function dimsOf(x: tf.TensorInfo, recurrent: tf.TensorInfo): LstmDims {
	const [batch, time, features] = x.shape as [number, number, number];
	return { batch, time, features, units: recurrent.shape[0]! };
}

function activationOf(attrs: tf.NamedAttrMap | undefined): LstmActivation {
	const activation = (attrs as LstmKernelAttrs | undefined)?.activation;
	assert(
		activation === 'tanh' || activation === 'relu',
		`fused LSTM: activation must be 'tanh' or 'relu', got ${String(activation)}`
	);
	return activation;
}

const forward: tf.KernelFunc = ({ inputs, backend, attrs }) => {
	const cpu = backend as unknown as CpuBackendLike;
	const dims = dimsOf(inputs['x']!, inputs['recurrentKernel']!);
	const { h, c, gates } = lstmForwardReference(
		dims,
		read(cpu, inputs['x'], 'x'),
		read(cpu, inputs['kernel'], 'kernel'),
		read(cpu, inputs['recurrentKernel'], 'recurrentKernel'),
		read(cpu, inputs['bias'], 'bias'),
		activationOf(attrs)
	);
	const { batch, time, units } = dims;
	return [
		cpu.makeTensorInfo([batch, time, units], 'float32', h),
		cpu.makeTensorInfo([batch, time, units], 'float32', c),
		cpu.makeTensorInfo([batch, time, 4 * units], 'float32', gates)
	];
};

const backward: tf.KernelFunc = ({ inputs, backend, attrs }) => {
	const cpu = backend as unknown as CpuBackendLike;
	const dims = dimsOf(inputs['x']!, inputs['recurrentKernel']!);
	const grads = lstmBackwardReference(
		dims,
		read(cpu, inputs['dh'], 'dh'),
		read(cpu, inputs['x'], 'x'),
		read(cpu, inputs['kernel'], 'kernel'),
		read(cpu, inputs['recurrentKernel'], 'recurrentKernel'),
		read(cpu, inputs['h'], 'h'),
		read(cpu, inputs['c'], 'c'),
		read(cpu, inputs['gates'], 'gates'),
		activationOf(attrs)
	);
	const { batch, time, features, units } = dims;
	return [
		cpu.makeTensorInfo([batch, time, features], 'float32', grads.dx),
		cpu.makeTensorInfo([features, 4 * units], 'float32', grads.dKernel),
		cpu.makeTensorInfo([units, 4 * units], 'float32', grads.dRecurrentKernel),
		cpu.makeTensorInfo([4 * units], 'float32', grads.dBias)
	];
};

/** Registers the plain-JS reference kernels for tfjs's `cpu` backend (idempotent). */
export function registerCpuLstmKernels(): void {
	for (const [kernelName, kernelFunc] of [
		[LSTM_FORWARD_KERNEL, forward],
		[LSTM_BACKWARD_KERNEL, backward]
	] as const) {
		if (!tf.getKernel(kernelName, 'cpu')) {
			tf.registerKernel({ kernelName, backendName: 'cpu', kernelFunc });
		}
	}
}
