import * as tf from '@tensorflow/tfjs';
import { assert } from '../core/assert';
import { deriveSeed, SeededRandom } from '../core/random';
import type { Activation } from './config';
// Importing kernels/ registers the fused LSTM kernels and the `LSTM` class that uses them.
import { FusedLstm } from './kernels';

/**
 * THE place where a recurrent layer is made. LSTMs are `FusedLstm` (kernels/): tfjs's LSTM with
 * the same weights, config and class name, whose forward and backward run as one fused kernel
 * call per layer and batch on every backend with a fused kernel registered (cpu, wasm, webgpu),
 * and as tfjs's own LSTM elsewhere. `initializeRecurrentWeights`'s weight layout is unchanged:
 * [units, gates·units], gates in Keras order.
 */
export interface RecurrentLayerSpec {
	readonly cell: 'lstm' | 'gru';
	readonly units: number;
	/** Cell (candidate/output) activation; the gates are always sigmoid. */
	readonly activation: Activation;
	/** true: output [batch, time, units]; false: the last step only, [batch, units]. */
	readonly returnSequences: boolean;
	/** Seed of the input kernel's initializer. */
	readonly seed: number;
	readonly name: string;
}

/**
 * A tfjs LSTM/GRU with Keras 2 (TF2) defaults written out where tfjs differs: sigmoid gates
 * (tfjs default: hardSigmoid). Two Keras defaults are applied afterwards by
 * `initializeRecurrentWeights`, because tfjs's own versions hurt:
 * - the orthogonal recurrent kernel: tfjs's initializer (a QR on the backend) takes 5–28 s for a
 *   100 × 400 matrix on cpu/webgl (BROWSER.md), so the layer starts with a cheap seeded Glorot;
 * - the LSTM unit forget bias: tfjs's `unitForgetBias: true` leaks 4 tensors per layer build
 *   (its bias initializer concatenates temporaries outside any tidy; tfjs 4.22).
 */
export function createRecurrentLayer(spec: RecurrentLayerSpec): tf.layers.Layer {
	const common = {
		units: spec.units,
		activation: spec.activation,
		recurrentActivation: 'sigmoid' as const,
		returnSequences: spec.returnSequences,
		kernelInitializer: tf.initializers.glorotUniform({ seed: spec.seed }),
		recurrentInitializer: tf.initializers.glorotUniform({ seed: deriveSeed(spec.seed, 1) }),
		biasInitializer: 'zeros' as const,
		name: spec.name
	};
	if (spec.cell === 'gru') return tf.layers.gru(common);
	return new FusedLstm(common);
}

/** Gates per cell: LSTM i, f, c, o; GRU z, r, h. */
const GATES = { lstm: 4, gru: 3 } as const;

/**
 * Rows of a `rows × cols` matrix (rows ≤ cols) with orthonormal rows, from seeded Gaussians by
 * Gram–Schmidt, orthogonalised twice for float stability. Equals Keras' `Orthogonal` in
 * distribution (QR of a Gaussian with the sign of R's diagonal fixed). Row-major, Float32Array.
 */
export function orthogonalRows(rows: number, cols: number, seed: number): Float32Array {
	assert(rows <= cols, `orthogonal rows need rows ≤ cols, got ${rows} × ${cols}`);
	const random = new SeededRandom(seed);
	const m = new Float64Array(rows * cols);
	for (let i = 0; i < m.length; i++) m[i] = random.gaussian();
	for (let r = 0; r < rows; r++) {
		const row = m.subarray(r * cols, (r + 1) * cols);
		for (let pass = 0; pass < 2; pass++) {
			for (let p = 0; p < r; p++) {
				const prev = m.subarray(p * cols, (p + 1) * cols);
				let dot = 0;
				for (let c = 0; c < cols; c++) dot += row[c]! * prev[c]!;
				for (let c = 0; c < cols; c++) row[c] = row[c]! - dot * prev[c]!;
			}
		}
		let norm = 0;
		for (let c = 0; c < cols; c++) norm += row[c]! * row[c]!;
		norm = Math.sqrt(norm);
		assert(norm > 1e-12, `degenerate Gaussian row ${r} (norm ${norm})`);
		for (let c = 0; c < cols; c++) row[c] = row[c]! / norm;
	}
	return Float32Array.from(m);
}

/**
 * Applies Keras' recurrent defaults to every LSTM/GRU layer of a built model: an orthogonal
 * recurrent kernel (norm-preserving at the start), seeded per layer from `seed`, and for LSTMs a
 * forget-gate bias of 1 (Jozefowicz et al. 2015: remember by default).
 */
export function initializeRecurrentWeights(model: tf.LayersModel, seed: number): void {
	model.layers.forEach((layer, index) => {
		const className = layer.getClassName();
		const cell = className === 'LSTM' ? 'lstm' : className === 'GRU' ? 'gru' : undefined;
		if (cell === undefined) return;
		const weights = layer.getWeights(); // [kernel, recurrentKernel, bias], not copies
		const [kernel, recurrent, bias] = weights;
		assert(kernel && recurrent && bias, `${layer.name}: expected 3 weights, got ${weights.length}`);
		const [units, width] = recurrent.shape as [number, number];
		assert(width === GATES[cell] * units, `${layer.name}: recurrent kernel ${units}×${width}`);
		const orthogonal = tf.tensor2d(orthogonalRows(units, width, deriveSeed(seed, index)), [
			units,
			width
		]);
		const biasValues = new Float32Array(width); // Keras gate order i, f, c, o: f is [units, 2·units)
		if (cell === 'lstm') biasValues.fill(1, units, 2 * units);
		const newBias = tf.tensor1d(biasValues);
		layer.setWeights([kernel, orthogonal, newBias]);
		tf.dispose([orthogonal, newBias]);
	});
}
