import type { LiveClock } from '../source';

interface Timer {
	atMs: number;
	callback: () => void;
	/** Set for intervals. */
	everyMs?: number;
}

/**
 * A `LiveClock` that moves only when told: `advance(ms)` fires every timer due on the way, in
 * time order, with `now()` set to each timer's due time. For tests of backoff and stall timing
 * (and any caller that wants deterministic time); not used at run time.
 */
export class ManualClock implements LiveClock {
	#nowMs: number;
	#nextId = 1;
	readonly #timers = new Map<number, Timer>();

	constructor(startMs = 1_700_000_000_000) {
		this.#nowMs = startMs;
	}

	now = (): number => this.#nowMs;

	setTimeout = (callback: () => void, delayMs: number): unknown => this.#add(callback, delayMs);
	clearTimeout = (handle: unknown): void => void this.#timers.delete(handle as number);
	setInterval = (callback: () => void, intervalMs: number): unknown =>
		this.#add(callback, intervalMs, Math.max(1, intervalMs));
	clearInterval = (handle: unknown): void => void this.#timers.delete(handle as number);

	/** Timers waiting to fire. */
	get pending(): number {
		return this.#timers.size;
	}

	/** When the next timer is due (epoch ms), or undefined. */
	get nextDueMs(): number | undefined {
		let next: number | undefined;
		for (const timer of this.#timers.values()) {
			if (next === undefined || timer.atMs < next) next = timer.atMs;
		}
		return next;
	}

	/** Moves time forward by `ms`, firing due timers in order (a timer set meanwhile fires too). */
	advance(ms: number): void {
		const endMs = this.#nowMs + ms;
		for (;;) {
			const due = this.#earliestDue(endMs);
			if (!due) break;
			const [id, timer] = due;
			this.#nowMs = Math.max(this.#nowMs, timer.atMs);
			if (timer.everyMs === undefined) this.#timers.delete(id);
			else timer.atMs += timer.everyMs;
			timer.callback();
		}
		this.#nowMs = endMs;
	}

	#earliestDue(endMs: number): [number, Timer] | undefined {
		let best: [number, Timer] | undefined;
		for (const entry of this.#timers) {
			if (entry[1].atMs <= endMs && (!best || entry[1].atMs < best[1].atMs)) best = entry;
		}
		return best;
	}

	#add(callback: () => void, delayMs: number, everyMs?: number): number {
		const id = this.#nextId++;
		this.#timers.set(id, { atMs: this.#nowMs + Math.max(0, delayMs), callback, everyMs });
		return id;
	}
}
