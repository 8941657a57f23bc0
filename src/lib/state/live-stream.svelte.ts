import { channelStatsOfParts, type ChannelStats } from '../core/channel-stats';
import type { Frame } from '../core/frame';
import type { RejectedLine } from '../core/line-protocol/types';
import { ColumnarRingBuffer } from '../core/ring-buffer';
import type { AnomalyEvent, AnomalyKind } from '../io/anomalies';
import { SimulatorLiveSource } from '../io/simulator-live-source';
import {
	EMPTY_SOURCE_STATS,
	type ChannelInfo,
	type LiveSource,
	type SourceKind,
	type SourceStats,
	type SourceStatus
} from '../io/source';
import { DEFAULT_LIVE_SETTINGS, MAX_WINDOW_MS, type LiveSettings } from './live-settings';
import { LiveViewBuilder, maxScrollBackMs } from './live-view';

/** How often the measured sample rate and the source's statistics are refreshed. */
const RATE_REFRESH_MS = 1000;
/**
 * Longest wait between redraws. Otherwise the view redraws when the window has moved by about a
 * pixel column (windowMs / plot width): at 10 min over 1,300 px that is every 460 ms, where a
 * 60 fps redraw would move nothing on screen and only burn the main thread.
 */
const MAX_REDRAW_INTERVAL_MS = 250;
/** Rows kept for an external source, whose rate is not known in advance: 10 min at 1 kHz. */
export const EXTERNAL_BUFFER_ROWS = 600_000;
/** Invalid lines kept for the UI's list (newest last). */
const MAX_KEPT_REJECTED = 50;

export interface StreamStats {
	/** Samples received since the stream started. */
	samples: number;
	/** Samples per second over the last refresh period. */
	measuredRateHz: number;
}

/** What a batch listener (the recorder, live scoring) receives for every batch, in order. */
export interface LiveBatch {
	frame: Frame;
	channels: readonly ChannelInfo[];
	/** Lines the source rejected since the previous batch (a recording counts them). */
	invalidLines?: number;
}

/**
 * The live stream behind the Live page: one source at a time (the simulator, or a serial,
 * WebSocket or Bluetooth source), a ring buffer of recent history, and the decimated view for the
 * charts. It keeps streaming when the page is left; the decimation loop runs only while a view is
 * attached. Components read its `$state` fields.
 */
export class LiveStream {
	settings = $state<LiveSettings>({ ...DEFAULT_LIVE_SETTINGS });
	/** The current source, for the UI: its kind and a short label. */
	source = $state.raw<{ kind: SourceKind; label: string }>({ kind: 'simulator', label: '' });
	status = $state.raw<SourceStatus>({ kind: 'idle' });
	sourceStats = $state.raw<SourceStats>(EMPTY_SOURCE_STATS);
	/** The newest invalid lines the source reported (bounded). */
	rejected = $state.raw<readonly RejectedLine[]>([]);
	/** A paused view is frozen; samples still arrive and are buffered. */
	paused = $state(false);
	/** While paused, how far before the newest sample the view ends (ms); 0 = the newest. */
	scrollBackMs = $state(0);
	channels = $state.raw<readonly ChannelInfo[]>([]);
	visible = $state<boolean[]>([]);
	/**
	 * Chart group per channel name (channels with the same group share a chart; none: own chart).
	 * Keyed by name so it survives reconnecting or switching to a source with the same channels.
	 */
	groupOf = $state<Record<string, string>>({});
	/** Decimated rows of the visible window, replaced (never mutated) on every frame with new data. */
	view = $state.raw<Frame>({ t: new Float64Array(0), channels: [] });
	/** The newest value of each channel. */
	latest = $state.raw<Float32Array>(new Float32Array(0));
	stats = $state.raw<StreamStats>({ samples: 0, measuredRateHz: 0 });
	/** Per-channel min, max, mean, std and missing share over the shown window, refreshed each second. */
	windowStats = $state.raw<readonly ChannelStats[]>([]);
	events = $state.raw<readonly AnomalyEvent[]>([]);
	/** Why the last injection was refused, for the page to show. */
	message = $state<string | undefined>();

	#simulator: SimulatorLiveSource | undefined;
	#external: LiveSource | undefined;
	#buffer: ColumnarRingBuffer | undefined;
	/** Plain array, not reactive: listeners are wiring, never shown. */
	#listeners: ((batch: LiveBatch) => void)[] = [];
	readonly #viewBuilder = new LiveViewBuilder();
	#plotWidthPx = 800;
	#views = 0;
	#frameRequest = 0;
	#lastViewSequence = -1;
	#lastViewAtMs = -Infinity;
	#rateWindow = { atMs: 0, samples: 0 };
	/** The external source's invalid-line count at the previous batch. */
	#seenInvalidLines = 0;

	/** Streaming or trying to (reactive: derived from `status`). */
	get running(): boolean {
		const { kind } = this.status;
		return kind !== 'idle' && kind !== 'closed' && kind !== 'error';
	}

