import { assert } from '../core/assert';
import type { AnomalyEvent, AnomalyRequest } from './anomalies';
import type { SimulatedBatch, SimulatorConfig } from './simulator';
import { SimulatorSource } from './simulator-source';
import {
	browserLiveClock,
	type ChannelInfo,
	type LiveClock,
	type LiveSource,
	type SourceListener,
	type SourceStats,
	type SourceStatus
} from './source';
import { SourceStatsTracker } from './source-stats';

export interface SimulatorLiveSourceOptions extends Omit<SimulatorConfig, 'startMs'> {
	/** Start the stream this long in the past (ms): the first batch delivers that history. */
	backfillMs?: number;
	/**
	 * Simulated seconds per real second (default 1): demos and tests that need minutes of data
	 * in seconds. Sample times run ahead of the wall clock accordingly.
	 */
	speed?: number;
	clock?: LiveClock;
	/** Every batch with its ground truth (which samples the simulator made anomalous). */
	onGroundTruth?: (batch: SimulatedBatch) => void;
}

/**
 * The simulator behind the common `LiveSource` interface, so the Live page, recording and
 * scoring treat it like any sensor. It never stalls or reconnects: `streaming` from `start` to
 * `stop`. The ground truth rides alongside in `onGroundTruth`, outside the interface.
 */
export class SimulatorLiveSource implements LiveSource {
	readonly kind = 'simulator' as const;
	readonly label: string;
	readonly channels: readonly ChannelInfo[];
	/** The wrapped source: its `simulator` injects anomalies and holds the event list. */
	readonly source: SimulatorSource;
	readonly #clock: LiveClock;
	readonly #stats = new SourceStatsTracker();
	#status: SourceStatus = { kind: 'idle' };
	#listener: SourceListener | undefined;

	constructor(options: SimulatorLiveSourceOptions) {
		const { clock: realClock = browserLiveClock, onGroundTruth, speed = 1, ...config } = options;
		assert(
			Number.isFinite(speed) && speed >= 1 && speed <= MAX_SIMULATOR_SPEED,
			`speed must be 1..${MAX_SIMULATOR_SPEED}, got ${speed}`
		);
		const clock = speed === 1 ? realClock : fasterClock(realClock, speed);
		this.#clock = clock;
		this.source = new SimulatorSource(
			config,
			(batch) => {
				this.#stats.addSamples(batch.frame.t, clock.now());
				this.#listener?.batch({ frame: batch.frame });
				onGroundTruth?.(batch);
			},
			clock
		);
		this.channels = this.source.simulator.channels.map(({ name, unit }) => ({ name, unit }));
		const pace = speed === 1 ? '' : `, ${speed}× real time`;
		this.label = `simulated pump, ${config.channelCount} ch @ ${config.sampleRateHz} Hz (seed ${config.seed}${pace})`;
	}

	get status(): SourceStatus {
		return this.#status;
	}

	get stats(): SourceStats {
		return this.#stats.snapshot(this.#clock.now());
	}

	async start(listener: SourceListener): Promise<void> {
		this.#listener = listener;
		if (this.#status.kind === 'closed' || this.source.running) return;
		this.source.start();
		this.#setStatus({ kind: 'streaming' });
	}

	async stop(): Promise<void> {
		this.source.stop();
		this.#setStatus({ kind: 'closed' });
	}

	inject(
		request: AnomalyRequest
	): { ok: true; event: AnomalyEvent } | { ok: false; reason: string } {
		return this.source.inject(request);
	}

	#setStatus(status: SourceStatus): void {
		this.#status = status;
		this.#listener?.status(status);
	}
}

/** The fastest a simulator may run: 100 simulated seconds per second. */
export const MAX_SIMULATOR_SPEED = 100;

/** `clock` with time running `speed` times faster from now on (timers keep real intervals). */
function fasterClock(clock: LiveClock, speed: number): LiveClock {
	const originMs = clock.now();
	// Explicit delegation: a clock may be a class instance, whose methods a spread would lose.
	return {
		now: () => originMs + (clock.now() - originMs) * speed,
		setInterval: (callback, intervalMs) => clock.setInterval(callback, intervalMs),
		clearInterval: (handle) => clock.clearInterval(handle),
		setTimeout: (callback, delayMs) => clock.setTimeout(callback, delayMs),
		clearTimeout: (handle) => clock.clearTimeout(handle)
	};
}
