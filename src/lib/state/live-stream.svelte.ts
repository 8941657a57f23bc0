import { LiveDecimator } from '../core/decimate';
import type { Frame } from '../core/frame';
import { ColumnarRingBuffer } from '../core/ring-buffer';
import type { AnomalyEvent, AnomalyKind } from '../io/anomalies';
import type { ChannelTemplate } from '../io/pump-model';
import { SimulatorSource } from '../io/simulator-source';
import { DEFAULT_LIVE_SETTINGS, MAX_WINDOW_MS, type LiveSettings } from './live-settings';

/** How often the measured sample rate is refreshed. */
const RATE_REFRESH_MS = 1000;
/**
 * Longest wait between redraws. Otherwise the view redraws when the window has moved by about a
 * pixel column (windowMs / plot width): at 10 min over 1,300 px that is every 460 ms, where a
 * 60 fps redraw would move nothing on screen and only burn the main thread.
 */
const MAX_REDRAW_INTERVAL_MS = 250;

export interface StreamStats {
	/** Samples received since the stream started. */
	samples: number;
	/** Samples per second over the last refresh period. */
	measuredRateHz: number;
}

/**
 * The live stream behind the Live page: the simulator source, a ring buffer holding the longest
 * window, and the decimated view for the charts. It keeps streaming when the page is left; the
 * decimation loop runs only while a view is attached. Components read its `$state` fields.
 */
export class LiveStream {
	settings = $state<LiveSettings>({ ...DEFAULT_LIVE_SETTINGS });
	/** A paused view is frozen; samples still arrive and are buffered. */
	paused = $state(false);
	channels = $state.raw<readonly ChannelTemplate[]>([]);
	visible = $state<boolean[]>([]);
	/** Decimated rows of the visible window, replaced (never mutated) on every frame with new data. */
	view = $state.raw<Frame>({ t: new Float64Array(0), channels: [] });
	/** The newest value of each channel. */
	latest = $state.raw<Float32Array>(new Float32Array(0));
	stats = $state.raw<StreamStats>({ samples: 0, measuredRateHz: 0 });
	events = $state.raw<readonly AnomalyEvent[]>([]);
	/** Why the last injection was refused, for the page to show. */
	message = $state<string | undefined>();

	#source: SimulatorSource | undefined;
	#buffer: ColumnarRingBuffer | undefined;
	readonly #decimator = new LiveDecimator();
	#plotWidthPx = 800;
	#views = 0;
	#frameRequest = 0;
	#lastViewSequence = -1;
	#lastViewAtMs = -Infinity;
	#rateWindow = { atMs: 0, samples: 0 };

	get running(): boolean {
		return this.#source?.running ?? false;
	}

	/** Starts streaming with `settings` (restarting if rate, channels or seed changed). */
	start(settings: Partial<LiveSettings> = {}): void {
		const next = { ...this.settings, ...settings };
		const restart =
			!this.#source ||
			next.sampleRateHz !== this.settings.sampleRateHz ||
			next.channelCount !== this.settings.channelCount ||
			next.seed !== this.settings.seed;
		this.settings = next;
		this.#lastViewSequence = -1;
		if (!restart) return this.#source!.start();
		this.#source?.stop();
		const { sampleRateHz, channelCount, seed, backfillMs } = next;
		this.#buffer = new ColumnarRingBuffer(
			channelCount,
			Math.ceil((MAX_WINDOW_MS / 1000) * sampleRateHz) + 1
		);
		this.#source = new SimulatorSource(
			{ seed, sampleRateHz, channelCount, backfillMs },
			(batch) => {
				this.#buffer!.push(batch.frame);
			}
		);
		this.channels = this.#source.simulator.channels;
		this.visible = this.channels.map((_, c) => this.visible[c] ?? true);
		this.events = [];
		this.latest = new Float32Array(channelCount).fill(NaN);
		this.stats = { samples: 0, measuredRateHz: 0 };
		this.#rateWindow = { atMs: performance.now(), samples: 0 };
		this.#source.start();
	}

	stop(): void {
		this.#source?.stop();
	}

	/** Changes the visible window without touching the stream. */
	setWindow(windowMs: number): void {
		this.settings = { ...this.settings, windowMs };
		this.#lastViewSequence = -1;
	}

	togglePause(): void {
		this.paused = !this.paused;
		this.#lastViewSequence = -1;
	}

	/** The chart's plot width in CSS pixels: one decimation bin per pixel column. */
	setPlotWidth(widthPx: number): void {
		const rounded = Math.max(16, Math.round(widthPx));
		if (rounded === this.#plotWidthPx) return;
		this.#plotWidthPx = rounded;
		this.#lastViewSequence = -1;
	}

	/** Injects an anomaly now on `channel`; a refusal's reason goes to `message`. */
	inject(kind: AnomalyKind, channel: number): AnomalyEvent | undefined {
		const result = this.#source?.inject({ kind, channel });
		if (!result) return undefined;
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

	readonly #onFrame = (frameMs: number): void => {
		this.#frameRequest = requestAnimationFrame(this.#onFrame);
		const buffer = this.#buffer;
		if (!buffer || buffer.length === 0) return;
		this.#refreshStats(buffer);
		if (this.paused || buffer.totalPushed === this.#lastViewSequence) return;
		const forced = this.#lastViewSequence === -1; // settings, width or pause changed
		const pixelMs = this.settings.windowMs / this.#plotWidthPx;
		const dueMs = Math.min(MAX_REDRAW_INTERVAL_MS, pixelMs);
		// Half a frame of slack so a due redraw is not pushed to the next frame by jitter.
		if (!forced && frameMs - this.#lastViewAtMs < dueMs - 8) return;
		this.#lastViewAtMs = frameMs;
		this.#lastViewSequence = buffer.totalPushed;
		this.view = this.#decimator.update(buffer, this.settings.windowMs, this.#plotWidthPx);
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
	}
}

/** The app's one live stream: it outlives page changes. */
export const liveStream = new LiveStream();
