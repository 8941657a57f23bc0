import * as tf from '@tensorflow/tfjs';
import { deriveSeed } from '../core/random';

/**
 * Dropout whose masks are repeatable from a seed AND differ from step to step.
 *
 * Why not `tf.layers.dropout({ seed })`: tfjs passes the seed straight to `tf.randomUniform`, which
 * restarts its generator from that seed on every call, so a seeded tfjs Dropout drops the SAME
 * units in every batch of the whole run (a fixed sub-network, not dropout). Unseeded, it uses
 * `Math.random` and runs cannot repeat. Here mask `k` uses `deriveSeed(seed, k)`, `k` counting
 * training calls, so a fresh model with the same seed replays the same sequence of masks.
 */
export class SeededDropout extends tf.layers.Layer {
	static readonly className = 'VigilSeededDropout';
	readonly rate: number;
	readonly seed: number;
	#calls = 0;

	constructor(args: tf.serialization.ConfigDict & { rate: number; seed: number; name?: string }) {
		super(args);
		this.rate = args.rate;
		this.seed = args.seed;
		this.supportsMasking = true;
	}

	override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
		return inputShape;
	}

	override call(inputs: tf.Tensor | tf.Tensor[], kwargs: tf.serialization.ConfigDict): tf.Tensor {
		const input = Array.isArray(inputs) ? inputs[0]! : inputs;
		if (kwargs['training'] !== true || this.rate === 0) return tf.clone(input);
		const maskSeed = deriveSeed(this.seed, this.#calls++);
		return tf.dropout(input, this.rate, undefined, maskSeed);
	}

	override getConfig(): tf.serialization.ConfigDict {
		return { ...super.getConfig(), rate: this.rate, seed: this.seed };
	}
}

// Registered on import so that a saved topology naming this class deserialises (artifacts.ts).
tf.serialization.registerClass(SeededDropout);
