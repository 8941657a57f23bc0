/** How reconnect attempts are spaced; every value in milliseconds. */
export interface BackoffOptions {
	/** Ceiling of the first delay. */
	initialMs: number;
	/** The ceiling doubles (×`factor`) per failed attempt up to this. */
	maxMs: number;
	factor: number;
	/** A connection that lasted this long was healthy: the next loss starts again at `initialMs`. */
	healthyAfterMs: number;
}

export const DEFAULT_BACKOFF: Readonly<BackoffOptions> = Object.freeze({
	initialMs: 500,
	maxMs: 30_000,
	factor: 2,
	healthyAfterMs: 10_000
});

/**
 * Exponential backoff with full jitter (the delay is uniform in [0, ceiling]): many clients that
 * lost the same server at the same moment spread out instead of reconnecting in lockstep. The
 * attempt count is reset only after a connection stayed up `healthyAfterMs`, so a server that
 * accepts and then drops at once still backs off.
 */
export class ReconnectBackoff {
	readonly options: Readonly<BackoffOptions>;
	readonly #random: () => number;
	#failures = 0;
	#connectedAtMs: number | undefined;

	/** `random` returns values in [0, 1) (injected so tests can pin the jitter). */
	constructor(options: Partial<BackoffOptions> = {}, random: () => number = Math.random) {
		this.options = { ...DEFAULT_BACKOFF, ...options };
		this.#random = random;
	}

	/** Attempts since the last healthy connection. */
	get failures(): number {
		return this.#failures;
	}

	/** A connection is up as of `nowMs` (epoch ms). */
	connected(nowMs: number): void {
		this.#connectedAtMs = nowMs;
	}

	/**
	 * The connection was lost (or an attempt failed) at `nowMs`: returns the 1-based attempt number
	 * and how long to wait before it, in ms.
	 */
	next(nowMs: number): { attempt: number; delayMs: number } {
		const upSince = this.#connectedAtMs;
		this.#connectedAtMs = undefined;
		if (upSince !== undefined && nowMs - upSince >= this.options.healthyAfterMs) {
			this.#failures = 0;
		}
		const { initialMs, maxMs, factor } = this.options;
		const ceilingMs = Math.min(maxMs, initialMs * factor ** this.#failures);
		this.#failures += 1;
		return { attempt: this.#failures, delayMs: Math.round(this.#random() * ceilingMs) };
	}

	reset(): void {
		this.#failures = 0;
		this.#connectedAtMs = undefined;
	}
}
