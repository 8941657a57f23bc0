import type { AnomalyEvent, AnomalyRequest } from './anomalies';
import { PumpSimulator, type SimulatedBatch, type SimulatorConfig } from './simulator';

/** The timer functions a source needs; injected so tests and Node can drive time themselves. */
export interface SourceClock {
	/** Wall-clock time, epoch ms. */
	now(): number;
	setInterval(callback: () => void, intervalMs: number): unknown;
	clearInterval(handle: unknown): void;
}

export const browserClock: SourceClock = {
	now: () => Date.now(),
	setInterval: (callback, intervalMs) => globalThis.setInterval(callback, intervalMs),
	clearInterval: (handle) => globalThis.clearInterval(handle as ReturnType<typeof setInterval>)
};

/** How often the source emits a batch; at low rates a batch is simply one sample or none. */
const TICK_MS = 50;
/** Largest batch handed over at once (after a throttled background tab, say). */
const MAX_BATCH_ROWS = 20_000;

/**
 * The simulator as a live source: it generates, in real time, the samples that are due by the
 * clock and hands them over in batches. Samples carry their own timestamps (sample index ÷ rate
 * from the start), so a busy main thread delays batches but never distorts the signal.
 */
export class SimulatorSource {
	readonly simulator: PumpSimulator;
	readonly #clock: SourceClock;
	readonly #onBatch: (batch: SimulatedBatch) => void;
	#timer: unknown;

	/**
	 * `backfillMs` starts the stream that long in the past: the first tick delivers that much
	 * history at once, so a chart (or a benchmark) opens on a full window.
	 */
	constructor(
		config: Omit<SimulatorConfig, 'startMs'> & { backfillMs?: number },
		onBatch: (batch: SimulatedBatch) => void,
		clock: SourceClock = browserClock
	) {
		this.#clock = clock;
		this.#onBatch = onBatch;
		const { backfillMs = 0, ...simulatorConfig } = config;
		this.simulator = new PumpSimulator({ ...simulatorConfig, startMs: clock.now() - backfillMs });
	}

	get running(): boolean {
		return this.#timer !== undefined;
	}

	start(): void {
		if (this.running) return;
		this.#timer = this.#clock.setInterval(() => this.tick(), TICK_MS);
	}

	stop(): void {
		if (!this.running) return;
		this.#clock.clearInterval(this.#timer);
		this.#timer = undefined;
	}

	/** Emits every sample that is due by now. Called by the timer; public so tests can step time. */
	tick(): void {
		const { sampleRateHz, startMs } = this.simulator.config;
		const due = Math.floor(((this.#clock.now() - startMs) * sampleRateHz) / 1000) + 1;
		let missing = due - this.simulator.nextIndex;
		while (missing > 0) {
			const rows = Math.min(missing, MAX_BATCH_ROWS);
			this.#onBatch(this.simulator.generate(rows));
			missing -= rows;
		}
	}

	inject(
		request: AnomalyRequest
	): { ok: true; event: AnomalyEvent } | { ok: false; reason: string } {
		return this.simulator.inject(request);
	}
}
