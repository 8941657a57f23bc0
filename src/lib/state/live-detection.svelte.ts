import { transfer } from 'comlink';
import { errorKind } from '../core/error-kinds';
import type { DetectorApi } from '../../../workers/detector.worker';
import { liveStream, type LiveBatch, type LiveStream } from './live-stream.svelte';
import {
	AnomalyRows,
	LatencyWindow,
	LiveWindowBuffer,
	mapChannels,
	ScoreRing,
	type LiveScore,
	type ScoreSeries,
	type WindowTake
} from './live-window-buffer';
import { models, type ModelVersionRow, type Models } from './models.svelte';
import { createDetectorWorker } from './detector-worker';
import { anomalousSpans, type AnomalySpan } from './anomalous-spans';
import { formatUtc } from './time-text';
import {
	channelOf,
	ReconstructionCache,
	type ReconstructionResult,
	type WindowReconstruction
} from './live-reconstruction';
import type { Run, ScoredRows } from './live-detection-run';
import { WorkerBridge } from './worker-bridge';

export type { ChannelReconstruction, ReconstructionResult } from './live-reconstruction';

/** Rows one scoring call takes at most; past it the oldest waiting rows are skipped. */
export const MAX_PENDING_ROWS = 4096;
/** Scores kept for the score lane (10 min at 16 scores/s… or 20 s at 500 Hz). */
export const MAX_KEPT_SCORES = 20_000;

/** How often scoring results reach the UI at most (ms): the lane redraws at up to 20 Hz. */
export const PUBLISH_INTERVAL_MS = 50;

/** Reconstructions kept (per version and window end), for the event panel's overlay. */
export const MAX_CACHED_RECONSTRUCTIONS = 32;
/** Anomalous runs whose rows are kept for reconstructions (the panel lists 8 events). */
export const MAX_KEPT_EVENT_ROWS = 8;

export { resolveVersion, type VersionChoice } from './version-choice';
export type { ScoredRows } from './live-detection-run';

/** What is being scored: the version, its threshold and the model's channels. */
export interface DetectingVersion {
	id: number;
	label: string;
	threshold: number;
	windowLength: number;
	channelNames: readonly string[];
}

export type DetectionPhase = 'idle' | 'opening' | 'detecting';

/**
 * Live detection (`liveDetection`): scores the live stream with a saved model version in its own
 * detector worker, one call at a time. Rows arriving while a call runs are scored together by the
 * next call (batching); past `MAX_PENDING_ROWS` the oldest are skipped (`skippedRows`), so scores
 * stay near now. Stops on a source change or `stop()`; while detecting, the version is registered
 * as in live use (it cannot be deleted).
 */
export class LiveDetection {
	phase = $state<DetectionPhase>('idle');
	/** Why detection could not start or stopped (shown to the user). */
	error = $state<string | undefined>();
	/** Model channels the source lacks (when that is why it could not start). */
	missing = $state.raw<readonly string[]>([]);
	version = $state.raw<DetectingVersion | undefined>();
	/** The tfjs backend scoring runs on (`webgpu`, `wasm`, `cpu`), once the version is open. */
	backend = $state<string | undefined>();
	/** Runs of scores above the threshold, oldest first (derived from `scores` on publication). */
	spans = $state.raw<AnomalySpan[]>([]);
	/** Scores for the lane: time of each window's last sample (epoch ms) and its score. */
	scores = $state.raw<ScoreSeries>({ t: new Float64Array(0), score: new Float32Array(0) });
	latest = $state.raw<LiveScore | undefined>();
	/** The newest window scored above the threshold, with its per-channel attribution. */
	latestAnomaly = $state.raw<LiveScore | undefined>();
	/** Sample arrival to score, over the last minute (ms). */
	latency = $state.raw<{ p50Ms: number; p99Ms: number } | undefined>();
	/** Rows skipped since start because scoring fell behind. */
	skippedRows = $state(0);

