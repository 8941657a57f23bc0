import { assert } from './assert';

/** Training rows are cut into this many consecutive blocks to see whether the level moves. */
export const DRIFT_BLOCKS = 4;

/**
 * How much a channel's level wanders over rows `[from, to)`: the share of its variance explained
 * by the means of `blocks` consecutive blocks (one-way ANOVA's η², 0…1; NaN ignored). Near 0 for
 * anything stationary on the scale of a block, however smooth or periodic; large for a trend or a
 * slow walk (a pump's water warming up), whose level later in the stream the training rows cannot
 * pin down. (Lag-1 autocorrelation cannot tell those apart: a smooth sine has it near 1 too.)
 */
export function levelDriftShare(
	column: Float32Array,
	from = 0,
	to = column.length,
	blocks = DRIFT_BLOCKS
): number {
	const size = Math.floor((to - from) / blocks);
	if (size < 2) return 0;
	const means: number[] = [];
	const counts: number[] = [];
	let total = 0;
	let count = 0;
	for (let b = 0; b < blocks; b++) {
		let sum = 0;
		let n = 0;
		for (let i = from + b * size; i < from + (b + 1) * size; i++) {
			const x = column[i]!;
			if (Number.isNaN(x)) continue;
			sum += x;
			n++;
		}
		means.push(n > 0 ? sum / n : 0);
		counts.push(n);
		total += sum;
		count += n;
	}
	if (count === 0) return 0;
	const mean = total / count;
	let within = 0;
	let between = 0;
	for (let b = 0; b < blocks; b++) {
		between += counts[b]! * (means[b]! - mean) ** 2;
		for (let i = from + b * size; i < from + (b + 1) * size; i++) {
			const x = column[i]!;
			if (!Number.isNaN(x)) within += (x - means[b]!) ** 2;
		}
	}
	const variance = within + between;
	return variance > 0 ? between / variance : 0;
}

/**
 * Which channels to model as first differences: those whose level drift share over the training
 * rows exceeds `threshold`. A threshold of 1 never differences.
 */
export function driftingChannels(
	channels: readonly Float32Array[],
	threshold: number,
	from = 0,
	to = channels[0]?.length ?? 0
): Uint8Array {
	return Uint8Array.from(channels, (column) =>
		threshold < 1 && levelDriftShare(column, from, to) > threshold ? 1 : 0
	);
}

/**
 * Rows `[from, to)` of the channels with the masked ones replaced by first differences
 * `x[i] − x[i−1]`. The first row uses row `from − 1` when there is one, otherwise it repeats the
 * next difference (so a series starting at row 0 has no artificial jump). Unmasked channels are
 * returned as views, not copies.
 */
export function applyDifferencing(
	channels: readonly Float32Array[],
	mask: Uint8Array,
	from: number,
	to: number
): Float32Array[] {
	assert(
		mask.length === channels.length,
		`differencing mask has ${mask.length} channels, data ${channels.length}`
	);
	return channels.map((column, c) => {
		if (!mask[c]) return column.subarray(from, to);
		const out = new Float32Array(to - from);
		for (let i = from; i < to; i++) out[i - from] = i > 0 ? column[i]! - column[i - 1]! : NaN;
		if (from === 0 && out.length > 1) out[0] = out[1]!;
		return out;
	});
}
