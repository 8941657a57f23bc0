import * as tf from '@tensorflow/tfjs';
import { assert } from '../../core/assert';
import { LSTM_KERNEL_LIMITS, type LstmActivation } from './lstm-contract';
import { fusedLstm, fusedLstmAvailable } from './lstm-op';

/**
 * tfjs's own LSTM layer class, taken from the serialization registry because tfjs does not export
 * it. If this module ever ran twice in one realm (hot reload), the registry already holds our
 * subclass: use its base then, never a subclass of ourselves.
 */
type LstmArgs = Parameters<typeof tf.layers.lstm>[0];
type LstmConstructor = (new (args: LstmArgs) => tf.RNN) & { vigilBase?: LstmConstructor };
const registered = tf.serialization.SerializationMap.getMap().classNameMap['LSTM']?.[0] as
	LstmConstructor | undefined;
assert(registered !== undefined, 'tfjs has no LSTM layer class registered');
const TfLstm: LstmConstructor = registered.vigilBase ?? registered;

/** The parts of tfjs's LSTMCell the fused path reads (tfjs types them as internal classes). */
interface LstmCellInternals {
	kernel: { read(): tf.Tensor };
	recurrentKernel: { read(): tf.Tensor };
	bias: { read(): tf.Tensor } | null;
	activation: { getClassName(): string };
	recurrentActivation: { getClassName(): string };
	useBias: boolean;
	dropout: number;
	recurrentDropout: number;
}

/**
 * tfjs's LSTM layer, same weights (names `kernel`, `recurrent_kernel`, `bias`, shapes and gate
 * order), same config and the SAME class name `LSTM`, so saved topologies, `initializeRecurrentWeights`
 * and export/import are unchanged. Its `call` runs the fused op when the active backend has a
 * fused kernel and the layer uses only what the kernels implement (sigmoid gates, tanh or relu,
 * bias, no dropout, masks, initial or returned state, stateful or backwards runs, sizes within
 * LSTM_KERNEL_LIMITS); anything else runs tfjs's own step-by-step LSTM.
 *
 * Registered under 'LSTM' for deserialisation: any model loaded after this module (ours, or an
 * exported file from before the fused kernels existed) gets this class.
 */
export class FusedLstm extends TfLstm {
	static override readonly vigilBase = TfLstm;
	static readonly className = 'LSTM';

	/** Why the last call did not fuse, or null when it did: for tests and diagnostics. */
	lastFallbackReason: string | null = null;

	override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>) {
		const x = Array.isArray(inputs) ? (inputs.length === 1 ? inputs[0] : undefined) : inputs;
		const reason = x === undefined ? 'several inputs' : this.fallbackReason(x, kwargs);
		this.lastFallbackReason = reason;
		if (reason !== null || x === undefined) return super.call(inputs, kwargs);
		const cell = this.cell as unknown as LstmCellInternals;
		const activation = cell.activation.getClassName() as LstmActivation;
		return tf.tidy(() => {
			const h = fusedLstm(
				x,
				cell.kernel.read(),
				cell.recurrentKernel.read(),
				cell.bias!.read(),
				activation
			);
			if (this.returnSequences) return h;
			const [batch, time, units] = h.shape;
			return tf.reshape(tf.slice(h, [0, time - 1, 0], [batch, 1, units]), [batch, units]);
		});
	}

	/** null when the fused op computes exactly what tfjs's LSTM would; otherwise why not. */
	private fallbackReason(x: tf.Tensor, kwargs: Record<string, unknown> | undefined): string | null {
		if (!fusedLstmAvailable()) return `no fused kernel for backend ${tf.getBackend()}`;
		const cell = this.cell as unknown as LstmCellInternals;
		const activation = cell.activation.getClassName();
		if (activation !== 'tanh' && activation !== 'relu') return `activation ${activation}`;
		const gate = cell.recurrentActivation.getClassName();
		if (gate !== 'sigmoid') return `recurrent activation ${gate}`;
		if (!cell.useBias || cell.bias === null) return 'no bias';
		if (cell.dropout > 0 || cell.recurrentDropout > 0) return 'dropout';
		if (kwargs?.['mask'] != null) return 'mask';
		if (kwargs?.['initialState'] != null) return 'initial state';
		const self = this as unknown as { stateful: boolean };
		if (self.stateful || this.goBackwards || this.returnState) return 'stateful/backwards/state';
		if (x.rank !== 3 || x.dtype !== 'float32') return `input [${x.shape}] ${x.dtype}`;
		const [, time, features] = x.shape as [number, number, number];
		const units = cell.recurrentKernel.read().shape[0]!;
		if (
			time > LSTM_KERNEL_LIMITS.maxTimeSteps ||
			features > LSTM_KERNEL_LIMITS.maxFeatures ||
			units > LSTM_KERNEL_LIMITS.maxUnits ||
			time === 0
		) {
			return `shape outside the kernel limits: time ${time}, features ${features}, units ${units}`;
		}
		return null;
	}
}

tf.serialization.registerClass(
	FusedLstm as unknown as tf.serialization.SerializableConstructor<tf.layers.Layer>
);