	readonly #stream: LiveStream;
	readonly #models: Models;
	readonly #candidates: Parameters<DetectorApi['configure']>[0] | undefined;
	readonly #bridge = new WorkerBridge<DetectorApi>({
		create: createDetectorWorker,
		idleMs: 5 * 60_000,
		name: 'The live detector worker'
	});
	#run: Run | undefined;
	// Not rendered: listeners called per scoring call. A plain Set on purpose.
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	readonly #scoreListeners = new Set<(scored: ScoredRows) => void>();
	/** The stopped run's scores, still shown and inspectable. */
	#lastRing: ScoreRing | undefined;
	/** The stopped run's anomalous rows, so its events can still be reconstructed. */
	#lastRows: AnomalyRows | undefined;
	/** The version the worker has open (undefined once the worker is stopped). */
	#openVersionId: number | undefined;
	/** `${versionId}|${windowEndMs}` → the window's reconstruction. */
	readonly #reconstructions = new ReconstructionCache(MAX_CACHED_RECONSTRUCTIONS);

	constructor(
		options: {
			stream?: LiveStream;
			models?: Models;
			/** Backends the worker may use (tests: `['wasm', 'cpu']`). */
			candidates?: Parameters<DetectorApi['configure']>[0];
		} = {}
	) {
		this.#stream = options.stream ?? liveStream;
		this.#models = options.models ?? models;
		this.#candidates = options.candidates;
	}

	/** Opens `row` in the worker and starts scoring the stream; resolves once detecting (or not). */
	async start(row: ModelVersionRow, modelName: string): Promise<void> {
		this.stop();
		this.error = undefined;
		this.missing = [];
		this.backend = undefined;
		this.phase = 'opening';
		const label = `${modelName} v${row.version}`;
		const run: Run = { stopped: false, cleanups: [], skipped: 0 };
		this.#run = run;
		try {
			const windowLength = Number(row.config.windowLength);
			if (row.threshold === null || !Number.isFinite(row.threshold))
				return this.#fail(run, `${label} has no threshold: calibrate it first.`);
			if (this.#candidates) await this.#bridge.call((api) => api.configure(this.#candidates!));
			const { channelNames } = await this.#bridge.call((api) => api.openModelVersion(row.id));
			this.#openVersionId = row.id;
			const backend = await this.#bridge.call((api) => api.activeBackend());
			if (run.stopped) return;
			this.backend = backend;
			const mapping = mapChannels(
				channelNames,
				this.#stream.channels.map((c) => c.name)
			);
			if (!mapping.ok) {
				this.missing = mapping.missing;
				return this.#fail(
					run,
					`${this.#stream.source.label} lacks channels ${label} needs: ${mapping.missing.join(', ')}.`
				);
			}
			run.buffer = new LiveWindowBuffer(channelNames.length, windowLength, MAX_PENDING_ROWS);
			run.ring = new ScoreRing(channelNames.length, MAX_KEPT_SCORES);
			// A window's rows plus one before it (differencing).
			run.anomalyRows = new AnomalyRows(windowLength, MAX_KEPT_EVENT_ROWS);
			run.latency = new LatencyWindow();
			run.source = this.#stream.source;
			run.arrivals = [];
			this.version = {
				id: row.id,
				label,
				threshold: row.threshold,
				windowLength,
				channelNames
			};
			this.scores = run.ring.series();
			this.spans = [];
			this.latest = this.latestAnomaly = this.latency = undefined;
			this.skippedRows = 0;
			run.cleanups.push(
				this.#models.registerLiveUse(row.id, `Live detection on ${this.#stream.source.label}`),
				this.#stream.addBatchListener((batch) => this.#onBatch(run, batch))
			);
			this.phase = 'detecting';
		} catch (error) {
			this.#fail(run, messageOf(error));
		}
	}

	/**
	 * The highest score whose window ends in `[fromMs, toMs]` (epoch ms) with its per-channel
	 * attribution: the event panel's selected anomaly. Undefined when none is kept there.
	 */
	peak(fromMs: number, toMs: number): LiveScore | undefined {
		return this.#run?.ring?.peak(fromMs, toMs) ?? this.#lastRing?.peak(fromMs, toMs);
	}

	/**
	 * The event panel's explanation of an anomalous span `[fromMs, toMs]` (epoch ms): each
	 * channel's share of the error over the span's windows above the threshold
	 * (`ScoreRing.eventAttribution`). Undefined when none is kept there.
	 */
	eventAttribution(
		fromMs: number,
		toMs: number
	): { attribution: Float32Array; windows: number } | undefined {
		const threshold = this.version?.threshold;
		if (threshold === undefined) return undefined;
		const ring = this.#run?.ring ?? this.#lastRing;
		return ring?.eventAttribution(fromMs, toMs, threshold);
	}

	/**
	 * Channel `channel` (model order) of the window ending at `windowEndMs` (a kept score's `tMs`,
	 * e.g. `peak(…).tMs`) as received and as the model reconstructs it, computed in the worker
	 * and cached per version and window. Available for the recent anomalous windows only (their
	 * rows are kept: `MAX_KEPT_EVENT_ROWS` runs); after `stop()` the worker reopens the version.
	 */
	async reconstruction(windowEndMs: number, channel: number): Promise<ReconstructionResult> {
		const version = this.version;
		if (!version) return { ok: false, reason: 'No version is detecting.' };
		if (!(Number.isInteger(channel) && channel >= 0 && channel < version.channelNames.length))
			return {
				ok: false,
				reason: `Channel ${channel} is not one of ${version.label}'s ${version.channelNames.length}.`
			};
		const pending = this.#reconstructions.getOrCreate(`${version.id}|${windowEndMs}`, () => {
			const rows = this.#run?.anomalyRows ?? this.#lastRows;
			const found = rows?.find(windowEndMs, version.windowLength - 1);
			return found
				? this.#reconstruct(version.id, found.rows, found.endRow, version.windowLength)
				: undefined;
		});
		if (!pending)
			return {
				ok: false,
				reason: `The rows of the window ending at ${formatUtc(windowEndMs)} UTC are no longer kept.`
			};
		try {
			return channelOf(await pending, channel);
		} catch (error) {
			return { ok: false, reason: messageOf(error) };
		}
	}

	async #reconstruct(
		versionId: number,
		rows: { t: Float64Array; channels: Float32Array[] },
		endRow: number,
		windowLength: number
	): Promise<WindowReconstruction> {
		// An idle worker is terminated (and a later call starts a bare one): reopen then.
		if (!this.#bridge.started) this.#openVersionId = undefined;
		const result = await this.#bridge.call(async (api) => {
			if (this.#openVersionId !== versionId) {
				await api.openModelVersion(versionId);
				this.#openVersionId = versionId;
			}
			// Copies: the kept rows stay for later windows of the same event.
			const channels = rows.channels.map((c) => c.slice(0, endRow + 1));
			return api.reconstruct(
				transfer(
					{ channels, endRow },
					channels.map((c) => c.buffer)
				)
			);
		});
		return { t: rows.t.slice(endRow - windowLength + 1, endRow + 1), ...result };
	}

	/**
	 * Calls `listener` after each scoring call with the rows it scored (benchmarks: sample-to-score
	 * latency against a source's own send stamps). Returns the unsubscribe function.
	 */
	addScoreListener(listener: (scored: ScoredRows) => void): () => void {
		this.#scoreListeners.add(listener);
		return () => this.#scoreListeners.delete(listener);
	}

	/** Stops scoring; the scores stay shown. */
	stop(): void {
		const run = this.#run;
		if (!run) return;
		run.stopped = true;
		// What was scored last is shown, not lost with the pending publication.
		if (run.publishTimer !== undefined) this.#publish(run);
		this.#lastRing = run.ring;
		this.#lastRows = run.anomalyRows;
		this.#openVersionId = undefined;
		for (const cleanup of run.cleanups) cleanup();
		this.#run = undefined;
		this.#bridge.stop();
		this.phase = 'idle';
	}

	#fail(run: Run, message: string): void {
		if (this.#run !== run) return;
		this.stop();
		this.error = message;
	}

	#onBatch(run: Run, batch: LiveBatch): void {
		if (run.stopped) return;
		if (this.#stream.source !== run.source)
			return this.#fail(run, 'The source changed: live detection stopped.');
		const names = batch.channels.map((c) => c.name);
		const mapping = mapChannels(this.version?.channelNames ?? [], names);
		if (!mapping.ok) {
			this.missing = mapping.missing;
			return this.#fail(run, `The source no longer has channels ${mapping.missing.join(', ')}.`);
		}
		run.buffer!.push(batch.frame.t, batch.frame.channels, mapping.sourceIndex);
		run.arrivals!.push(performance.now());
		void this.#pump(run);
	}

	/** One call in flight; whatever arrives meanwhile is taken by the next. */
	async #pump(run: Run): Promise<void> {
		if (run.inFlight || run.stopped) return;
		const take = run.buffer!.take();
		if (!take) return;
		run.inFlight = true;
		const arrivals = run.arrivals!.splice(0);
		try {
			const result = await this.#score(take);
			if (run.stopped) return;
			const now = performance.now();
			for (const arrived of arrivals) run.latency!.add(now, now - arrived);
			this.#keep(run, take, result);
		} catch (error) {
			return this.#fail(run, messageOf(error));
		} finally {
			run.inFlight = false;
		}
		void this.#pump(run);
	}

	#score(take: WindowTake) {
		const rows = take.t.length;
		// Copies go to the worker: the take's own rows are kept if they turn out anomalous.
		const channels = take.channels.map((c) => c.slice());
		return this.#bridge.call((api) =>
			api.score(
				transfer(
					{ channels, from: take.from, to: rows },
					channels.map((c) => c.buffer)
				)
			)
		);
	}

	#keep(
		run: Run,
		take: WindowTake,
		result: { score: Float32Array; attribution: Float32Array }
	): void {
		const threshold = this.version!.threshold;
		const added = run.ring!.addRows(take.t.subarray(take.from), result.score, result.attribution);
		if (added.latest) run.latest = added.latest;
		run.anomalyRows!.add(take, result.score, threshold);
		const anomaly = added.lastAbove(threshold);
		if (anomaly) run.latestAnomaly = anomaly;
		run.skipped += take.skipped;
		if (this.#scoreListeners.size > 0) {
			const scored: ScoredRows = { t: take.t.subarray(take.from), score: result.score };
			for (const listener of this.#scoreListeners) listener(scored);
		}
		run.publishTimer ??= setTimeout(() => this.#publish(run), PUBLISH_INTERVAL_MS);
	}

	/**
	 * Hands the run's state to the UI (`$state` fields): at most every `PUBLISH_INTERVAL_MS`, not
	 * per scoring call. At 1 kHz a call comes every ~10 ms; copying the lane's series, sorting the
	 * latencies and re-rendering the panels for each was most of the main thread (bench/detect).
	 */
	#publish(run: Run): void {
		clearTimeout(run.publishTimer);
		run.publishTimer = undefined;
		if (this.#run !== run && !run.stopped) return;
		if (run.latest) this.latest = run.latest;
		if (run.latestAnomaly) this.latestAnomaly = run.latestAnomaly;
		this.scores = run.ring!.series();
		this.spans = anomalousSpans(this.scores.t, this.scores.score, this.version!.threshold);
		this.latency = run.latency!.percentiles();
		this.skippedRows = run.skipped;
	}
}

function messageOf(error: unknown): string {
	const kind = errorKind(error);
	const message = error instanceof Error ? error.message : String(error);
	if (kind === 'WorkerCrashed') return `The live detector stopped unexpectedly: ${message}`;
	return message;
}

/** The app's one live detection, like `liveStream`. */
export const liveDetection = new LiveDetection();
