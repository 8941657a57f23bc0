import { assert } from './assert';
import type { Frame } from './frame';
import { MinMaxBins } from './min-max-bins';
import type { ColumnarRingBuffer } from './ring-buffer';

/**
 * Min/max decimation of a whole frame to at most `binCount` bins over `[startMs, endMs)`
 * (two rows per bin at most). For drawing a stored recording at the chart's pixel width.
 */
export function decimateMinMax(
	frame: Frame,
	startMs: number,
	endMs: number,
	binCount: number
): Frame {
	assert(endMs > startMs, `empty time range [${startMs}, ${endMs})`);
	assert(Number.isInteger(binCount) && binCount > 0, `bad bin count ${binCount}`);
	const binMs = (endMs - startMs) / binCount;
	// Bins are aligned to absolute time, so the range can straddle binCount + 1 of them.
	const bins = new MinMaxBins(frame.channels.length, binCount + 1, binMs);
	const from = lowerBound(frame.t, startMs);
	const to = lowerBound(frame.t, endMs);
	bins.add(frame, from, to);
	// The last bin is the one holding the last instant before endMs.
	return bins.write(bins.binOf(startMs), Math.ceil(endMs / binMs) - 1);
}

/**
 * Decimates the newest `windowMs` of a live ring buffer for a chart `binCount` pixels wide,
 * incrementally: bins survive between calls and only rows pushed since the last call are binned.
 * A change of window, width or buffer rebuilds the bins from the buffer once.
 */
export class LiveDecimator {
	#bins: MinMaxBins | undefined;
	#buffer: ColumnarRingBuffer | undefined;
	#windowMs = 0;
	#binCount = 0;
	/** Sequence number of the next buffer row to bin. */
	#nextSequence = 0;

	/** Decimated rows covering the `windowMs` that end at the buffer's newest sample. */
	update(buffer: ColumnarRingBuffer, windowMs: number, binCount: number): Frame {
		assert(windowMs > 0, `windowMs must be positive, got ${windowMs}`);
		if (buffer.length === 0)
			return { t: new Float64Array(0), channels: buffer.copy(0, 0).channels };
		const endMs = buffer.timeAt(buffer.length - 1);
		const stale =
			this.#bins === undefined ||
			this.#buffer !== buffer ||
			this.#windowMs !== windowMs ||
			this.#binCount !== binCount ||
			this.#nextSequence < buffer.oldestSequence; // rows were overwritten before we saw them
		if (stale) this.#rebuild(buffer, windowMs, binCount, endMs);
		const bins = this.#bins!;
		const from = this.#nextSequence - buffer.oldestSequence;
		for (const part of buffer.segments(from)) bins.add(part);
		this.#nextSequence = buffer.totalPushed;
		const lastId = bins.binOf(endMs);
		return bins.write(lastId - binCount + 1, lastId);
	}

	#rebuild(buffer: ColumnarRingBuffer, windowMs: number, binCount: number, endMs: number): void {
		// Two spare slots: the window's two edge bins are usually partial.
		this.#bins = new MinMaxBins(buffer.channelCount, binCount + 2, windowMs / binCount);
		this.#buffer = buffer;
		this.#windowMs = windowMs;
		this.#binCount = binCount;
		this.#nextSequence =
			buffer.oldestSequence + buffer.lowerBound(endMs - windowMs - windowMs / binCount);
	}
}

function lowerBound(sorted: Float64Array, value: number): number {
	let lo = 0;
	let hi = sorted.length;
	while (lo < hi) {
		const mid = (lo + hi) >>> 1;
		if (sorted[mid]! < value) lo = mid + 1;
		else hi = mid;
	}
	return lo;
}
