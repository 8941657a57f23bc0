import { assert } from '../core/assert';

/** Where each of a model's channels is in the source, or which ones the source lacks. */
export type ChannelMapping = { ok: true; sourceIndex: number[] } | { ok: false; missing: string[] };

/**
 * Maps a model's channels to the source's by name (extra source channels are ignored).
 * `sourceIndex[m]` is the source column of model channel `m`.
 */
export function mapChannels(
	modelNames: readonly string[],
	sourceNames: readonly string[]
): ChannelMapping {
	const missing = modelNames.filter((name) => !sourceNames.includes(name));
	if (missing.length > 0) return { ok: false, missing };
	return { ok: true, sourceIndex: modelNames.map((name) => sourceNames.indexOf(name)) };
}

/** One scoring call's input: context rows then the pending rows, which get scores. */
export interface WindowTake {
	/** Epoch ms per row of `channels` (context and pending). */
	t: Float64Array;
	/** One column per model channel, `rows` long. */
	channels: Float32Array[];
	/** Rows `[from, rows)` are new and get a score; the rows before are context. */
	from: number;
	/** Rows that arrived since the previous take but were dropped because scoring fell behind. */
	skipped: number;
}

/**
 * The rows live scoring needs: the last `contextRows` rows already scored (a window ending on a
 * new row reaches back `windowLength - 1` rows; differencing one more) and the rows not yet
 * scored, at most `maxPendingRows` of them. When scoring falls further behind than that, the
 * oldest pending rows are dropped (counted in `skipped`), so one call never grows without bound
 * and the scores stay close to now.
 */
export class LiveWindowBuffer {
	readonly #contextRows: number;
	readonly #capacity: number;
	readonly #t: Float64Array;
	readonly #channels: Float32Array[];
	#length = 0;
	#pending = 0;
	#skipped = 0;

	constructor(channelCount: number, contextRows: number, maxPendingRows: number) {
		assert(
			channelCount > 0 && contextRows >= 0 && maxPendingRows > 0,
			`window buffer needs channels > 0, context ≥ 0, pending > 0: got ${channelCount}, ${contextRows}, ${maxPendingRows}`
		);
		this.#contextRows = contextRows;
		this.#capacity = contextRows + maxPendingRows;
		this.#t = new Float64Array(this.#capacity);
		this.#channels = Array.from({ length: channelCount }, () => new Float32Array(this.#capacity));
	}

	/** Rows waiting for a score. */
	get pendingRows(): number {
		return this.#pending;
	}

	/**
	 * Appends rows: `t` (epoch ms) and the model's columns picked from the source's by
	 * `sourceIndex` (from `mapChannels`).
	 */
	push(t: Float64Array, sourceColumns: readonly Float32Array[], sourceIndex: readonly number[]) {
		assert(
			sourceIndex.length === this.#channels.length,
			`expected ${this.#channels.length} mapped channels, got ${sourceIndex.length}`
		);
		const rows = t.length;
		// Only the newest `capacity` rows of this batch can matter.
		const start = Math.max(0, rows - this.#capacity);
		const incoming = rows - start;
		const overflow = Math.max(0, this.#length + incoming - this.#capacity);
		if (overflow > 0) {
			this.#shift(overflow);
		}
		this.#t.set(t.subarray(start), this.#length);
		sourceIndex.forEach((source, c) => {
			const column = sourceColumns[source];
			assert(
				column?.length === rows,
				`source column ${source} has ${column?.length} rows, t ${rows}`
			);
			this.#channels[c]!.set(column.subarray(start), this.#length);
		});
		this.#length += incoming;
		const maxPending = this.#capacity - this.#contextRows;
		const pending = this.#pending + rows;
		this.#skipped += Math.max(0, pending - maxPending);
		this.#pending = Math.min(pending, maxPending);
	}

	/** The rows to score now (copies), or undefined when nothing is pending. */
	take(): WindowTake | undefined {
		if (this.#pending === 0) return undefined;
		const start = Math.max(0, this.#length - this.#pending - this.#contextRows);
		const take: WindowTake = {
			t: this.#t.slice(start, this.#length),
			channels: this.#channels.map((c) => c.slice(start, this.#length)),
			from: this.#length - this.#pending - start,
			skipped: this.#skipped
		};
		this.#pending = 0;
		this.#skipped = 0;
		// Only the context for the next call need stay.
		this.#shift(Math.max(0, this.#length - this.#contextRows));
		return take;
	}

	#shift(rows: number): void {
		if (rows === 0) return;
		this.#t.copyWithin(0, rows, this.#length);
		for (const column of this.#channels) column.copyWithin(0, rows, this.#length);
		this.#length -= rows;
	}
}
