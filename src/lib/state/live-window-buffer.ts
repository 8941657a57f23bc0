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

export { ScoreRing, type LiveScore, type ScoreSeries } from './score-ring';

/** Sample-to-score latencies over the last `spanMs` (default one minute). */
export class LatencyWindow {
	readonly #spanMs: number;
	#atMs: number[] = [];
	#latencyMs: number[] = [];

	constructor(spanMs = 60_000) {
		this.#spanMs = spanMs;
	}

	/** Records a latency measured at `atMs` (any monotonic clock, ms). */
	add(atMs: number, latencyMs: number): void {
		this.#atMs.push(atMs);
		this.#latencyMs.push(latencyMs);
		let drop = 0;
		while (drop < this.#atMs.length && this.#atMs[drop]! < atMs - this.#spanMs) drop++;
		if (drop > 0) {
			this.#atMs.splice(0, drop);
			this.#latencyMs.splice(0, drop);
		}
	}

	/** Median and 99th percentile (nearest rank) of the kept latencies, undefined when none. */
	percentiles(): { p50Ms: number; p99Ms: number } | undefined {
		const sorted = [...this.#latencyMs].sort((a, b) => a - b);
		if (sorted.length === 0) return undefined;
		const rank = (q: number) =>
			sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
		return { p50Ms: rank(0.5), p99Ms: rank(0.99) };
	}
}

/** Rows around anomalous windows: times (epoch ms) and one column per model channel. */
export interface KeptRows {
	t: Float64Array;
	channels: Float32Array[];
}

/**
 * Copies of the rows of recent anomalous windows, so an event's reconstruction can be asked for
 * after the live buffer has moved on (it keeps only a window of context). Each run of windows above
 * the threshold keeps its rows plus `contextRows` before its first window end (the window and one
 * row for differencing); a run that continues into the next scoring call is merged into the same
 * entry by time. At most `maxEvents` entries of at most `maxRowsPerEvent` rows (the oldest rows
 * of a longer run are dropped, so its earliest windows can no longer be reconstructed).
 */
export class AnomalyRows {
	readonly #contextRows: number;
	readonly #maxEvents: number;
	readonly #maxRowsPerEvent: number;
	#events: KeptRows[] = [];

	constructor(contextRows: number, maxEvents = 8, maxRowsPerEvent = 8192) {
		assert(
			contextRows >= 0 && maxEvents > 0 && maxRowsPerEvent > contextRows,
			`anomaly rows need context ≥ 0, events > 0, rows per event > context: got ${contextRows}, ${maxEvents}, ${maxRowsPerEvent}`
		);
		this.#contextRows = contextRows;
		this.#maxEvents = maxEvents;
		this.#maxRowsPerEvent = maxRowsPerEvent;
	}

	/**
	 * Keeps the rows of one scoring call's windows above `threshold`: `take` is the call's input,
	 * `score` the call's output for rows `[take.from, rows)`.
	 */
	add(take: WindowTake, score: Float32Array, threshold: number): void {
		const rows = take.t.length;
		let runStart = -1;
		for (let i = take.from; i <= rows; i++) {
			const above = i < rows && score[i - take.from]! > threshold;
			if (above && runStart < 0) runStart = i;
			if (!above && runStart >= 0) {
				this.#keep(take, Math.max(0, runStart - this.#contextRows), i);
				runStart = -1;
			}
		}
	}

	/**
	 * The kept rows holding the window that ends at `endMs` with `rowsBefore` rows before its end,
	 * and the row index of its end; undefined when they are not kept.
	 */
	find(endMs: number, rowsBefore: number): { rows: KeptRows; endRow: number } | undefined {
		for (const rows of this.#events) {
			const endRow = rows.t.indexOf(endMs);
			if (endRow >= rowsBefore) return { rows, endRow };
		}
		return undefined;
	}

	#keep(take: WindowTake, from: number, to: number): void {
		const last = this.#events.at(-1);
		const lastMs = last?.t.at(-1);
		let keptFrom = from;
		if (last && lastMs !== undefined && take.t[from]! <= lastMs) {
			// Overlaps the previous entry (the call's context rows): the same run, continued.
			while (keptFrom < to && take.t[keptFrom]! <= lastMs) keptFrom++;
			const merged: KeptRows = {
				t: concat(last.t, take.t.subarray(keptFrom, to), Float64Array),
				channels: last.channels.map((c, k) =>
					concat(c, take.channels[k]!.subarray(keptFrom, to), Float32Array)
				)
			};
			const drop = Math.max(0, merged.t.length - this.#maxRowsPerEvent);
			this.#events[this.#events.length - 1] = {
				t: merged.t.slice(drop),
				channels: merged.channels.map((c) => c.slice(drop))
			};
			return;
		}
		const start = Math.max(from, to - this.#maxRowsPerEvent);
		this.#events.push({
			t: take.t.slice(start, to),
			channels: take.channels.map((c) => c.slice(start, to))
		});
		if (this.#events.length > this.#maxEvents) this.#events.shift();
	}
}

function concat<T extends Float32Array | Float64Array>(
	a: T,
	b: T,
	Kind: { new (length: number): T }
): T {
	const out = new Kind(a.length + b.length);
	out.set(a);
	out.set(b, a.length);
	return out;
}
