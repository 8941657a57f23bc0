import type { SourceStats } from './source';

/** `samplesPerSecond` counts the samples that arrived within this window before now. */
export const RATE_WINDOW_MS = 1000;
/** Intervals kept for the median rate estimate (odd, so the median is one of them). */
const KEPT_INTERVALS = 255;

/**
 * The running statistics every live source reports (`SourceStats`): counts, samples per second
 * over a sliding second of arrival time, and the sample rate estimated from the samples' own
 * timestamps as 1000 / (median interval in ms).
 *
 * Samples stamped with their arrival time come in runs with one timestamp (all the lines of one
 * read); a run of k samples followed by the next distinct time Δ ms later counts as k intervals
 * of Δ/k, so the estimate is the true rate rather than the read rate.
 */
export class SourceStatsTracker {
	#samples = 0;
	#bytes = 0;
	#invalidLines = 0;
	#droppedSamples = 0;
	/** Arrivals in the rate window: parallel arrays used as a queue from `#head`. */
	#arrivalAtMs: number[] = [];
	#arrivalCount: number[] = [];
	#head = 0;
	readonly #intervalsMs = new Float64Array(KEPT_INTERVALS);
	#intervalsKept = 0;
	#intervalNext = 0;
	#lastTimeMs = NaN;
	#runLength = 0;
	#estimatedRateHz: number | undefined = 0;

	addBytes(bytes: number): void {
		this.#bytes += bytes;
	}

	addInvalidLines(lines: number): void {
		this.#invalidLines += lines;
	}

	addDroppedSamples(samples: number): void {
		this.#droppedSamples += samples;
	}

	/** Records the samples of one batch: `t` are their timestamps (epoch ms, ascending). */
	addSamples(t: Float64Array, arrivalMs: number): void {
		if (t.length === 0) return;
		this.#samples += t.length;
		this.#forgetBefore(arrivalMs - RATE_WINDOW_MS);
		this.#arrivalAtMs.push(arrivalMs);
		this.#arrivalCount.push(t.length);
		for (let i = 0; i < t.length; i++) this.#addTime(t[i]!);
		this.#estimatedRateHz = undefined;
	}

	/** The statistics as of `nowMs` (epoch ms): a fresh object each call. */
	snapshot(nowMs: number): SourceStats {
		this.#forgetBefore(nowMs - RATE_WINDOW_MS);
		let recent = 0;
		for (let i = this.#head; i < this.#arrivalCount.length; i++) recent += this.#arrivalCount[i]!;
		this.#estimatedRateHz ??= this.#medianRateHz();
		return {
			samples: this.#samples,
			samplesPerSecond: (recent * 1000) / RATE_WINDOW_MS,
			estimatedRateHz: this.#estimatedRateHz,
			bytes: this.#bytes,
			invalidLines: this.#invalidLines,
			droppedSamples: this.#droppedSamples
		};
	}

	/**
	 * Forgets the last timestamp, so the gap across a reconnect (or a device restart) is not taken
	 * for a sample interval. Counts and the kept intervals stay.
	 */
	breakTimeline(): void {
		this.#lastTimeMs = NaN;
		this.#runLength = 0;
	}

	#addTime(timeMs: number): void {
		if (!Number.isFinite(timeMs)) return;
		if (timeMs === this.#lastTimeMs) {
			this.#runLength += 1;
			return;
		}
		if (timeMs > this.#lastTimeMs) {
			this.#intervalsMs[this.#intervalNext] = (timeMs - this.#lastTimeMs) / this.#runLength;
			this.#intervalNext = (this.#intervalNext + 1) % KEPT_INTERVALS;
			this.#intervalsKept = Math.min(KEPT_INTERVALS, this.#intervalsKept + 1);
		}
		// The first sample, or time went backwards (a device restarted its counter): start over.
		this.#lastTimeMs = timeMs;
		this.#runLength = 1;
	}

	#medianRateHz(): number {
		if (this.#intervalsKept === 0) return 0;
		const sorted = this.#intervalsMs.slice(0, this.#intervalsKept).sort();
		const middle = sorted.length >> 1;
		const medianMs =
			sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
		return medianMs > 0 ? 1000 / medianMs : 0;
	}

	#forgetBefore(cutoffMs: number): void {
		while (this.#head < this.#arrivalAtMs.length && this.#arrivalAtMs[this.#head]! <= cutoffMs) {
			this.#head += 1;
		}
		// Compact now and then rather than shifting on every batch.
		if (this.#head > 1024 || this.#head === this.#arrivalAtMs.length) {
			this.#arrivalAtMs = this.#arrivalAtMs.slice(this.#head);
			this.#arrivalCount = this.#arrivalCount.slice(this.#head);
			this.#head = 0;
		}
	}
}
