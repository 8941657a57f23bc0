import { assert } from './assert';

/**
 * The `q`-quantile of `values` (NaN ignored) by linear interpolation between order statistics,
 * as NumPy's and pandas' default (`(n − 1) · q`). Returns NaN for no values.
 */
export function quantile(values: ArrayLike<number>, q: number): number {
	assert(q >= 0 && q <= 1, `quantile must be in [0, 1], got ${q}`);
	const sorted = Float64Array.from(values)
		.filter((v) => !Number.isNaN(v))
		.sort();
	if (sorted.length === 0) return NaN;
	const position = (sorted.length - 1) * q;
	const lower = Math.floor(position);
	const upper = Math.min(lower + 1, sorted.length - 1);
	return sorted[lower]! + (sorted[upper]! - sorted[lower]!) * (position - lower);
}
