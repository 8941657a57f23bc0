/**
 * The event panel's actual-versus-reconstructed overlay, state side: result types and the cache
 * of window reconstructions (computed in the live detector worker, see live-detection.svelte.ts).
 */

/** One channel of a window as received and as the model reconstructs it (channel units). */
export interface ChannelReconstruction {
	/** Epoch ms per row of the window. */
	t: Float64Array;
	actual: Float32Array;
	reconstructed: Float32Array;
}

export type ReconstructionResult =
	({ ok: true } & ChannelReconstruction) | { ok: false; reason: string };

/** Every channel of one window (model order), as the worker returns it. */
export interface WindowReconstruction {
	t: Float64Array;
	actual: Float32Array[];
	reconstructed: Float32Array[];
}

/**
 * Pending or settled reconstructions by key (`${versionId}|${windowEndMs}`), at most `capacity`,
 * the oldest dropped first. A failed one is dropped, so a later request tries again. Not
 * rendered: a plain Map on purpose.
 */
export class ReconstructionCache {
	readonly #capacity: number;
	readonly #entries = new Map<string, Promise<WindowReconstruction>>();

	constructor(capacity: number) {
		this.#capacity = capacity;
	}

	/** The entry for `key`, or the one `create` makes (undefined: nothing to compute, not cached). */
	getOrCreate(
		key: string,
		create: () => Promise<WindowReconstruction> | undefined
	): Promise<WindowReconstruction> | undefined {
		const cached = this.#entries.get(key);
		if (cached) return cached;
		const pending = create();
		if (!pending) return undefined;
		this.#entries.set(key, pending);
		// Oldest first (Map order): drop past the capacity.
		for (const old of this.#entries.keys()) {
			if (this.#entries.size <= this.#capacity) break;
			this.#entries.delete(old);
		}
		pending.catch(() => {
			if (this.#entries.get(key) === pending) this.#entries.delete(key);
		});
		return pending;
	}

	get size(): number {
		return this.#entries.size;
	}
}

/** One channel of a window reconstruction as the overlay takes it. */
export function channelOf(window: WindowReconstruction, channel: number): ReconstructionResult {
	return {
		ok: true,
		t: window.t,
		actual: window.actual[channel]!,
		reconstructed: window.reconstructed[channel]!
	};
}
