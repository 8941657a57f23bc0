import * as tf from '@tensorflow/tfjs';
import { assert } from '../../core/assert';
import {
	LSTM_BACKWARD_KERNEL,
	LSTM_FORWARD_KERNEL,
	type LstmActivation,
	type LstmKernelAttrs
} from './lstm-contract';

/**
 * The fused LSTM as a tfjs op: one `VigilLstmForward` kernel call for a whole layer and batch,
 * and a gradient (registered once, for every backend) that runs one `VigilLstmBackward` call.
 *
 * Why `tf.registerGradient` on the kernel name rather than `tf.customGrad`: the op is then an
 * ordinary kernel to the engine. The tape records it like any built-in op, `tf.grads`,
 * `variableGrads` and optimizers see through it, the engine keeps the saved tensors (inputs and
 * the forward's c and gates) alive exactly as long as the tape needs them, and each backend only
 * registers two kernels. customGrad would wrap a closure around tensors we would have to keep and
 * dispose ourselves, and would hide the kernel name from profiling.
 */

/** Tensors the gradient needs: the inputs x, kernel, recurrentKernel, then all 3 outputs. */
const INPUTS_TO_SAVE = ['x', 'kernel', 'recurrentKernel'];

function registerLstmGradient(): void {
	if (tf.getGradient(LSTM_FORWARD_KERNEL)) return;
	tf.registerGradient({
		kernelName: LSTM_FORWARD_KERNEL,
		inputsToSave: INPUTS_TO_SAVE,
		outputsToSave: [true, true, true],
		gradFunc: (dy, saved, attrs) => {
			// dy: [dh, dc, dgates]; c and gates are saved state, not results anyone differentiates.
			const dh = Array.isArray(dy) ? dy[0]! : dy;
			const [x, kernel, recurrentKernel, h, c, gates] = saved;
			assert(
				x && kernel && recurrentKernel && h && c && gates,
				`${LSTM_FORWARD_KERNEL} gradient: expected 6 saved tensors, got ${saved.length}`
			);
			assert(
				c.size === h.size,
				`${LSTM_FORWARD_KERNEL} gradient: the forward ran without saveForBackward ` +
					`(c has ${c.size} values, h ${h.size}); was the tape off during the forward?`
			);
			const [dx, dKernel, dRecurrent, dBias] = tf
				.engine()
				.runKernel(
					LSTM_BACKWARD_KERNEL,
					{ dh, x, kernel, recurrentKernel, h, c, gates },
					{ activation: (attrs as LstmKernelAttrs).activation }
				) as tf.Tensor[];
			return {
				x: () => dx!,
				kernel: () => dKernel!,
				recurrentKernel: () => dRecurrent!,
				bias: () => dBias!
			};
		}
	});
}

registerLstmGradient();

/**
 * Runs a whole LSTM layer: h of every step, [batch, time, units]. `x` [batch, time, features],
 * `kernel` [features, 4·units], `recurrentKernel` [units, 4·units], `bias` [4·units], gates in
 * Keras order i, f, c, o; h₀ = c₀ = 0 (lstm-contract.ts). Differentiable w.r.t. all four inputs.
 * A `VigilLstmForward` kernel must be registered for the active backend (`registerFusedLstmKernels`).
 */
export function fusedLstm(
	x: tf.Tensor,
	kernel: tf.Tensor,
	recurrentKernel: tf.Tensor,
	bias: tf.Tensor,
	activation: LstmActivation
): tf.Tensor3D {
	const [batch, time, features] = x.shape;
	const units = recurrentKernel.shape[0];
	assert(
		x.rank === 3 && batch !== undefined && time !== undefined && features !== undefined,
		`fusedLstm: x must be [batch, time, features], got [${x.shape}]`
	);
	assert(
		units !== undefined &&
			kernel.rank === 2 &&
			kernel.shape[0] === features &&
			kernel.shape[1] === 4 * units &&
			recurrentKernel.rank === 2 &&
			recurrentKernel.shape[1] === 4 * units &&
			bias.rank === 1 &&
			bias.shape[0] === 4 * units,
		`fusedLstm: weights do not fit x [${x.shape}]: kernel [${kernel.shape}], ` +
			`recurrentKernel [${recurrentKernel.shape}], bias [${bias.shape}]`
	);
	assert(
		[x, kernel, recurrentKernel, bias].every((t) => t.dtype === 'float32'),
		'fusedLstm: all inputs must be float32'
	);
	// Only a recording tape needs c and gates; inference lets the kernel skip writing them.
	const attrs: LstmKernelAttrs = { activation, saveForBackward: tf.engine().isTapeOn() };
	const [h, c, gates] = tf
		.engine()
		.runKernel(
			LSTM_FORWARD_KERNEL,
			{ x, kernel, recurrentKernel, bias },
			attrs as unknown as tf.NamedAttrMap
		) as tf.Tensor[];
	// The tape keeps its own references to c and gates; the caller only gets h.
	tf.dispose([c!, gates!]);
	return h as tf.Tensor3D;
}

/** True when the active backend has a fused LSTM forward kernel registered. */
export function fusedLstmAvailable(): boolean {
	return tf.getKernel(LSTM_FORWARD_KERNEL, tf.getBackend()) !== undefined;
}
