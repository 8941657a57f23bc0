import * as tf from '@tensorflow/tfjs';
import { SeededRandom } from '../../core/random';
import { FusedLstm } from './fused-lstm-layer';
import type { LstmActivation } from './lstm-contract';
import { lstmBackwardReference, lstmForwardReference } from './reference';

/**
 * Shared by the fused-LSTM tests (Node and Chromium, every backend): random cases and the
 * comparison against tfjs's own LSTM. Not a test file itself; tests only.
 */
export interface LstmCase {
	readonly batch: number;
	readonly time: number;
	readonly features: number;
	readonly units: number;
	readonly activation: LstmActivation;
	readonly returnSequences: boolean;
	readonly seed: number;
	/** The same x at every step, as a decoder after RepeatVector sees (kernels may special-case it). */
	readonly repeatedInput?: boolean;
}

/** Largest |a − b| over the largest |b| (b = reference), per tensor; 0 when both are all zero. */
export function relativeError(actual: ArrayLike<number>, reference: ArrayLike<number>): number {
	if (actual.length !== reference.length) return Infinity;
	let diff = 0;
	let scale = 0;
	for (let i = 0; i < reference.length; i++) {
		const a = actual[i]!;
		const b = reference[i]!;
		if (!Number.isFinite(a) || !Number.isFinite(b)) return Infinity;
		diff = Math.max(diff, Math.abs(a - b));
		scale = Math.max(scale, Math.abs(b));
	}
	return diff === 0 ? 0 : diff / Math.max(scale, 1e-30);
}

/**
 * `count` cases over the ranges (units 1..128, time 1..40, features 1..16, batch 1..64),
 * alternating activations and returnSequences, each with its own seed. The first cases are the
 * edges (all sizes 1; sizes not a multiple of 4).
 */
export function randomCases(count: number, seed: number): LstmCase[] {
	const random = new SeededRandom(seed);
	const int = (lo: number, hi: number) => lo + Math.floor(random.next() * (hi - lo + 1));
	const edges: Omit<LstmCase, 'activation' | 'returnSequences' | 'seed'>[] = [
		{ batch: 1, time: 1, features: 1, units: 1 },
		{ batch: 3, time: 5, features: 7, units: 5 },
		{ batch: 5, time: 10, features: 100, units: 100, repeatedInput: true }
	];
	return Array.from({ length: count }, (_, n) => ({
		...(edges[n] ?? {
			batch: int(1, 64),
			time: int(1, 40),
			features: int(1, 16),
			units: int(1, 128)
		}),
		activation: n % 2 === 0 ? 'tanh' : 'relu',
		returnSequences: n % 4 < 2,
		seed: seed * 1000 + n
	}));
}

/** The values of one run: the layer's output and the gradients of Σ output ⊙ probe. */
export interface LstmRun {
	readonly output: Float32Array;
	readonly dx: Float32Array;
	readonly dKernel: Float32Array;
	readonly dRecurrentKernel: Float32Array;
	readonly dBias: Float32Array;
	/** FusedLstm's `lastFallbackReason` (null: it fused); undefined for tfjs's own layer. */
	readonly fallbackReason?: string | null;
}

function repeatOverTime(perRow: Float32Array, c: LstmCase): Float32Array {
	const x = new Float32Array(c.batch * c.time * c.features);
	for (let b = 0; b < c.batch; b++) {
		const row = perRow.subarray(b * c.features, (b + 1) * c.features);
		for (let t = 0; t < c.time; t++) x.set(row, (b * c.time + t) * c.features);
	}
	return x;
}

/** The numbers of one case, drawn from its seed: Glorot-scaled weights, a random bias. */
export function caseValues(c: LstmCase) {
	const random = new SeededRandom(c.seed);
	const uniform = (n: number, scale: number) =>
		Float32Array.from({ length: n }, () => (2 * random.next() - 1) * scale);
	const width = 4 * c.units;
	const outputSize = c.batch * (c.returnSequences ? c.time : 1) * c.units;
	return {
		kernel: uniform(c.features * width, Math.sqrt(6 / (c.features + width))),
		recurrentKernel: uniform(c.units * width, Math.sqrt(6 / (c.units + width))),
		bias: uniform(width, 0.5),
		x: c.repeatedInput
			? repeatOverTime(uniform(c.batch * c.features, 1.5), c)
			: uniform(c.batch * c.time * c.features, 1.5),
		/** The loss is Σ output ⊙ probe, so every step's dh is non-zero. */
		probe: uniform(outputSize, 1)
	};
}

