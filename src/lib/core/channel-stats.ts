/** Summary of one channel over some rows. Values are NaN when the channel has no values there. */
export interface ChannelStats {
	min: number;
	max: number;
	mean: number;
	/** Population standard deviation. */
	std: number;
	/** Share of missing (NaN) values, percent. */
	missingPct: number;
}

/** Min, max, mean, population std and missing share of a column (one pass, Welford). */
export function channelStats(column: Float32Array): ChannelStats {
	return channelStatsOfParts([column]);
}

/**
 * The same over a column held in several parts, as if concatenated: the one or two zero-copy
 * views a ring buffer hands out, so live statistics need no copy of the window.
 */
export function channelStatsOfParts(parts: readonly Float32Array[]): ChannelStats {
	let n = 0;
	let total = 0;
	let mean = 0;
	let m2 = 0;
	let min = Infinity;
	let max = -Infinity;
	for (const column of parts) {
		total += column.length;
		for (let i = 0; i < column.length; i++) {
			const x = column[i]!;
			if (Number.isNaN(x)) continue;
			n++;
			const delta = x - mean;
			mean += delta / n;
			m2 += delta * (x - mean);
			if (x < min) min = x;
			if (x > max) max = x;
		}
	}
	const missingPct = total > 0 ? (100 * (total - n)) / total : 0;
	if (n === 0) return { min: NaN, max: NaN, mean: NaN, std: NaN, missingPct };
	return { min, max, mean, std: Math.sqrt(m2 / n), missingPct };
}
