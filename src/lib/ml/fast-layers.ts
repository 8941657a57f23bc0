import * as tf from '@tensorflow/tfjs';
import { assert } from '../core/assert';

/**
 * Faster drop-in versions of two tfjs layers the autoencoders use around their LSTMs. On the wasm
 * backend tfjs's `Tile` (RepeatVector) took ~57 ms per 1,024 windows and TimeDistributed(Dense)
 * 7–28 ms, more than both fused LSTMs together (kernels/CONTEXT.md). Both classes keep tfjs's
 * class names, configs and weights, so saved topologies are unchanged and models exported before
 * this existed import into them (the serialization registry maps the names to these classes).
 */

type LayerArgs<F extends (args: never) => unknown> = Parameters<F>[0];
type Base<A> = (new (args: A) => tf.layers.Layer) & { vigilBase?: Base<A> };

/**
 * tfjs's own class registered under `className` (tfjs does not export these classes). If this
 * module ran twice in one realm (hot reload), the registry already holds our subclass: use its
 * base then, never a subclass of ourselves.
 */
function tfjsLayerClass<A>(className: string): Base<A> {
	const registered = tf.serialization.SerializationMap.getMap().classNameMap[className]?.[0] as
		Base<A> | undefined;
	assert(registered !== undefined, `tfjs has no ${className} layer class registered`);
	return registered.vigilBase ?? registered;
}

function singleTensor(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
	const x = Array.isArray(inputs) ? inputs[0] : inputs;
	assert(
		x !== undefined && (!Array.isArray(inputs) || inputs.length === 1),
		`expected exactly one input tensor, got ${Array.isArray(inputs) ? inputs.length : 1}`
	);
	return x;
}

type RepeatVectorArgs = LayerArgs<typeof tf.layers.repeatVector>;
const TfRepeatVector = tfjsLayerClass<RepeatVectorArgs>('RepeatVector');

/**
 * tfjs's RepeatVector (`[batch, features]` → `[batch, n, features]`), same config and class name
 * `RepeatVector`, but `call` concatenates n references to `expandDims(x, 1)` instead of running
 * tfjs's `Tile`: 0.5 ms instead of 57 ms at batch 1,024 on wasm (min of 8; a broadcast add to
 * zeros took 0.7 ms). concat's gradient splits dy into n slices that the tape sums into dx, which
 * equals Tile's gradient (tested).
 */
export class FastRepeatVector extends TfRepeatVector {
	static override readonly vigilBase = TfRepeatVector;
	static readonly className = 'RepeatVector';

	override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
		const n = (this as unknown as { n: number }).n;
		return tf.tidy(() => {
			const x = singleTensor(inputs);
			assert(x.rank === 2, `RepeatVector expects [batch, features], got [${x.shape}]`);
			const step = tf.expandDims(x, 1);
			return tf.concat(new Array<tf.Tensor>(n).fill(step), 1);
		});
	}
}

type TimeDistributedArgs = LayerArgs<typeof tf.layers.timeDistributed>;
const TfTimeDistributed = tfjsLayerClass<TimeDistributedArgs>('TimeDistributed');

/**
 * tfjs's TimeDistributed wrapper, same config, weights (the inner layer's) and class name
 * `TimeDistributed`. When the wrapped layer is a Dense and the input is `[batch, time, features]`,
 * `call` runs the Dense ONCE on the input reshaped to `[batch·time, features]` (one matMul with
 * bias and activation; the reshapes are free) instead of tfjs's unstack → Dense per step → stack.
 * Any other wrapped layer or rank runs tfjs's own `call`; `lastFallbackReason` says why (null:
 * the fast path ran).
 */
export class FastTimeDistributedDense extends TfTimeDistributed {
	static override readonly vigilBase = TfTimeDistributed;
	static readonly className = 'TimeDistributed';

	/** Why the last call took tfjs's per-step path, or null when it did not: for tests. */
	lastFallbackReason: string | null = null;

	override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>) {
		const inner = (this as unknown as { layer: tf.layers.Layer }).layer;
		const x = singleTensor(inputs);
		const innerClass = inner.getClassName();
		this.lastFallbackReason =
			innerClass !== 'Dense'
				? `wraps ${innerClass}, not Dense`
				: x.rank !== 3
					? `input [${x.shape}] is not [batch, time, features]`
					: null;
		if (this.lastFallbackReason !== null) return super.call(inputs, kwargs);
		const [batch, time, features] = x.shape as [number, number, number];
		return tf.tidy(() => {
			// Dense's own call: fused matMul + bias + activation exactly as per step, on all rows.
			const rows = singleTensor(inner.call(tf.reshape(x, [batch * time, features]), kwargs));
			return tf.reshape(rows, [batch, time, rows.shape[1]!]);
		});
	}
}

// Registered under tfjs's names: any model deserialised after this module loads gets these.
for (const layerClass of [FastRepeatVector, FastTimeDistributedDense]) {
	tf.serialization.registerClass(
		layerClass as unknown as tf.serialization.SerializableConstructor<tf.layers.Layer>
	);
}
