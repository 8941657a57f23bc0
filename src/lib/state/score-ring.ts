import { assert } from '../core/assert';

/** One scored window: the time of its last sample (epoch ms), its score, each channel's share. */
export interface LiveScore {
	tMs: number;
	score: number;
	/** Per model channel, its share of the window's error (sums to about 1). */
	attribution: Float32Array;
}

/** The score lane's data: window end times (epoch ms, ascending) and their scores. */
export interface ScoreSeries {
	t: Float64Array;
	score: Float32Array;
}

/**
 * The newest `capacity` scores with their attribution rows, in a circular buffer: adding a call's
 * rows costs what they hold, not the whole ring (at 1 kHz a full-ring copy per call was a tenth
 * of the main thread: bench/detect). Rows without a score (NaN: no full window yet) are not kept.
 * Times only rise, so range queries find their rows by binary search.
 */
export class ScoreRing {
	readonly #channelCount: number;
	readonly #capacity: number;
	readonly #t: Float64Array;
	readonly #score: Float32Array;
	readonly #attribution: Float32Array;
	/** Physical index of the oldest kept score. */
	#head = 0;
	#count = 0;

	constructor(channelCount: number, capacity: number) {
		assert(Number.isInteger(capacity) && capacity >= 1, `bad capacity ${capacity}`);
		this.#channelCount = channelCount;
		this.#capacity = capacity;
		this.#t = new Float64Array(capacity);
		this.#score = new Float32Array(capacity);
		this.#attribution = new Float32Array(capacity * channelCount);
	}

	get size(): number {
		return this.#count;
	}

	/**
	 * Adds one call's rows: `t` per row (rising), `score` per row, `attribution` `[rows][channels]`.
	 * Returns the newest score added and a search for the newest one above a threshold.
	 */
	addRows(
		t: Float64Array,
		score: Float32Array,
		attribution: Float32Array
	): { latest: LiveScore | undefined; lastAbove: (threshold: number) => LiveScore | undefined } {
		const c = this.#channelCount;
		assert(
			score.length === t.length && attribution.length === t.length * c,
			`score rows: t ${t.length}, score ${score.length}, attribution ${attribution.length} for ${c} channels`
		);
		const at = (i: number): LiveScore => ({
			tMs: t[i]!,
			score: score[i]!,
			attribution: attribution.slice(i * c, (i + 1) * c)
		});
		let last = -1;
		for (let i = 0; i < t.length; i++) {
			if (Number.isNaN(score[i]!)) continue;
			last = i;
			const slot = (this.#head + this.#count) % this.#capacity;
			this.#t[slot] = t[i]!;
			this.#score[slot] = score[i]!;
			this.#attribution.set(attribution.subarray(i * c, (i + 1) * c), slot * c);
			if (this.#count < this.#capacity) this.#count++;
			else this.#head = (this.#head + 1) % this.#capacity;
		}
		return {
			latest: last < 0 ? undefined : at(last),
			lastAbove: (threshold) => {
				for (let i = t.length - 1; i >= 0; i--) if (score[i]! > threshold) return at(i);
				return undefined;
			}
		};
	}

	/** The highest kept score whose window ends in `[fromMs, toMs]`, with its attribution. */
	peak(fromMs: number, toMs: number): LiveScore | undefined {
		let best = -1;
		for (let k = this.#firstAtOrAfter(fromMs); k < this.#count; k++) {
			const slot = this.#slot(k);
			if (this.#t[slot]! > toMs) break;
			if (best < 0 || this.#score[slot]! > this.#score[best]!) best = slot;
		}
		if (best < 0) return undefined;
		const c = this.#channelCount;
		return {
			tMs: this.#t[best]!,
			score: this.#score[best]!,
			attribution: this.#attribution.slice(best * c, (best + 1) * c)
		};
	}

	/**
	 * Which channels drive an anomalous event: each channel's share of the error summed over the
	 * kept windows ending in `[fromMs, toMs]` that score above `threshold` (score × attribution,
	 * normalised). One window's attribution is noisy (a step in a differenced channel perturbs
	 * every channel's reconstruction at its peak); the event's sum names the culprit far more
	 * reliably (simulator at 10 Hz, 3 ch, two models × 56 injections: 111/112 vs 94/112 at the peak).
	 * A window flagged by a rule (score Infinity: missing or stuck values) weighs as much as the
	 * event's largest finite score, at least twice the threshold. Undefined when no window there is
	 * above the threshold.
	 */
	eventAttribution(
		fromMs: number,
		toMs: number,
		threshold: number
	): { attribution: Float32Array; windows: number } | undefined {
		const c = this.#channelCount;
		let largestFinite = 2 * threshold;
		const above: number[] = [];
		for (let k = this.#firstAtOrAfter(fromMs); k < this.#count; k++) {
			const slot = this.#slot(k);
			if (this.#t[slot]! > toMs) break;
			const score = this.#score[slot]!;
			if (!(score > threshold)) continue;
			above.push(slot);
			if (Number.isFinite(score) && score > largestFinite) largestFinite = score;
		}
		if (above.length === 0) return undefined;
		const sums = new Float64Array(c);
		for (const slot of above) {
			const score = this.#score[slot]!;
			const weight = Number.isFinite(score) ? score : largestFinite;
			for (let k = 0; k < c; k++) sums[k]! += weight * this.#attribution[slot * c + k]!;
		}
		const total = sums.reduce((a, b) => a + b, 0);
		const attribution = Float32Array.from(sums, (v) => (total > 0 ? v / total : 1 / c));
		return { attribution, windows: above.length };
	}

	/** The kept scores, oldest first, as new arrays (for `$state.raw`: replaced, never mutated). */
	series(): ScoreSeries {
		const t = new Float64Array(this.#count);
		const score = new Float32Array(this.#count);
		const firstPart = Math.min(this.#count, this.#capacity - this.#head);
		t.set(this.#t.subarray(this.#head, this.#head + firstPart));
		score.set(this.#score.subarray(this.#head, this.#head + firstPart));
		t.set(this.#t.subarray(0, this.#count - firstPart), firstPart);
		score.set(this.#score.subarray(0, this.#count - firstPart), firstPart);
		return { t, score };
	}

	#slot(logical: number): number {
		return (this.#head + logical) % this.#capacity;
	}

	/** Logical index of the first kept score at or after `tMs` (`size` when none). */
	#firstAtOrAfter(tMs: number): number {
		let low = 0;
		let high = this.#count;
		while (low < high) {
			const mid = (low + high) >>> 1;
			if (this.#t[this.#slot(mid)]! < tMs) low = mid + 1;
			else high = mid;
		}
		return low;
	}
}
