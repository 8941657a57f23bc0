import * as tf from '@tensorflow/tfjs';
import { FusedLstm } from '../fused-lstm-layer';
import {
	caseValues,
	compareRuns,
	relativeError,
	runTrustedReference,
	type LstmCase,
	type LstmRun
} from '../testing';

/**
 * TESTS ONLY. One case of the WASM helper's shared cases (`../testing.ts`) through the `FusedLstm`
 * layer, i.e. the op and its registered gradient, on the webgpu backend, against tfjs's LSTM on the
 * cpu backend. `../testing.ts`'s own runner reads with `dataSync`, which tfjs's webgpu backend
 * cannot do in Node; this one reads asynchronously, with the same weights, inputs and loss.
 */
export interface LayerCheck {
	/** Relative error per tensor (output, dx, dKernel, dRecurrentKernel, dBias), training path. */
	readonly errors: Record<string, number>;
	/** The output of an inference call (no tape: the kernel skips c and gates) against tfjs's. */
	readonly inferenceError: number;
	/** null when the layer ran the fused op. */
	readonly fallbackReason: string | null;
}

export async function checkFusedLayer(c: LstmCase): Promise<LayerCheck> {
	await tf.setBackend('cpu');
	const reference = runTrustedReference(c);
	await tf.setBackend('webgpu');
	if (tf.getBackend() !== 'webgpu')
		throw new Error(`webgpu is not running (got ${tf.getBackend()})`);
	const values = caseValues(c);
	const width = 4 * c.units;
	const layer = new FusedLstm({
		units: c.units,
		activation: c.activation,
		recurrentActivation: 'sigmoid',
		returnSequences: c.returnSequences,
		kernelInitializer: 'zeros',
		recurrentInitializer: 'zeros'
	});
	const x = tf.variable(tf.tensor3d(values.x, [c.batch, c.time, c.features]));
	tf.tidy(() => layer.apply(x) as tf.Tensor); // builds the weights
	const weights = [
		tf.tensor2d(values.kernel, [c.features, width]),
		tf.tensor2d(values.recurrentKernel, [c.units, width]),
		tf.tensor1d(values.bias)
	];
	layer.setWeights(weights);
	tf.dispose(weights);
	const outShape = c.returnSequences ? [c.batch, c.time, c.units] : [c.batch, c.units];
	const probe = tf.tensor(values.probe, outShape);
	const variables = [x, ...layer.trainableWeights.map((w) => w.read() as tf.Variable)];
	let output: tf.Tensor | undefined;
	const { value, grads } = tf.variableGrads(() => {
		const y = layer.apply(x) as tf.Tensor;
		output = tf.keep(y);
		return tf.sum(tf.mul(y, probe));
	}, variables);
	const fallbackReason = layer.lastFallbackReason;
	const inference = tf.tidy(() => layer.apply(x) as tf.Tensor);
	const read = async (t: tf.Tensor) => (await t.data()) as Float32Array;
	const gradOf = (i: number) => grads[variables[i]!.name]!;
	const fused: LstmRun = {
		output: await read(output!),
		dx: await read(gradOf(0)),
		dKernel: await read(gradOf(1)),
		dRecurrentKernel: await read(gradOf(2)),
		dBias: await read(gradOf(3))
	};
	const inferenceError = relativeError(await read(inference), reference.output);
	tf.dispose([x, probe, value, output!, inference, ...Object.values(grads)]);
	layer.weights.forEach((w) => w.dispose());
	return { errors: compareRuns(fused, reference), inferenceError, fallbackReason };
}