	/** The simulator is the source (anomaly injection is possible). Reactive: from `source`. */
	get simulated(): boolean {
		return this.source.kind === 'simulator';
	}

	/** How far the view can scroll back now (ms). */
	get maxScrollBackMs(): number {
		return maxScrollBackMs(this.#buffer, this.settings.windowMs);
	}

	/** Streams the built-in simulator with `settings` (restarting if rate, channels or seed changed). */
	start(settings: Partial<LiveSettings> = {}): void {
		const next = { ...this.settings, ...settings };
		const restart =
			!this.#simulator ||
			this.#simulator.status.kind !== 'streaming' ||
			this.#external !== undefined ||
			next.sampleRateHz !== this.settings.sampleRateHz ||
			next.channelCount !== this.settings.channelCount ||
			next.seed !== this.settings.seed ||
			next.speed !== this.settings.speed;
		this.settings = next;
		this.#lastViewSequence = -1;
		if (!restart) return;
		this.#closeSources();
		const { sampleRateHz, channelCount, seed, backfillMs, speed } = next;
		const rows = Math.ceil((MAX_WINDOW_MS / 1000) * sampleRateHz) + 1;
		// The simulator goes through the same LiveSource interface as every sensor.
		const simulator = new SimulatorLiveSource({
			seed,
			sampleRateHz,
			channelCount,
			backfillMs,
			speed
		});
		this.#simulator = simulator;
		this.#reset(simulator.channels, rows);
		this.source = { kind: 'simulator', label: simulator.label };
		// SimulatorLiveSource.start runs synchronously (nothing to await): streaming at once.
		void simulator.start({
			batch: (batch) => {
				if (this.#simulator === simulator) this.#receive(batch.frame);
			},
			status: (status) => {
				if (this.#simulator === simulator) this.status = status;
			}
		});
	}

	/** Switches to an external source (serial, WebSocket, Bluetooth); the simulator stops. */
	async connect(source: LiveSource): Promise<void> {
		this.#closeSources();
		this.#external = source;
		this.#seenInvalidLines = 0;
		this.#reset(source.channels, EXTERNAL_BUFFER_ROWS);
		this.source = { kind: source.kind, label: source.label };
		this.status = source.status;
		await source.start({
			batch: (batch) => {
				if (this.#external !== source) return;
				if (batch.rejected?.length) this.#keepRejected(batch.rejected);
				const invalid = source.stats.invalidLines;
				this.#receive(batch.frame, invalid - this.#seenInvalidLines);
				this.#seenInvalidLines = invalid;
			},
			status: (status) => {
				if (this.#external === source) this.status = status;
			},
			channels: (channels) => {
				if (this.#external === source) this.#renameOrReset(channels);
			}
		});
	}

	/** Stops the current source; the buffered history stays visible. */
	stop(): void {
		if (this.#simulator) void this.#simulator.stop();
		if (this.#external) void this.#external.stop();
		this.status = { kind: 'closed' };
	}

	/** The external source, for source-specific actions (send a command). */
	get externalSource(): LiveSource | undefined {
		return this.#external;
	}

	/** Calls `listener` with every batch from now on, of any source; returns the unsubscribe. */
	addBatchListener(listener: (batch: LiveBatch) => void): () => void {
		this.#listeners = [...this.#listeners, listener];
		return () => {
			this.#listeners = this.#listeners.filter((l) => l !== listener);
		};
	}

	/** Changes the visible window without touching the stream. */
	setWindow(windowMs: number): void {
		this.settings = { ...this.settings, windowMs };
		this.scrollBackMs = Math.min(this.scrollBackMs, this.maxScrollBackMs);
		this.#lastViewSequence = -1;
	}

	togglePause(): void {
		this.paused = !this.paused;
		// Pausing keeps the view exactly as shown; resuming jumps back to the newest samples.
		if (this.paused) return;
		this.scrollBackMs = 0;
		this.#lastViewSequence = -1;
	}

	/** Scrolls the frozen view back through the buffer (pauses the view). Clamped to the history. */
	scrollBack(scrollBackMs: number): void {
		this.paused = true;
		this.scrollBackMs = Math.max(0, Math.min(scrollBackMs, this.maxScrollBackMs));
		this.#lastViewSequence = -1;
	}

	/** The chart's plot width in CSS pixels: one decimation bin per pixel column. */
	setPlotWidth(widthPx: number): void {
		const rounded = Math.max(16, Math.round(widthPx));
		if (rounded === this.#plotWidthPx) return;
		this.#plotWidthPx = rounded;
		this.#lastViewSequence = -1;
	}

	/** Injects an anomaly now on `channel` (simulator only); a refusal's reason goes to `message`. */
	inject(kind: AnomalyKind, channel: number): AnomalyEvent | undefined {
		const result = this.#simulator?.inject({ kind, channel });
		if (!result || this.#external) return undefined;
		this.message = result.ok ? undefined : result.reason;
		if (result.ok) this.events = [...this.events, result.event];
		return result.ok ? result.event : undefined;
	}

	/** A chart view starts watching; the returned function stops it. Frames run while any view watches. */
	attachView(): () => void {
		this.#views++;
		if (this.#views === 1) this.#frameRequest = requestAnimationFrame(this.#onFrame);
		return () => {
			this.#views--;
			if (this.#views === 0) cancelAnimationFrame(this.#frameRequest);
		};
	}

	#receive(frame: Frame, invalidLines = 0): void {
		const buffer = this.#buffer;
		if (!buffer || frame.t.length === 0) return;
		if (frame.channels.length !== buffer.channelCount) {
			// A source whose channel count changed without telling us: start a fresh history.
			this.#renameOrReset(
				frame.channels.map((_, c) => this.channels[c] ?? { name: `ch${c + 1}`, unit: '' })
			);
		}
		this.#buffer!.push(frame);
		for (const listener of this.#listeners)
			listener({ frame, channels: this.channels, invalidLines });
	}

	#renameOrReset(channels: readonly ChannelInfo[]): void {
		if (this.#buffer && channels.length === this.#buffer.channelCount) {
			this.channels = channels;
			return;
		}
		this.#reset(channels, this.#buffer?.capacity ?? EXTERNAL_BUFFER_ROWS);
	}

	#reset(channels: readonly ChannelInfo[], rows: number): void {
		this.#buffer = new ColumnarRingBuffer(channels.length, rows);
		this.channels = channels;
		this.visible = channels.map((_, c) => this.visible[c] ?? true);
		this.events = [];
		this.rejected = [];
		this.scrollBackMs = 0;
		this.latest = new Float32Array(channels.length).fill(NaN);
		this.view = { t: new Float64Array(0), channels: channels.map(() => new Float32Array(0)) };
		this.stats = { samples: 0, measuredRateHz: 0 };
		this.windowStats = [];
		this.sourceStats = EMPTY_SOURCE_STATS;
		this.#rateWindow = { atMs: performance.now(), samples: 0 };
		this.#lastViewSequence = -1;
	}

	#closeSources(): void {
		if (this.#simulator) void this.#simulator.stop();
		this.#simulator = undefined;
		const external = this.#external;
		this.#external = undefined;
		if (external) void external.stop();
	}

	#keepRejected(lines: readonly RejectedLine[]): void {
		this.rejected = [...this.rejected, ...lines].slice(-MAX_KEPT_REJECTED);
	}

	readonly #onFrame = (frameMs: number): void => {
		this.#frameRequest = requestAnimationFrame(this.#onFrame);
		const buffer = this.#buffer;
		if (!buffer) return;
		this.#refreshStats(buffer);
		if (buffer.length === 0) return;
		if (this.paused && this.#lastViewSequence !== -1) return;
		if (buffer.totalPushed === this.#lastViewSequence) return;
		const forced = this.#lastViewSequence === -1; // settings, width, pause or scroll changed
		const pixelMs = this.settings.windowMs / this.#plotWidthPx;
		const dueMs = Math.min(MAX_REDRAW_INTERVAL_MS, pixelMs);
		// Half a frame of slack so a due redraw is not pushed to the next frame by jitter.
		if (!forced && frameMs - this.#lastViewAtMs < dueMs - 8) return;
		this.#lastViewAtMs = frameMs;
		this.#lastViewSequence = buffer.totalPushed;
		const scrollBackMs = this.paused ? this.scrollBackMs : 0;
		this.view = this.#viewBuilder.build(
			buffer,
			this.settings.windowMs,
			this.#plotWidthPx,
			scrollBackMs
		);
		const newest = buffer.length - 1;
		this.latest = Float32Array.from(this.channels, (_, c) => buffer.valueAt(c, newest));
	};

	#refreshStats(buffer: ColumnarRingBuffer): void {
		const nowMs = performance.now();
		const elapsedMs = nowMs - this.#rateWindow.atMs;
		if (elapsedMs < RATE_REFRESH_MS && this.stats.samples > 0) return;
		const samples = buffer.totalPushed;
		const measuredRateHz =
			elapsedMs > 0 ? ((samples - this.#rateWindow.samples) * 1000) / elapsedMs : 0;
		this.#rateWindow = { atMs: nowMs, samples };
		this.stats = { samples, measuredRateHz };
		if (this.#external) this.sourceStats = { ...this.#external.stats };
		this.windowStats = this.#statsOfShownWindow(buffer);
	}

	#statsOfShownWindow(buffer: ColumnarRingBuffer): ChannelStats[] {
		if (buffer.length === 0) return [];
		const endMs = buffer.timeAt(buffer.length - 1) - (this.paused ? this.scrollBackMs : 0);
		const from = buffer.lowerBound(endMs - this.settings.windowMs);
		const to = buffer.lowerBound(endMs + 1e-9);
		const parts = buffer.segments(from, to);
		return this.channels.map((_, c) => channelStatsOfParts(parts.map((part) => part.channels[c]!)));
	}
}

/** The app's one live stream: it outlives page changes. */
export const liveStream = new LiveStream();
