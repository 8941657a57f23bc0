import * as tf from '@tensorflow/tfjs';
import { assert } from '../core/assert';
import { deriveSeed } from '../core/random';
import type { Activation, ModelConfig } from './config';
import { FastRepeatVector, FastTimeDistributedDense } from './fast-layers';
import { createRecurrentLayer, initializeRecurrentWeights } from './recurrent';
import { SeededDropout } from './seeded-dropout';

/** Seeds handed out in build order: the same config always gives every layer the same seed. */
class SeedStream {
	#next = 0;
	constructor(private readonly seed: number) {}
	next(): number {
		return deriveSeed(this.seed, this.#next++);
	}
}

/** Stream ids of `deriveSeed(config.seed, id)` used outside the layer-by-layer stream. */
const LAYER_SEEDS = 1;
const RECURRENT_KERNEL_SEEDS = 2;

type Layered = tf.SymbolicTensor;

function apply(layer: tf.layers.Layer, x: Layered): Layered {
	return layer.apply(x) as Layered;
}

/**
 * Builds the autoencoder for `config` (already validated) and `channelCount` sensors.
 * Input and output: `[batch, config.windowLength, channelCount]`, float32. Not compiled: training
 * (train.ts) runs its own loop. The decoder mirrors the encoder (`layers`, outermost first):
 * - lstm-ae / gru-ae: RNN per layer (the last returns its final state, the code) → RepeatVector →
 *   RNN per layer in reverse (sequences) → TimeDistributed(Dense(channels)). With one 100-unit
 *   layer this is SKAB's LSTM(100) → RepeatVector → LSTM(100) → TimeDistributed(Dense).
 * - conv1d-ae: Conv1D('same', stride 1) per layer, then per layer in reverse without the
 *   bottleneck → TimeDistributed(Dense(channels)). Any window length works (no pooling).
 * - dense-ae: Flatten → Dense per layer → Dense per layer in reverse without the bottleneck →
 *   Dense(window · channels) → Reshape.
 * RepeatVector and TimeDistributed(Dense) are fast-layers.ts's versions (same class names and
 * weights as tfjs's; tfjs's own took more scoring time than the fused LSTMs on wasm).
 * After every hidden layer: optional BatchNorm/LayerNorm, then optional seeded dropout.
 * Every initializer and dropout gets a seed derived from `config.seed`.
 */
export function buildModel(config: ModelConfig, channelCount: number): tf.LayersModel {
	assert(
		Number.isInteger(channelCount) && channelCount >= 1,
		`channel count must be a positive integer, got ${channelCount}`
	);
	const seeds = new SeedStream(deriveSeed(config.seed, LAYER_SEEDS));
	const { windowLength, activation } = config;
	const units = config.layers.map((layer) => layer.units);
	const mirrored = units.slice(0, -1).reverse(); // decoder without the bottleneck
	const input = tf.input({ shape: [windowLength, channelCount], name: 'window' });
	let layerCount = 0;

	/** Normalisation and dropout after a hidden layer. */
	const regularise = (x: Layered): Layered => {
		const n = layerCount++;
		if (config.normalization === 'batch') {
			x = apply(tf.layers.batchNormalization({ name: `batch_norm_${n}` }), x);
		} else if (config.normalization === 'layer') {
			x = apply(tf.layers.layerNormalization({ name: `layer_norm_${n}` }), x);
		}
		if (config.dropoutRate > 0) {
			const dropout = new SeededDropout({
				rate: config.dropoutRate,
				seed: seeds.next(),
				name: `dropout_${n}`
			});
			x = apply(dropout, x);
		}
		return x;
	};
	const dense = (unitCount: number, act: Activation, name: string) =>
		tf.layers.dense({
			units: unitCount,
			activation: act,
			kernelInitializer: tf.initializers.glorotUniform({ seed: seeds.next() }),
			name
		});
	const perStepOutput = (x: Layered): Layered =>
		apply(
			new FastTimeDistributedDense({
				layer: dense(channelCount, 'linear', 'output'),
				name: 'td_output'
			}),
			x
		);

	let x: Layered = input;
	switch (config.architecture) {
		case 'lstm-ae':
		case 'gru-ae': {
			const cell = config.architecture === 'lstm-ae' ? 'lstm' : 'gru';
			const rnn = (u: number, returnSequences: boolean, name: string) =>
				createRecurrentLayer({
					cell,
					units: u,
					activation,
					returnSequences,
					seed: seeds.next(),
					name
				});
			units.forEach((u, i) => {
				x = regularise(apply(rnn(u, i < units.length - 1, `encoder_${i}`), x));
			});
			x = apply(new FastRepeatVector({ n: windowLength, name: 'repeat' }), x);
			[...units].reverse().forEach((u, i) => {
				x = regularise(apply(rnn(u, true, `decoder_${i}`), x));
			});
			x = perStepOutput(x);
			break;
		}
		case 'conv1d-ae': {
			const conv = (filters: number, name: string) =>
				tf.layers.conv1d({
					filters,
					kernelSize: config.kernelSize,
					padding: 'same',
					activation,
					kernelInitializer: tf.initializers.glorotUniform({ seed: seeds.next() }),
					name
				});
			units.forEach((u, i) => (x = regularise(apply(conv(u, `encoder_${i}`), x))));
			mirrored.forEach((u, i) => (x = regularise(apply(conv(u, `decoder_${i}`), x))));
			x = perStepOutput(x);
			break;
		}
		case 'dense-ae': {
			x = apply(tf.layers.flatten({ name: 'flatten' }), x);
			units.forEach((u, i) => (x = regularise(apply(dense(u, activation, `encoder_${i}`), x))));
			mirrored.forEach((u, i) => (x = regularise(apply(dense(u, activation, `decoder_${i}`), x))));
			x = apply(dense(windowLength * channelCount, 'linear', 'output'), x);
			x = apply(
				tf.layers.reshape({ targetShape: [windowLength, channelCount], name: 'unflatten' }),
				x
			);
			break;
		}
	}
	const model = tf.model({ inputs: input, outputs: x, name: config.architecture });
	initializeRecurrentWeights(model, deriveSeed(config.seed, RECURRENT_KERNEL_SEEDS));
	return model;
}

/** Asserts that `model` takes windows of `source`'s shape: a mismatch is a wiring bug. */
export function assertModelFits(
	model: tf.LayersModel,
	source: { readonly windowLength: number; readonly channelCount: number }
): void {
	const shape = model.inputs[0]?.shape;
	assert(
		shape?.[1] === source.windowLength && shape[2] === source.channelCount,
		`model input ${JSON.stringify(shape)} does not fit windows of ` +
			`${source.windowLength} × ${source.channelCount}`
	);
}
