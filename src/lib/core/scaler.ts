import { assert } from './assert';

/** A per-channel z-score scaler: `(x − mean) / std`, fitted with the population std. */
export interface Scaler {
	mean: Float64Array;
	std: Float64Array;
}

export interface ScalerFit {
	scaler: Scaler;
	/** Human-readable warnings naming the channel: constant or empty channels. */
	warnings: string[];
}

/**
 * Fits mean and population standard deviation on rows `[from, to)` of each channel, ignoring
 * `NaN`. A constant channel gets std 1 (so it scales to 0, never to NaN or ±Infinity) and a
 * warning; a channel with no finite value gets mean 0, std 1 and a warning.
 */
export function fitScaler(
	channels: readonly Float32Array[],
	names: readonly string[] = channels.map((_, c) => `channel ${c}`),
	from = 0,
	to = channels[0]?.length ?? 0
): ScalerFit {
	const mean = new Float64Array(channels.length);
	const std = new Float64Array(channels.length);
	const warnings: string[] = [];
	channels.forEach((column, c) => {
		assert(to <= column.length, `channel ${c} has ${column.length} rows, fit asked for ${to}`);
		// Welford's update: one pass, numerically stable for large offsets (e.g. 230 V ± 0.3).
		let n = 0;
		let m = 0;
		let m2 = 0;
		for (let i = from; i < to; i++) {
			const x = column[i]!;
			if (Number.isNaN(x)) continue;
			n++;
			const delta = x - m;
			m += delta / n;
			m2 += delta * (x - m);
		}
		const name = names[c] ?? `channel ${c}`;
		const sd = n > 0 ? Math.sqrt(m2 / n) : 0;
		mean[c] = n > 0 ? m : 0;
		if (n === 0) warnings.push(`${name} has no values in the fitted rows: it will scale to 0`);
		else if (!(sd > 1e-12 * Math.max(1, Math.abs(m))))
			warnings.push(`${name} is constant (${m}) in the fitted rows: it will scale to 0`);
		std[c] = n > 0 && sd > 1e-12 * Math.max(1, Math.abs(m)) ? sd : 1;
	});
	return { scaler: { mean, std }, warnings };
}

/** Scaled copies of the channels (`NaN` stays `NaN`). */
export function applyScaler(channels: readonly Float32Array[], scaler: Scaler): Float32Array[] {
	assert(
		channels.length === scaler.mean.length,
		`scaler has ${scaler.mean.length} channels, data ${channels.length}`
	);
	return channels.map((column, c) => {
		const mean = scaler.mean[c]!;
		const std = scaler.std[c]!;
		const out = new Float32Array(column.length);
		for (let i = 0; i < column.length; i++) out[i] = (column[i]! - mean) / std;
		return out;
	});
}