/**
 * Runs one case through a fresh LSTM layer on the active backend: tfjs's own (`fused` false) or
 * `FusedLstm`, with the case's weights and inputs. Gradients of Σ output ⊙ probe.
 */
export function runLstmCase(c: LstmCase, fused: boolean): LstmRun {
	const values = caseValues(c);
	const width = 4 * c.units;
	const args = {
		units: c.units,
		activation: c.activation,
		recurrentActivation: 'sigmoid' as const,
		returnSequences: c.returnSequences,
		kernelInitializer: 'zeros' as const,
		recurrentInitializer: 'zeros' as const
	};
	const layer = fused ? new FusedLstm(args) : tf.layers.lstm(args);
	tf.tidy(() => layer.apply(tf.zeros([c.batch, c.time, c.features])) as tf.Tensor); // builds the weights
	const weights = [
		tf.tensor2d(values.kernel, [c.features, width]),
		tf.tensor2d(values.recurrentKernel, [c.units, width]),
		tf.tensor1d(values.bias)
	];
	layer.setWeights(weights);
	tf.dispose(weights);
	const x = tf.variable(tf.tensor3d(values.x, [c.batch, c.time, c.features]));
	const outShape = c.returnSequences ? [c.batch, c.time, c.units] : [c.batch, c.units];
	const probe = tf.tensor(values.probe, outShape);
	const variables = [x, ...layer.trainableWeights.map((w) => w.read() as tf.Variable)];
	let output: Float32Array | undefined;
	const { value, grads } = tf.variableGrads(() => {
		const y = layer.apply(x) as tf.Tensor;
		output = y.dataSync() as Float32Array;
		return tf.sum(tf.mul(y, probe));
	}, variables);
	const read = (v: tf.Variable) => grads[v.name]!.dataSync() as Float32Array;
	const run: LstmRun = {
		output: output!,
		dx: read(variables[0]!),
		dKernel: read(variables[1]!),
		dRecurrentKernel: read(variables[2]!),
		dBias: read(variables[3]!),
		...(layer instanceof FusedLstm ? { fallbackReason: layer.lastFallbackReason } : {})
	};
	tf.dispose([x, probe, value, ...Object.values(grads)]);
	layer.weights.forEach((w) => w.dispose());
	return run;
}

/**
 * The same case through the plain-JS reference (reference.ts). Needed where tfjs's LSTM cannot
 * serve: its gradient throws for a single time step (tfjs 4.22: "Argument tensors passed to
 * stack must be a `Tensor[]`").
 */
export function runReferenceCase(c: LstmCase): LstmRun {
	const v = caseValues(c);
	const dims = { batch: c.batch, time: c.time, features: c.features, units: c.units };
	const {
		h,
		c: cell,
		gates
	} = lstmForwardReference(dims, v.x, v.kernel, v.recurrentKernel, v.bias, c.activation);
	const lastStep = (b: number) =>
		h.subarray(((b + 1) * c.time - 1) * c.units, (b + 1) * c.time * c.units);
	let output = h;
	let dh = v.probe;
	if (!c.returnSequences) {
		output = new Float32Array(c.batch * c.units);
		dh = new Float32Array(h.length);
		for (let b = 0; b < c.batch; b++) {
			output.set(lastStep(b), b * c.units);
			dh.set(v.probe.subarray(b * c.units, (b + 1) * c.units), ((b + 1) * c.time - 1) * c.units);
		}
	}
	const grads = lstmBackwardReference(
		dims,
		dh,
		v.x,
		v.kernel,
		v.recurrentKernel,
		h,
		cell,
		gates,
		c.activation
	);
	return { output, ...grads };
}

/** tfjs's LSTM where it works, the plain-JS reference where it does not (time 1). */
export function runTrustedReference(c: LstmCase): LstmRun {
	return c.time === 1 ? runReferenceCase(c) : runLstmCase(c, false);
}

/** Relative errors of every tensor of `fused` against `reference`. */
export function compareRuns(fused: LstmRun, reference: LstmRun): Record<string, number> {
	return {
		output: relativeError(fused.output, reference.output),
		dx: relativeError(fused.dx, reference.dx),
		dKernel: relativeError(fused.dKernel, reference.dKernel),
		dRecurrentKernel: relativeError(fused.dRecurrentKernel, reference.dRecurrentKernel),
		dBias: relativeError(fused.dBias, reference.dBias)
	};
}
