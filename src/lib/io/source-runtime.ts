import type { Frame } from '../core/frame';
import type { RejectedLine } from '../core/line-protocol/types';
import { ReconnectBackoff, type BackoffOptions } from './backoff';
import type {
	ChannelInfo,
	LiveClock,
	SourceBatch,
	SourceListener,
	SourceStats,
	SourceStatus
} from './source';
import { SourceStatsTracker } from './source-stats';

/** Options every connected source (serial, WebSocket, Bluetooth) shares. All times in ms. */
export interface ConnectionOptions {
	clock?: LiveClock;
	/** Connected but silent this long ⇒ `stalled`. Default: max(2 s, 20 sample intervals). */
	stallAfterMs?: number;
	backoff?: Partial<BackoffOptions>;
	/** Reconnect attempts after one loss before giving up with `error`. Default: never give up. */
	maxAttempts?: number;
	/** Values in [0, 1) for the backoff jitter (injected so tests can pin it). */
	random?: () => number;
}

export const MIN_STALL_MS = 2000;
export const STALL_SAMPLE_INTERVALS = 20;

/**
 * The plumbing behind every connected source, so each transport only moves bytes: the listener,
 * status changes (each one reported once), channel list, statistics, the stall watchdog and the
 * reconnect timer with backoff. One per source; it outlives reconnects.
 */
export class SourceRuntime {
	readonly clock: LiveClock;
	readonly stats = new SourceStatsTracker();
	readonly #backoff: ReconnectBackoff;
	readonly #stallAfterMs: number | undefined;
	readonly #maxAttempts: number;
	#listener: SourceListener | undefined;
	#status: SourceStatus = { kind: 'idle' };
	#channels: readonly ChannelInfo[];
	#stopped = false;
	#retryTimer: unknown;
	#retry: (() => void) | undefined;
	#stallTimer: unknown;
	#lastMessageMs = 0;

	constructor(options: ConnectionOptions, clock: LiveClock, channels: readonly ChannelInfo[]) {
		this.clock = clock;
		this.#backoff = new ReconnectBackoff(options.backoff, options.random);
		this.#stallAfterMs = options.stallAfterMs;
		this.#maxAttempts = options.maxAttempts ?? Infinity;
		this.#channels = channels;
	}

	get status(): SourceStatus {
		return this.#status;
	}

	get channels(): readonly ChannelInfo[] {
		return this.#channels;
	}

	/** `stop()` was called: nothing may reconnect or report anything but `closed` any more. */
	get stopped(): boolean {
		return this.#stopped;
	}

	get statsNow(): SourceStats {
		return this.stats.snapshot(this.clock.now());
	}

	/** The silence (ms) after which a connected source counts as stalled, at the current rate. */
	get stallAfterMs(): number {
		if (this.#stallAfterMs !== undefined) return this.#stallAfterMs;
		const rateHz = this.stats.snapshot(this.clock.now()).estimatedRateHz;
		return rateHz > 0
			? Math.max(MIN_STALL_MS, (STALL_SAMPLE_INTERVALS * 1000) / rateHz)
			: MIN_STALL_MS;
	}

	attach(listener: SourceListener): void {
		this.#listener = listener;
	}

	setStatus(status: SourceStatus): void {
		if (this.#stopped && status.kind !== 'closed') return;
		this.#status = status;
		this.#listener?.status(status);
	}

	setChannels(channels: readonly ChannelInfo[]): void {
		if (sameChannels(channels, this.#channels)) return;
		this.#channels = channels;
		this.#listener?.channels?.(channels);
	}

	/** The connection is up: `streaming`, and the stall watchdog starts counting from now. */
	connected(): void {
		if (this.#stopped) return;
		const nowMs = this.clock.now();
		this.#backoff.connected(nowMs);
		this.#lastMessageMs = nowMs;
		this.setStatus({ kind: 'streaming' });
		this.#armStallCheck();
	}

	/** Something arrived (any bytes, parsable or not): a stalled source is streaming again. */
	received(nowMs: number): void {
		this.#lastMessageMs = nowMs;
		if (this.#status.kind === 'stalled') {
			this.setStatus({ kind: 'streaming' });
			this.#armStallCheck();
		}
	}

	/** Hands decoded samples (and rejected lines) to the listener and counts them. */
	deliver(frame: Frame, rejected: RejectedLine[], arrivalMs: number, unknownKeys?: string[]): void {
		if (this.#stopped) return;
		this.stats.addSamples(frame.t, arrivalMs);
		const newKeys = unknownKeys && unknownKeys.length > 0;
		if (frame.t.length === 0 && rejected.length === 0 && !newKeys) return;
		const batch: SourceBatch = { frame };
		if (rejected.length > 0) batch.rejected = rejected;
		if (newKeys) batch.unknownKeys = unknownKeys;
		this.#listener?.batch(batch);
	}

	/**
	 * The connection was lost (or an attempt failed) because of `reason` (plain words): status
	 * `reconnecting` and `retry` runs after the backoff delay, or `error` once attempts run out.
	 */
	lost(reason: string, retry: () => void): void {
		this.#disarmStallCheck();
		this.stats.breakTimeline();
		if (this.#stopped) return;
		this.#clearRetry();
		const nowMs = this.clock.now();
		const { attempt, delayMs } = this.#backoff.next(nowMs);
		if (attempt > this.#maxAttempts) {
			this.setStatus({ kind: 'error', reason: `gave up after ${attempt - 1} attempts: ${reason}` });
			return;
		}
		this.setStatus({ kind: 'reconnecting', attempt, retryAtMs: nowMs + delayMs, reason });
		this.#retry = retry;
		this.#retryTimer = this.clock.setTimeout(() => this.retryNow(), delayMs);
	}

	/** Runs a pending reconnect attempt at once (the device announced it is back). */
	retryNow(): void {
		const retry = this.#retry;
		this.#clearRetry();
		if (retry && !this.#stopped) retry();
	}

	/** Could not start or cannot go on: `error` with `reason`, no reconnect. */
	fail(reason: string): void {
		this.#disarmStallCheck();
		this.#clearRetry();
		this.setStatus({ kind: 'error', reason });
	}

	/** For good: timers cancelled, status `closed`. */
	stop(): void {
		this.#disarmStallCheck();
		this.#clearRetry();
		this.#stopped = true;
		this.setStatus({ kind: 'closed' });
	}

	#clearRetry(): void {
		if (this.#retryTimer !== undefined) this.clock.clearTimeout(this.#retryTimer);
		this.#retryTimer = undefined;
		this.#retry = undefined;
	}

	/** One timer at a time, set for when the silence would reach the threshold (no per-message timer churn). */
	#armStallCheck(): void {
		this.#disarmStallCheck();
		const dueInMs = this.#lastMessageMs + this.stallAfterMs - this.clock.now();
		this.#stallTimer = this.clock.setTimeout(() => this.#checkStall(), Math.max(0, dueInMs));
	}

	#checkStall(): void {
		this.#stallTimer = undefined;
		if (this.#status.kind !== 'streaming') return;
		const silentMs = this.clock.now() - this.#lastMessageMs;
		if (silentMs >= this.stallAfterMs) this.setStatus({ kind: 'stalled', silentMs });
		else this.#armStallCheck();
	}

	#disarmStallCheck(): void {
		if (this.#stallTimer !== undefined) this.clock.clearTimeout(this.#stallTimer);
		this.#stallTimer = undefined;
	}
}

function sameChannels(a: readonly ChannelInfo[], b: readonly ChannelInfo[]): boolean {
	return a.length === b.length && a.every((c, i) => c.name === b[i]!.name && c.unit === b[i]!.unit);
}
