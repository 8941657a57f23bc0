/**
 * A small, fast, seeded PRNG (mulberry32). Same seed, same sequence, on every engine:
 * the simulator's ground truth and every "same seed ⇒ same data" test depend on that.
 */
export class SeededRandom {
	#state: number;
	#spareGaussian: number | undefined;

	constructor(seed: number) {
		this.#state = seed >>> 0;
	}

	/** Uniform in [0, 1). */
	next(): number {
		let z = (this.#state = (this.#state + 0x6d2b79f5) >>> 0);
		z = Math.imul(z ^ (z >>> 15), z | 1);
		z ^= z + Math.imul(z ^ (z >>> 7), z | 61);
		return ((z ^ (z >>> 14)) >>> 0) / 4294967296;
	}

	/** Standard normal (mean 0, std 1), by the Box–Muller transform; uses its spare value next call. */
	gaussian(): number {
		const spare = this.#spareGaussian;
		if (spare !== undefined) {
			this.#spareGaussian = undefined;
			return spare;
		}
		const u = 1 - this.next(); // (0, 1]: log never sees 0
		const v = this.next();
		const radius = Math.sqrt(-2 * Math.log(u));
		this.#spareGaussian = radius * Math.sin(2 * Math.PI * v);
		return radius * Math.cos(2 * Math.PI * v);
	}
}

/** Derives an independent seed from a seed and a stream id, so sub-streams do not overlap. */
export function deriveSeed(seed: number, streamId: number): number {
	let h = (seed ^ Math.imul(streamId + 0x9e3779b9, 0x85ebca6b)) >>> 0;
	h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
	h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
	return (h ^ (h >>> 16)) >>> 0;
}
