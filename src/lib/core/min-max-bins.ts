import { assert } from './assert';
import type { Frame } from './frame';

/**
 * Min/max decimation bins aligned to absolute time: bin `id` covers `[id·binMs, (id+1)·binMs)`.
 * Absolute alignment keeps a bin's content stable as a live window slides, so a live chart can
 * keep its bins between frames and only add the newly arrived samples. Slots are reused
 * circularly (`id mod slotCount`), so it holds the newest `slotCount` bins.
 *
 * Per bin it keeps, for every channel, the minimum and maximum finite value and when each
 * occurred, so the output draws them in the order they happened: a one-sample spike survives
 * any amount of decimation.
 */
export class MinMaxBins {
	readonly channelCount: number;
	readonly slotCount: number;
	readonly binMs: number;
	readonly #ids: Float64Array;
	readonly #firstT: Float64Array;
	readonly #lastT: Float64Array;
	readonly #min: Float32Array[];
	readonly #max: Float32Array[];
	readonly #minT: Float64Array[];
	readonly #maxT: Float64Array[];

	constructor(channelCount: number, slotCount: number, binMs: number) {
		assert(binMs > 0 && Number.isFinite(binMs), `binMs must be positive, got ${binMs}`);
		assert(Number.isInteger(slotCount) && slotCount > 0, `bad slot count ${slotCount}`);
		this.channelCount = channelCount;
		this.slotCount = slotCount;
		this.binMs = binMs;
		this.#ids = new Float64Array(slotCount).fill(NaN);
		this.#firstT = new Float64Array(slotCount);
		this.#lastT = new Float64Array(slotCount);
		const perChannel = <A>(make: () => A) => Array.from({ length: channelCount }, make);
		this.#min = perChannel(() => new Float32Array(slotCount));
		this.#max = perChannel(() => new Float32Array(slotCount));
		this.#minT = perChannel(() => new Float64Array(slotCount));
		this.#maxT = perChannel(() => new Float64Array(slotCount));
	}

	/** The id of the bin holding time `timeMs`. */
	binOf(timeMs: number): number {
		return Math.floor(timeMs / this.binMs);
	}

	/** Adds rows `[from, to)` of a frame (times ascending). */
	add(frame: Frame, from = 0, to = frame.t.length): void {
		assert(
			frame.channels.length === this.channelCount,
			`frame has ${frame.channels.length} channels, bins ${this.channelCount}`
		);
		const { t } = frame;
		for (let i = from; i < to; i++) {
			const time = t[i]!;
			const id = Math.floor(time / this.binMs);
			const slot = modulo(id, this.slotCount);
			if (this.#ids[slot] !== id) this.#open(slot, id, time);
			this.#lastT[slot] = time;
			for (let c = 0; c < this.channelCount; c++) {
				const value = frame.channels[c]![i]!;
				if (Number.isNaN(value)) continue;
				const min = this.#min[c]!;
				const max = this.#max[c]!;
				// Strict comparisons keep the earliest occurrence of a repeated extreme.
				if (value < min[slot]!) {
					min[slot] = value;
					this.#minT[c]![slot] = time;
				}
				if (value > max[slot]!) {
					max[slot] = value;
					this.#maxT[c]![slot] = time;
				}
			}
		}
	}

	/**
	 * The decimated rows for bins `firstId..lastId`: two rows per bin with samples (at the bin's first
	 * and last sample time; one row if they coincide), none for an empty bin. A channel with no finite
	 * value in a bin gets `NaN` (a gap). At most `2 · (lastId − firstId + 1)` rows.
	 */
	write(firstId: number, lastId: number): Frame {
		const maxRows = 2 * Math.max(0, lastId - firstId + 1);
		const t = new Float64Array(maxRows);
		const channels = Array.from({ length: this.channelCount }, () => new Float32Array(maxRows));
		let row = 0;
		for (let id = Math.max(firstId, lastId - this.slotCount + 1); id <= lastId; id++) {
			const slot = modulo(id, this.slotCount);
			if (this.#ids[slot] !== id) continue;
			const first = this.#firstT[slot]!;
			const last = this.#lastT[slot]!;
			const two = last > first;
			t[row] = first;
			if (two) t[row + 1] = last;
			for (let c = 0; c < this.channelCount; c++) {
				const min = this.#min[c]![slot]!;
				const max = this.#max[c]![slot]!;
				const out = channels[c]!;
				if (min > max) {
					out[row] = NaN; // only NaN seen: a gap
					if (two) out[row + 1] = NaN;
				} else if (!two) {
					out[row] = min;
				} else if (this.#minT[c]![slot]! <= this.#maxT[c]![slot]!) {
					out[row] = min;
					out[row + 1] = max;
				} else {
					out[row] = max;
					out[row + 1] = min;
				}
			}
			row += two ? 2 : 1;
		}
		return { t: t.subarray(0, row), channels: channels.map((column) => column.subarray(0, row)) };
	}

	#open(slot: number, id: number, time: number): void {
		this.#ids[slot] = id;
		this.#firstT[slot] = time;
		for (let c = 0; c < this.channelCount; c++) {
			this.#min[c]![slot] = Infinity;
			this.#max[c]![slot] = -Infinity;
		}
	}
}

function modulo(a: number, n: number): number {
	const r = a % n;
	return r < 0 ? r + n : r;
}
