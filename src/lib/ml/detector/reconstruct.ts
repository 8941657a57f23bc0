import * as tf from '@tensorflow/tfjs';
import { assert } from '../../core/assert';
import { applyDifferencing } from '../../core/differencing';
import { applyScaler } from '../../core/scaler';
import { columnarWindows } from '../../core/windowing';
import type { FittedDetector } from './fit';

/** One window's input and the model's reconstruction of it, both in channel units. */
export interface WindowReconstruction {
	/** `[channel][windowLength]`: the rows the window covers, as received. */
	actual: Float32Array[];
	/** `[channel][windowLength]`: the model's reconstruction of those rows, in levels. */
	reconstructed: Float32Array[];
}

/**
 * Reconstructs the window that ends on row `endRow` (inclusive, as in `detectRows`: rows
 * `[endRow − windowLength + 1, endRow]`). The input goes through differencing and the scaler as
 * scoring does, the model runs on that one window, and the scaler is undone. A differenced channel's
 * model output is a sequence of differences: it is turned back into levels by adding them up from
 * the actual value of the row before the window (so the overlay starts where the data does and
 * shows how the reconstructed shape departs from it, not a chart of differences nobody reads).
 * Leaves no tensors behind.
 */
export async function reconstructWindow(
	detector: FittedDetector,
	channels: readonly Float32Array[],
	endRow: number
): Promise<WindowReconstruction> {
	const windowLength = detector.config.windowLength;
	const channelCount = channels.length;
	const start = endRow - windowLength + 1;
	const rows = channels[0]?.length ?? 0;
	assert(
		channelCount === detector.scaler.mean.length,
		`detector has ${detector.scaler.mean.length} channels, data ${channelCount}`
	);
	assert(
		Number.isInteger(endRow) && start >= 0 && endRow < rows,
		`window ending on row ${endRow} (length ${windowLength}) is outside 0..${rows - 1}`
	);
	const inputs = applyDifferencing(channels, detector.differenced, start, endRow + 1);
	const scaled = applyScaler(inputs, detector.scaler);
	const buffer = new Float32Array(windowLength * channelCount);
	columnarWindows(scaled, windowLength).fill(0, 1, buffer);
	const output = tf.tidy(() => {
		const x = tf.tensor3d(buffer, [1, windowLength, channelCount]);
		return detector.model.apply(x, { training: false }) as tf.Tensor3D;
	});
	const values = await output.data<'float32'>();
	output.dispose();

	const actual = channels.map((column) => column.slice(start, endRow + 1));
	const reconstructed = actual.map((_, c) => {
		const mean = detector.scaler.mean[c]!;
		const std = detector.scaler.std[c]!;
		const out = new Float32Array(windowLength);
		for (let t = 0; t < windowLength; t++) out[t] = values[t * channelCount + c]! * std + mean;
		if (!detector.differenced[c]) return out;
		// Row 0 has no row before it: its input difference repeats the next one (applyDifferencing).
		let level = start > 0 ? channels[c]![start - 1]! : channels[c]![0]! - inputs[c]![0]!;
		for (let t = 0; t < windowLength; t++) out[t] = level += out[t]!;
		return out;
	});
	return { actual, reconstructed };
}
