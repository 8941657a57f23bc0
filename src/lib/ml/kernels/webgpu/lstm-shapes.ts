import type { NamedAttrMap, TensorInfo } from '@tensorflow/tfjs';
import { assert } from '../../../core/assert';
import type { LstmActivation } from '../lstm-contract';
import { MAX_FUSED_UNITS } from './shaders';

/** Sizes of one fused LSTM call. */
export interface LstmSizes {
	readonly batch: number;
	readonly time: number;
	readonly features: number;
	readonly units: number;
}

function expectShape(name: string, tensor: TensorInfo | undefined, shape: number[]): TensorInfo {
	assert(tensor, `fused LSTM: input ${name} is missing`);
	assert(
		tensor.shape.length === shape.length && tensor.shape.every((d, i) => d === shape[i]),
		`fused LSTM: ${name} has shape [${tensor.shape}], expected [${shape}]`
	);
	assert(tensor.dtype === 'float32', `fused LSTM: ${name} is ${tensor.dtype}, expected float32`);
	return tensor;
}

/**
 * Sizes from x [batch, time, features] and recurrentKernel [units, 4·units], checking kernel
 * [features, 4·units] and, when given, bias [4·units] against them.
 */
export function lstmSizes(
	x: TensorInfo | undefined,
	kernel: TensorInfo | undefined,
	recurrentKernel: TensorInfo | undefined,
	bias?: TensorInfo
): LstmSizes {
	assert(
		x && x.shape.length === 3,
		`fused LSTM: x must be [batch, time, features], got [${x?.shape}]`
	);
	assert(recurrentKernel, 'fused LSTM: input recurrentKernel is missing');
	const [batch, time, features] = x.shape as [number, number, number];
	const units = recurrentKernel.shape[0] ?? 0;
	assert(
		units >= 1 && units <= MAX_FUSED_UNITS,
		`fused LSTM (webgpu): units must be 1..${MAX_FUSED_UNITS}, got ${units}`
	);
	assert(features >= 1, `fused LSTM: x has no features: [${x.shape}]`);
	expectShape('x', x, [batch, time, features]);
	expectShape('recurrentKernel', recurrentKernel, [units, 4 * units]);
	expectShape('kernel', kernel, [features, 4 * units]);
	if (bias) expectShape('bias', bias, [4 * units]);
	return { batch, time, features, units };
}

/** Checks a tensor of the forward's outputs, [batch, time, width]. */
export function expectSequence(
	name: string,
	tensor: TensorInfo | undefined,
	sizes: LstmSizes,
	width: number
): TensorInfo {
	return expectShape(name, tensor, [sizes.batch, sizes.time, width]);
}

/** The `activation` attribute, checked. */
export function activationOf(attrs: NamedAttrMap | undefined): LstmActivation {
	const activation: unknown = attrs?.['activation'];
	assert(
		activation === 'tanh' || activation === 'relu',
		`fused LSTM: activation must be 'tanh' or 'relu', got ${JSON.stringify(activation)}`
	);
	return activation;
}
