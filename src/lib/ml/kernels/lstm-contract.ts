/**
 * The contract of Vigil's fused LSTM kernels (issue: fast LSTM on WebGPU and WebAssembly).
 * Every backend implementation (`wasm/`, `webgpu/`, the plain-JS reference) registers tfjs
 * kernels under these names with exactly these tensors, so the op, its gradient and the layer in
 * `ml/` are shared and each backend only supplies arithmetic.
 *
 * Semantics are Keras' LSTM as `recurrent.ts` builds it: gates in Keras order i, f, c, o (each a
 * `units`-wide block of the 4·units columns); i, f, o use the sigmoid; the candidate (c) and the
 * output's cell activation use `activation` ('tanh' or 'relu'); h₀ = c₀ = 0;
 *   z_t = x_t · kernel + h_{t−1} · recurrentKernel + bias      (z: [batch, 4·units])
 *   i = σ(z_i), f = σ(z_f), g = act(z_c), o = σ(z_o)
 *   c_t = f ⊙ c_{t−1} + i ⊙ g,   h_t = o ⊙ act(c_t)
 * All tensors are float32, row-major.
 *
 * Change log (keep backwards compatible):
 * - `saveForBackward` attr added (optional, absent = true). When false the forward may return c
 *   and gates as empty [0] tensors: nothing will run backward (inference), so a kernel can skip
 *   writing 2 of its 3 outputs. A kernel that ignores it and always returns all three is correct.
 * - `maxFeatures` raised from 64 to 256: a decoder LSTM's input is the encoder's h (skab-lstm-ae:
 *   100 features), so 64 sent every decoder to tfjs's slow path.
 */

export const LSTM_FORWARD_KERNEL = 'VigilLstmForward';
export const LSTM_BACKWARD_KERNEL = 'VigilLstmBackward';

export type LstmActivation = 'tanh' | 'relu';

/** Attributes of both kernels. */
export interface LstmKernelAttrs {
	activation: LstmActivation;
	/**
	 * Forward only. Absent or true: return c and gates in full (a tape is recording: the backward
	 * needs them). false: c and gates may be empty [0] tensors.
	 */
	saveForBackward?: boolean;
	/** Every tfjs attr map must be indexable. */
	[key: string]: unknown;
}

/**
 * Forward inputs, in this order: x [batch, time, features], kernel [features, 4·units],
 * recurrentKernel [units, 4·units], bias [4·units].
 * Outputs, in this order:
 *  - h     [batch, time, units]   hidden state of every step (returnSequences false takes h[:, −1]);
 *  - c     [batch, time, units]   cell state of every step (saved for the backward pass);
 *  - gates [batch, time, 4·units] the activated gates i, f, g, o of every step (saved likewise).
 */
export const LSTM_FORWARD_INPUTS = ['x', 'kernel', 'recurrentKernel', 'bias'] as const;

/**
 * Backward inputs, in this order: dh [batch, time, units] (the loss gradient w.r.t. every step's
 * h; zeros except the last step when returnSequences is false), x, kernel, recurrentKernel, and
 * the forward's h, c, gates. Outputs, in this order: dx [batch, time, features],
 * dKernel [features, 4·units], dRecurrentKernel [units, 4·units], dBias [4·units].
 */
export const LSTM_BACKWARD_INPUTS = [
	'dh',
	'x',
	'kernel',
	'recurrentKernel',
	'h',
	'c',
	'gates'
] as const;

/**
 * Shapes the presets allow; kernels must handle any size within them. `maxFeatures` covers both
 * kinds of LSTM input: sensor channels (≤ 64) and, in stacked layers and every decoder, the
 * previous layer's h (≤ maxUnits).
 */
export const LSTM_KERNEL_LIMITS = {
	maxUnits: 256,
	maxTimeSteps: 512,
	maxFeatures: 256
} as const;
