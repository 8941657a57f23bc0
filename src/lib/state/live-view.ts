import { decimateMinMax, LiveDecimator } from '../core/decimate';
import type { Frame } from '../core/frame';
import type { ColumnarRingBuffer } from '../core/ring-buffer';

/**
 * Builds the decimated chart view of a live ring buffer: incrementally at the newest edge while
 * following the stream, or once from the buffered history when the user has scrolled back.
 */
export class LiveViewBuilder {
	readonly #decimator = new LiveDecimator();

	/**
	 * The rows of `windowMs` ending `scrollBackMs` before the newest sample, decimated to
	 * `binCount` bins. `scrollBackMs` 0 follows the stream (incremental, cheap).
	 */
	build(
		buffer: ColumnarRingBuffer,
		windowMs: number,
		binCount: number,
		scrollBackMs: number
	): Frame {
		if (scrollBackMs <= 0 || buffer.length === 0)
			return this.#decimator.update(buffer, windowMs, binCount);
		const endMs = buffer.timeAt(buffer.length - 1) - scrollBackMs;
		const startMs = endMs - windowMs;
		const from = buffer.lowerBound(startMs);
		const to = buffer.lowerBound(endMs + 1e-9);
		return decimateMinMax(buffer.copy(from, to), startMs, endMs, binCount);
	}
}

/** How far back the view can scroll: the buffered span minus one window, never negative. */
export function maxScrollBackMs(buffer: ColumnarRingBuffer | undefined, windowMs: number): number {
	if (!buffer || buffer.length < 2) return 0;
	const spanMs = buffer.timeAt(buffer.length - 1) - buffer.timeAt(0);
	return Math.max(0, spanMs - windowMs);
}
