import { assert } from './assert';
import { frameLength, type Frame } from './frame';

/**
 * A fixed-capacity columnar ring buffer of samples: one `Float64Array` of times and one
 * `Float32Array` per channel. Pushing past capacity overwrites the oldest rows. Reads are by
 * logical index (0 = oldest kept row) or as at most two contiguous, zero-copy segments.
 */
export class ColumnarRingBuffer {
	readonly capacity: number;
	readonly channelCount: number;
	readonly #t: Float64Array;
	readonly #channels: Float32Array[];
	/** Physical index of the oldest row. */
	#head = 0;
	#length = 0;
	#totalPushed = 0;

	constructor(channelCount: number, capacity: number) {
		assert(
			Number.isInteger(capacity) && capacity > 0,
			`capacity must be a positive integer, got ${capacity}`
		);
		assert(
			Number.isInteger(channelCount) && channelCount >= 0,
			`bad channel count ${channelCount}`
		);
		this.capacity = capacity;
		this.channelCount = channelCount;
		this.#t = new Float64Array(capacity);
		this.#channels = Array.from({ length: channelCount }, () => new Float32Array(capacity));
	}

	/** Rows held now (≤ capacity). */
	get length(): number {
		return this.#length;
	}

	/** Rows ever pushed; with `length` it tells how many were overwritten. Sequence number of the next row. */
	get totalPushed(): number {
		return this.#totalPushed;
	}

	/** Sequence number (count since creation) of the oldest row held. */
	get oldestSequence(): number {
		return this.#totalPushed - this.#length;
	}

	/** Appends rows in order. If the frame is longer than the capacity only its newest rows are kept. */
	push(frame: Frame): void {
		assert(
			frame.channels.length === this.channelCount,
			`pushed ${frame.channels.length} channels into a buffer of ${this.channelCount}`
		);
		const rows = frameLength(frame);
		const skip = Math.max(0, rows - this.capacity);
		const kept = rows - skip;
		const tail = (this.#head + this.#length) % this.capacity;
		const firstPart = Math.min(kept, this.capacity - tail);
		copyColumn(frame.t, this.#t, skip, tail, firstPart, kept);
		for (let c = 0; c < this.channelCount; c++) {
			copyColumn(frame.channels[c]!, this.#channels[c]!, skip, tail, firstPart, kept);
		}
		const overflow = Math.max(0, this.#length + kept - this.capacity);
		this.#head = (this.#head + overflow) % this.capacity;
		this.#length = Math.min(this.capacity, this.#length + kept);
		this.#totalPushed += rows;
	}

	/** Forgets every row (capacity and channels stay). */
	clear(): void {
		this.#head = 0;
		this.#length = 0;
	}

	/** Time (epoch ms) of logical row `index`. */
	timeAt(index: number): number {
		this.#checkIndex(index);
		return this.#t[(this.#head + index) % this.capacity]!;
	}

	/** Value of channel `channel` at logical row `index`. */
	valueAt(channel: number, index: number): number {
		this.#checkIndex(index);
		assert(
			channel >= 0 && channel < this.channelCount,
			`channel ${channel} out of 0..${this.channelCount - 1}`
		);
		return this.#channels[channel]![(this.#head + index) % this.capacity]!;
	}

	/**
	 * The held rows `[from, to)` (logical indices) as one or two contiguous zero-copy views, in order.
	 * The views alias the buffer: read them before the next `push`.
	 */
	segments(from = 0, to = this.#length): Frame[] {
		assert(
			0 <= from && from <= to && to <= this.#length,
			`bad range [${from}, ${to}) of ${this.#length}`
		);
		if (from === to) return [];
		const start = (this.#head + from) % this.capacity;
		const end = start + (to - from);
		if (end <= this.capacity) return [this.#view(start, end)];
		return [this.#view(start, this.capacity), this.#view(0, end - this.capacity)];
	}

	/** A copy of rows `[from, to)` in order, safe to keep or transfer. */
	copy(from = 0, to = this.#length): Frame {
		const parts = this.segments(from, to);
		const out: Frame = {
			t: new Float64Array(to - from),
			channels: Array.from({ length: this.channelCount }, () => new Float32Array(to - from))
		};
		let offset = 0;
		for (const part of parts) {
			out.t.set(part.t, offset);
			part.channels.forEach((column, c) => out.channels[c]!.set(column, offset));
			offset += part.t.length;
		}
		return out;
	}

	/** First logical index whose time is ≥ `timeMs` (binary search; times must be ascending). */
	lowerBound(timeMs: number): number {
		let lo = 0;
		let hi = this.#length;
		while (lo < hi) {
			const mid = (lo + hi) >>> 1;
			if (this.timeAt(mid) < timeMs) lo = mid + 1;
			else hi = mid;
		}
		return lo;
	}

	#view(start: number, end: number): Frame {
		return {
			t: this.#t.subarray(start, end),
			channels: this.#channels.map((column) => column.subarray(start, end))
		};
	}

	#checkIndex(index: number): void {
		assert(index >= 0 && index < this.#length, `row ${index} out of 0..${this.#length - 1}`);
	}
}

/** Copies `count` values from `source[skip..]` into the ring at `tail`, wrapping after `firstPart`. */
function copyColumn<T extends Float64Array | Float32Array>(
	source: T,
	target: T,
	skip: number,
	tail: number,
	firstPart: number,
	count: number
): void {
	target.set(source.subarray(skip, skip + firstPart), tail);
	if (count > firstPart) target.set(source.subarray(skip + firstPart, skip + count), 0);
}
