import type * as tfjs from '@tensorflow/tfjs';
import { SeededRandom } from '../../../core/random';
import type { LstmActivation } from '../lstm-contract';

/**
 * TESTS AND BENCHMARKS ONLY: the references the fused kernels are checked against.
 * - `tfjsReference`: tfjs's own LSTM layer (`tf.layers.lstm`, sigmoid gates) with the same
 *   weights, its outputs and its gradients by `tf.variableGrads` of Σ(h ⊙ dh), so dh is the loss
 *   gradient of every step's h. Run it on the cpu backend: exact float32 JavaScript.
 * - `jsForward`: the contract's recurrence in float64, for the outputs tfjs's layer does not
 *   expose (c and the gates).
 */

export type Tfjs = typeof tfjs;

/** One shape and activation to test. */
export interface LstmCase {
	readonly batch: number;
	readonly time: number;
	readonly features: number;
	readonly units: number;
	readonly activation: LstmActivation;
	readonly seed: number;
}

/** Row-major inputs of one case: x [b, t, f], kernel [f, 4u], recurrentKernel [u, 4u], bias [4u], dh [b, t, u]. */
export interface LstmData {
	readonly x: Float32Array;
	readonly kernel: Float32Array;
	readonly recurrentKernel: Float32Array;
	readonly bias: Float32Array;
	readonly dh: Float32Array;
}

export function describeCase(c: LstmCase): string {
	return `batch ${c.batch}, time ${c.time}, features ${c.features}, units ${c.units}, ${c.activation}`;
}

/** `count` cases with sizes drawn uniformly from 1..max of each, alternating the activation. */
export function randomCases(
	seed: number,
	count: number,
	max: { batch: number; time: number; features: number; units: number }
): LstmCase[] {
	const random = new SeededRandom(seed);
	const draw = (n: number) => 1 + Math.floor(random.next() * n);
	return Array.from({ length: count }, (_, i) => ({
		batch: draw(max.batch),
		time: draw(max.time),
		features: draw(max.features),
		units: draw(max.units),
		activation: i % 2 === 0 ? 'tanh' : 'relu',
		seed: seed + i
	}));
}

function uniform(random: SeededRandom, length: number, scale: number): Float32Array {
	return Float32Array.from({ length }, () => (2 * random.next() - 1) * scale);
}

/** Seeded data with Glorot-like weight scales, so gates are neither saturated nor flat. */
export function makeLstmData(c: LstmCase): LstmData {
	const random = new SeededRandom(c.seed);
	const gates = 4 * c.units;
	return {
		x: uniform(random, c.batch * c.time * c.features, 1),
		kernel: uniform(random, c.features * gates, Math.sqrt(6 / (c.features + gates))),
		recurrentKernel: uniform(random, c.units * gates, Math.sqrt(6 / (c.units + gates))),
		bias: uniform(random, gates, 0.5),
		dh: uniform(random, c.batch * c.time * c.units, 1)
	};
}

interface ReferenceResult {
	h: Float32Array;
	dx: Float32Array;
	dKernel: Float32Array;
	dRecurrentKernel: Float32Array;
	dBias: Float32Array;
}

/** tfjs's LSTM layer on the current backend: h of every step and the four gradients. */
export async function tfjsReference(
	tf: Tfjs,
	c: LstmCase,
	data: LstmData
): Promise<ReferenceResult> {
	if (c.time === 1) return singleStepReference(tf, c, data);
	const { batch, time, features, units } = c;
	const layer = tf.layers.lstm({
		units,
		activation: c.activation,
		recurrentActivation: 'sigmoid',
		returnSequences: true,
		unitForgetBias: false,
		// The weights are set below; tfjs's default orthogonal init is a slow QR (minutes at 256 units).
		kernelInitializer: 'zeros',
		recurrentInitializer: 'zeros',
		biasInitializer: 'zeros'
	});
	const x = tf.variable(tf.tensor3d(data.x, [batch, time, features]));
	const dh = tf.tensor3d(data.dh, [batch, time, units]);
	tf.tidy(() => layer.apply(x) as tfjs.Tensor); // builds the layer
	const weights = [
		tf.tensor2d(data.kernel, [features, 4 * units]),
		tf.tensor2d(data.recurrentKernel, [units, 4 * units]),
		tf.tensor1d(data.bias)
	];
	layer.setWeights(weights);
	const variables = layer.trainableWeights.map((w) => w.read() as tfjs.Variable);
	const { grads } = tf.variableGrads(() => {
		const h = layer.apply(x) as tfjs.Tensor;
		return tf.sum(tf.mul(h, dh));
	}, [x, ...variables]);
	const h = tf.tidy(() => layer.apply(x) as tfjs.Tensor);
	const gradOf = (v: tfjs.Variable) => grads[v.name]!;
	const [kernelVar, recurrentVar, biasVar] = variables as [
		tfjs.Variable,
		tfjs.Variable,
		tfjs.Variable
	];
	const out = {
		h: (await h.data()) as Float32Array,
		dx: (await gradOf(x).data()) as Float32Array,
		dKernel: (await gradOf(kernelVar).data()) as Float32Array,
		dRecurrentKernel: (await gradOf(recurrentVar).data()) as Float32Array,
		dBias: (await gradOf(biasVar).data()) as Float32Array
	};
	tf.dispose([x, dh, h, ...weights, ...Object.values(grads)]);
	layer.dispose();
	return out;
}

