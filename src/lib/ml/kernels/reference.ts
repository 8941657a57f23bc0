import type { LstmActivation } from './lstm-contract';

/**
 * The fused LSTM in plain JavaScript: the readable spec of `lstm-contract.ts` (every backend's
 * kernel must agree with it) and the `cpu` backend's kernels. All arrays are float32 row-major in
 * the contract's layouts; sums run in float64 (JS numbers), so this is also the most accurate
 * implementation here.
 */
export interface LstmDims {
	readonly batch: number;
	readonly time: number;
	readonly features: number;
	readonly units: number;
}

export interface LstmForwardResult {
	/** [batch, time, units] */
	readonly h: Float32Array;
	/** [batch, time, units] */
	readonly c: Float32Array;
	/** [batch, time, 4·units]: activated i, f, g, o of every step */
	readonly gates: Float32Array;
}

export interface LstmBackwardResult {
	/** [batch, time, features] */
	readonly dx: Float32Array;
	/** [features, 4·units] */
	readonly dKernel: Float32Array;
	/** [units, 4·units] */
	readonly dRecurrentKernel: Float32Array;
	/** [4·units] */
	readonly dBias: Float32Array;
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/** The cell activation and its derivative expressed through its output (`g` or act(c)). */
function activationOf(activation: LstmActivation) {
	return activation === 'tanh'
		? { act: Math.tanh, slopeFromInput: (v: number) => 1 - Math.tanh(v) ** 2 }
		: { act: (v: number) => (v > 0 ? v : 0), slopeFromInput: (v: number) => (v > 0 ? 1 : 0) };
}

/** Forward over all steps. `x` [B, T, F], `kernel` [F, 4U], `recurrent` [U, 4U], `bias` [4U]. */
export function lstmForwardReference(
	dims: LstmDims,
	x: Float32Array,
	kernel: Float32Array,
	recurrent: Float32Array,
	bias: Float32Array,
	activation: LstmActivation
): LstmForwardResult {
	const { batch, time, features, units } = dims;
	const width = 4 * units;
	const { act } = activationOf(activation);
	const h = new Float32Array(batch * time * units);
	const c = new Float32Array(batch * time * units);
	const gates = new Float32Array(batch * time * width);
	const z = new Float64Array(width);
	for (let b = 0; b < batch; b++) {
		for (let t = 0; t < time; t++) {
			const row = b * time + t;
			for (let j = 0; j < width; j++) z[j] = bias[j]!;
			for (let k = 0; k < features; k++) {
				const xk = x[row * features + k]!;
				for (let j = 0; j < width; j++) z[j] = z[j]! + xk * kernel[k * width + j]!;
			}
			if (t > 0) {
				for (let k = 0; k < units; k++) {
					const hk = h[(row - 1) * units + k]!;
					for (let j = 0; j < width; j++) z[j] = z[j]! + hk * recurrent[k * width + j]!;
				}
			}
			for (let u = 0; u < units; u++) {
				const i = sigmoid(z[u]!);
				const f = sigmoid(z[units + u]!);
				const g = act(z[2 * units + u]!);
				const o = sigmoid(z[3 * units + u]!);
				const cPrev = t > 0 ? c[(row - 1) * units + u]! : 0;
				const cNow = f * cPrev + i * g;
				c[row * units + u] = cNow;
				h[row * units + u] = o * act(cNow);
				const gate = row * width + u;
				gates[gate] = i;
				gates[gate + units] = f;
				gates[gate + 2 * units] = g;
				gates[gate + 3 * units] = o;
			}
		}
	}
	return { h, c, gates };
}

/**
 * Backward through time. `dh` [B, T, U] is the loss gradient w.r.t. every step's h; `h`, `c`,
 * `gates` are the forward's outputs. The gradient w.r.t. the candidate's pre-activation uses the
 * stored (activated) g: tanh' = 1 − g², relu' = [g > 0] (g > 0 exactly when its input is).
 */
export function lstmBackwardReference(
	dims: LstmDims,
	dh: Float32Array,
	x: Float32Array,
	kernel: Float32Array,
	recurrent: Float32Array,
	h: Float32Array,
	c: Float32Array,
	gates: Float32Array,
	activation: LstmActivation
): LstmBackwardResult {
	const { batch, time, features, units } = dims;
	const width = 4 * units;
	const { act, slopeFromInput } = activationOf(activation);
	const dx = new Float32Array(batch * time * features);
	const dKernel = new Float64Array(features * width);
	const dRecurrent = new Float64Array(units * width);
	const dBias = new Float64Array(width);
	const dz = new Float64Array(width);
	const dhNext = new Float64Array(units); // dz_{t+1} · Rᵀ
	const dcNext = new Float64Array(units); // dc_{t+1} ⊙ f_{t+1}
	for (let b = 0; b < batch; b++) {
		dhNext.fill(0);
		dcNext.fill(0);
		for (let t = time - 1; t >= 0; t--) {
			const row = b * time + t;
			for (let u = 0; u < units; u++) {
				const gate = row * width + u;
				const i = gates[gate]!;
				const f = gates[gate + units]!;
				const g = gates[gate + 2 * units]!;
				const o = gates[gate + 3 * units]!;
				const cNow = c[row * units + u]!;
				const cPrev = t > 0 ? c[(row - 1) * units + u]! : 0;
				const dhTotal = dh[row * units + u]! + dhNext[u]!;
				const dc = dcNext[u]! + dhTotal * o * slopeFromInput(cNow);
				dz[u] = dc * g * i * (1 - i);
				dz[units + u] = dc * cPrev * f * (1 - f);
				dz[2 * units + u] = dc * i * (activation === 'tanh' ? 1 - g * g : g > 0 ? 1 : 0);
				dz[3 * units + u] = dhTotal * act(cNow) * o * (1 - o);
				dcNext[u] = dc * f;
			}
			for (let j = 0; j < width; j++) dBias[j] = dBias[j]! + dz[j]!;
			for (let k = 0; k < features; k++) {
				const xk = x[row * features + k]!;
				let sum = 0;
				for (let j = 0; j < width; j++) {
					dKernel[k * width + j] = dKernel[k * width + j]! + xk * dz[j]!;
					sum += dz[j]! * kernel[k * width + j]!;
				}
				dx[row * features + k] = sum;
			}
			for (let k = 0; k < units; k++) {
				const hPrev = t > 0 ? h[(row - 1) * units + k]! : 0;
				let sum = 0;
				for (let j = 0; j < width; j++) {
					dRecurrent[k * width + j] = dRecurrent[k * width + j]! + hPrev * dz[j]!;
					sum += dz[j]! * recurrent[k * width + j]!;
				}
				dhNext[k] = sum;
			}
		}
	}
	return {
		dx,
		dKernel: Float32Array.from(dKernel),
		dRecurrentKernel: Float32Array.from(dRecurrent),
		dBias: Float32Array.from(dBias)
	};
}
