import { assert } from './assert';

/** Milliseconds since the Unix epoch. Branded so it is never mixed up with a duration or an index. */
export type EpochMs = number & { readonly __unit: 'EpochMs' };
/** A sample rate in samples per second. */
export type Hz = number & { readonly __unit: 'Hz' };

/**
 * Vigil's one interchange shape: columnar samples. `t[i]` is the time of row `i` in epoch ms,
 * ascending; `channels[c][i]` is channel `c` at that time, `NaN` for a gap. All arrays have the
 * same length, so `[t, ...channels]` is a uPlot `AlignedData` without copying.
 */
export interface Frame {
	t: Float64Array;
	channels: Float32Array[];
}

/** Number of rows in a frame, after checking that every column has the same length. */
export function frameLength(frame: Frame): number {
	const rows = frame.t.length;
	for (let c = 0; c < frame.channels.length; c++) {
		const length = frame.channels[c]?.length;
		assert(length === rows, `frame column ${c} has ${length} rows, t has ${rows}`);
	}
	return rows;
}

/** An empty frame with `channelCount` channels and room for `rows` rows (filled with zeros). */
export function allocateFrame(channelCount: number, rows: number): Frame {
	return {
		t: new Float64Array(rows),
		channels: Array.from({ length: channelCount }, () => new Float32Array(rows))
	};
}
