import type { Frame } from '../frame';

/** Small: a push at 1 kHz read every 16 ms holds 16 rows; the columns double when needed. */
const INITIAL_ROWS = 16;

/**
 * Growable columns that the parsers write one row into in place, reused across pushes so a push
 * allocates nothing per sample; `takeFrame` copies the rows out into a frame of exactly that size.
 * A parser writes row `length` and calls `commit` only when the line was a sample, so a rejected
 * line's partial writes are simply overwritten by the next line.
 */
export class SampleColumns {
	/** Epoch ms (or, before `takeFrame`, whatever the decoder stores there: raw device time). */
	t: Float64Array;
	channels: Float32Array[];
	length = 0;

	constructor(readonly channelCount: number) {
		this.t = new Float64Array(INITIAL_ROWS);
		this.channels = Array.from({ length: channelCount }, () => new Float32Array(INITIAL_ROWS));
	}

	/** Makes room for row `length`; call before writing it. */
	reserveRow(): void {
		if (this.length < this.t.length) return;
		const capacity = this.t.length * 2;
		this.t = grow(this.t, new Float64Array(capacity));
		this.channels = this.channels.map((column) => grow(column, new Float32Array(capacity)));
	}

	commit(): void {
		this.length++;
	}

	/** The committed rows as a frame of exactly that many rows; the columns start empty again. */
	takeFrame(): Frame {
		const rows = this.length;
		this.length = 0;
		// Most pushes of a slow stream complete no line: skip `slice`'s slower path for them.
		if (rows === 0) {
			return {
				t: new Float64Array(0),
				channels: this.channels.map(() => new Float32Array(0))
			};
		}
		return {
			t: this.t.slice(0, rows),
			channels: this.channels.map((column) => column.slice(0, rows))
		};
	}
}

function grow<T extends Float64Array | Float32Array>(from: T, to: T): T {
	to.set(from);
	return to;
}
