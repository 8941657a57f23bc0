import type { Frame } from '../core/frame';
import type { RejectedLine } from '../core/line-protocol/types';
import type { SourceClock } from './simulator-source';

/**
 * The one interface every live source implements: simulator, Web Serial, WebSocket, Bluetooth.
 * A source pushes columnar batches to its listener and keeps a status and running statistics that
 * the UI shows. Browser globals (`navigator.serial`, `WebSocket`, timers) are injected.
 */

export type SourceKind = 'simulator' | 'serial' | 'websocket' | 'bluetooth';

export type SourceStatus =
	| { kind: 'idle' }
	| { kind: 'connecting' }
	| { kind: 'streaming' }
	/** Connected, but nothing has arrived for `silentMs` (a stall threshold has passed). */
	| { kind: 'stalled'; silentMs: number }
	/** Lost the connection; the next attempt (`attempt`, 1-based) starts at `retryAtMs` (epoch ms). */
	| { kind: 'reconnecting'; attempt: number; retryAtMs: number; reason: string }
	/** Stopped by the user. */
	| { kind: 'closed' }
	/** Gave up or could not start; `reason` says why in words the user can act on. */
	| { kind: 'error'; reason: string };

export interface SourceStats {
	/** Samples delivered since start. */
	samples: number;
	/** Samples per second over the last second or so. */
	samplesPerSecond: number;
	/** Sample rate estimated from the samples' own timestamps (median interval), Hz; 0 until known. */
	estimatedRateHz: number;
	/** Raw bytes received. */
	bytes: number;
	/** Lines (or binary frames) that could not be parsed. */
	invalidLines: number;
	/** Samples known to be lost: long lines dropped, binary frames cut short, buffer overflow. */
	droppedSamples: number;
}

export interface ChannelInfo {
	name: string;
	/** '' when unknown. */
	unit: string;
}

export interface SourceBatch {
	/** Columnar samples; `frame.channels[c]` belongs to `channels[c]` of the source at that moment. */
	frame: Frame;
	/**
	 * Lines rejected in this batch, for the UI's "invalid lines" list. `line` is the line number
	 * on the current connection, the frame number for a WebSocket frame, or 0 for a problem tied
	 * to no line (a serial framing error, DTR/RTS refused).
	 */
	rejected?: RejectedLine[];
	/** Labelled/JSON keys seen for the first time that are not channels: the UI may offer them. */
	unknownKeys?: string[];
}

export interface SourceListener {
	batch(batch: SourceBatch): void;
	status(status: SourceStatus): void;
	/** The channel list changed (a header line arrived, the user renamed them). */
	channels?(channels: readonly ChannelInfo[]): void;
}

export interface LiveSource {
	readonly kind: SourceKind;
	/** A short label for the UI: "COM3 @ 115200", "ws://10.0.0.5:8080". */
	readonly label: string;
	readonly channels: readonly ChannelInfo[];
	readonly status: SourceStatus;
	readonly stats: SourceStats;
	/** Starts (or resumes) delivering to `listener`. Resolves once connecting has begun. */
	start(listener: SourceListener): Promise<void>;
	/** Stops for good and releases the device or connection; status becomes `closed`. */
	stop(): Promise<void>;
	/**
	 * Sends a text command to the device, followed by the source's line ending. Present on sources
	 * that can talk back (serial, Bluetooth, WebSocket); never throws.
	 */
	send?(text: string): Promise<SendResult>;
}

export type SendResult = { ok: true } | { ok: false; reason: string };

/** `SourceClock` plus one-shot timers (reconnect delays, stall checks); injected like the rest. */
export interface LiveClock extends SourceClock {
	setTimeout(callback: () => void, delayMs: number): unknown;
	clearTimeout(handle: unknown): void;
}

export const browserLiveClock: LiveClock = {
	now: () => Date.now(),
	setInterval: (callback, intervalMs) => globalThis.setInterval(callback, intervalMs),
	clearInterval: (handle) => globalThis.clearInterval(handle as ReturnType<typeof setInterval>),
	setTimeout: (callback, delayMs) => globalThis.setTimeout(callback, delayMs),
	clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>)
};

export const EMPTY_SOURCE_STATS: SourceStats = Object.freeze({
	samples: 0,
	samplesPerSecond: 0,
	estimatedRateHz: 0,
	bytes: 0,
	invalidLines: 0,
	droppedSamples: 0
});
