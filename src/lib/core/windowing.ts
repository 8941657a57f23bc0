import { assert } from './assert';

/**
 * Stride-1 sliding windows over columnar channels, materialised one batch at a time so that any
 * number of rows trains and scores in bounded memory. Window `w` covers rows
 * `[from + w, from + w + windowLength)`.
 */
export interface WindowSource {
	/** Number of windows. */
	readonly count: number;
	readonly windowLength: number;
	readonly channelCount: number;
	/**
	 * Writes windows `[first, first + count)` into `out`, row-major `[window][time][channel]`
	 * (the layout of a `[count, windowLength, channelCount]` tensor). `out` must hold at least
	 * `count · windowLength · channelCount` values.
	 */
	fill(first: number, count: number, out: Float32Array): void;
}

/** The number of stride-1 windows of `windowLength` rows in `rows` rows (0 if too few). */
export function windowCount(rows: number, windowLength: number): number {
	return Math.max(0, rows - windowLength + 1);
}

/** Windows over rows `[from, to)` of columnar channels (already scaled, if they need to be). */
export function columnarWindows(
	channels: readonly Float32Array[],
	windowLength: number,
	from = 0,
	to = channels[0]?.length ?? 0
): WindowSource {
	assert(channels.length > 0, 'windows need at least one channel');
	assert(Number.isInteger(windowLength) && windowLength >= 1, `bad window length ${windowLength}`);
	assert(
		0 <= from && from <= to && to <= channels[0]!.length,
		`bad row range [${from}, ${to}) of ${channels[0]!.length}`
	);
	return windowSourceAt(
		channels,
		windowLength,
		windowCount(to - from, windowLength),
		(w) => from + w
	);
}

/**
 * A `WindowSource` of `count` windows whose window `w` starts at row `startRow(w)`: the one fill
 * loop behind contiguous windows and windows over parts (`ml/detector/part-windows.ts`).
 */
export function windowSourceAt(
	channels: readonly Float32Array[],
	windowLength: number,
	count: number,
	startRow: (window: number) => number
): WindowSource {
	const channelCount = channels.length;
	return {
		count,
		windowLength,
		channelCount,
		fill(first, n, out) {
			assert(
				first >= 0 && n >= 0 && first + n <= count,
				`windows [${first}, ${first + n}) outside 0..${count}`
			);
			assert(
				out.length >= n * windowLength * channelCount,
				`output holds ${out.length}, needs ${n * windowLength * channelCount}`
			);
			let k = 0;
			for (let w = 0; w < n; w++) {
				const start = startRow(first + w);
				for (let step = 0; step < windowLength; step++) {
					const row = start + step;
					for (let c = 0; c < channelCount; c++) out[k++] = channels[c]![row]!;
				}
			}
		}
	};
}

/** Calls `visit` with consecutive batches of at most `batchSize` windows, reusing one buffer. */
export function forEachWindowBatch(
	source: WindowSource,
	batchSize: number,
	visit: (batch: Float32Array, first: number, count: number) => void
): void {
	assert(Number.isInteger(batchSize) && batchSize >= 1, `bad batch size ${batchSize}`);
	const stride = source.windowLength * source.channelCount;
	const buffer = new Float32Array(Math.min(batchSize, Math.max(1, source.count)) * stride);
	for (let first = 0; first < source.count; first += batchSize) {
		const count = Math.min(batchSize, source.count - first);
		source.fill(first, count, buffer);
		visit(buffer.subarray(0, count * stride), first, count);
	}
}
