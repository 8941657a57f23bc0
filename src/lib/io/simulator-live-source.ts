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
		const { clock = browserLiveClock, onGroundTruth, ...config } = options;
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
		this.label = `simulated pump, ${config.channelCount} ch @ ${config.sampleRateHz} Hz (seed ${config.seed})`;
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