/**
 * tfjs's LSTM cannot differentiate a one-step sequence (its Unpack gradient throws in 4.22), so a
 * zero step is appended with dh = 0 there: it adds nothing to the loss, so the gradients of the
 * weights are the one step's, and h and dx of the first step are unchanged.
 */
async function singleStepReference(
	tf: Tfjs,
	c: LstmCase,
	data: LstmData
): Promise<ReferenceResult> {
	const { batch, features, units } = c;
	const pad = (values: Float32Array, width: number) => {
		const padded = new Float32Array(batch * 2 * width);
		for (let b = 0; b < batch; b++)
			padded.set(values.subarray(b * width, (b + 1) * width), b * 2 * width);
		return padded;
	};
	const firstStep = (values: Float32Array, width: number) => {
		const out = new Float32Array(batch * width);
		for (let b = 0; b < batch; b++)
			out.set(values.subarray(b * 2 * width, b * 2 * width + width), b * width);
		return out;
	};
	const padded = await tfjsReference(
		tf,
		{ ...c, time: 2 },
		{
			...data,
			x: pad(data.x, features),
			dh: pad(data.dh, units)
		}
	);
	return { ...padded, h: firstStep(padded.h, units), dx: firstStep(padded.dx, features) };
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/** The contract's forward recurrence in float64: h, c [b, t, u] and gates [b, t, 4u]. */
export function jsForward(
	c: LstmCase,
	data: LstmData
): { h: Float32Array; c: Float32Array; gates: Float32Array } {
	const { batch, time, features, units } = c;
	const act = c.activation === 'relu' ? (v: number) => Math.max(v, 0) : Math.tanh;
	const width = 4 * units;
	const h = new Float32Array(batch * time * units);
	const cell = new Float32Array(batch * time * units);
	const gates = new Float32Array(batch * time * width);
	const z = new Float64Array(width);
	for (let b = 0; b < batch; b++) {
		const hPrev = new Float64Array(units);
		const cPrev = new Float64Array(units);
		for (let t = 0; t < time; t++) {
			const row = b * time + t;
			for (let j = 0; j < width; j++) {
				let sum = data.bias[j]!;
				for (let f = 0; f < features; f++)
					sum += data.x[row * features + f]! * data.kernel[f * width + j]!;
				for (let k = 0; k < units; k++) sum += hPrev[k]! * data.recurrentKernel[k * width + j]!;
				z[j] = sum;
			}
			for (let j = 0; j < units; j++) {
				const i = sigmoid(z[j]!);
				const f = sigmoid(z[units + j]!);
				const g = act(z[2 * units + j]!);
				const o = sigmoid(z[3 * units + j]!);
				cPrev[j] = f * cPrev[j]! + i * g;
				hPrev[j] = o * act(cPrev[j]!);
				h[row * units + j] = hPrev[j]!;
				cell[row * units + j] = cPrev[j]!;
				gates[row * width + j] = i;
				gates[row * width + units + j] = f;
				gates[row * width + 2 * units + j] = g;
				gates[row * width + 3 * units + j] = o;
			}
		}
	}
	return { h, c: cell, gates };
}

/**
 * The error metric, per tensor: max |actual − expected| / max |expected|. Infinity when
 * `actual` holds a non-finite value or the lengths differ.
 */
export function relativeError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
	if (actual.length !== expected.length) return Infinity;
	let maxDiff = 0;
	let maxRef = 0;
	for (let i = 0; i < expected.length; i++) {
		const a = actual[i]!;
		if (!Number.isFinite(a)) return Infinity;
		maxDiff = Math.max(maxDiff, Math.abs(a - expected[i]!));
		maxRef = Math.max(maxRef, Math.abs(expected[i]!));
	}
	return maxRef === 0 ? maxDiff : maxDiff / maxRef;
}
