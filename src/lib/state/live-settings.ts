import { MAX_SIMULATED_RATE_HZ, MIN_SIMULATED_RATE_HZ } from '../io/simulator';
import { MAX_SIMULATOR_SPEED } from '../io/simulator-live-source';

/** What the Live page streams and shows. Also readable from the URL (`/live?rate=1000&channels=8&window=600&speed=10`). */
export interface LiveSettings {
	sampleRateHz: number;
	channelCount: number;
	windowMs: number;
	seed: number;
	/** History generated at start so the chart opens full (demos, benchmarks); URL `backfill` in s. */
	backfillMs: number;
	/** Simulated seconds per real second (demos and tests); URL `speed`. */
	speed: number;
}

export const WINDOW_CHOICES_MS = [10_000, 30_000, 60_000, 120_000, 300_000, 600_000] as const;
export const RATE_CHOICES_HZ = [1, 10, 50, 100, 250, 500, 1000] as const;
export const MAX_LIVE_CHANNELS = 16;
/** The ring buffer holds the longest window at the current rate. */
export const MAX_WINDOW_MS = 600_000;

export const DEFAULT_LIVE_SETTINGS: LiveSettings = {
	sampleRateHz: 100,
	channelCount: 5,
	windowMs: 60_000,
	seed: 1,
	backfillMs: 0,
	speed: 1
};

/**
 * Reads settings from URL parameters (`rate` Hz, `channels`, `window` s, `seed`, `backfill` s,
 * `speed` ×), keeping the
 * default for anything missing and reporting anything invalid instead of failing.
 */
export function parseLiveSettings(get: (key: string) => string | null): {
	settings: LiveSettings;
	problems: string[];
} {
	const settings = { ...DEFAULT_LIVE_SETTINGS };
	const problems: string[] = [];
	const read = (key: string, min: number, max: number, apply: (value: number) => void) => {
		const raw = get(key);
		if (raw === null || raw === '') return;
		const value = Number(raw);
		if (!Number.isFinite(value) || value < min || value > max) {
			problems.push(`URL parameter ${key}=${raw} ignored: expected a number from ${min} to ${max}`);
		} else apply(value);
	};
	read(
		'rate',
		MIN_SIMULATED_RATE_HZ,
		MAX_SIMULATED_RATE_HZ,
		(v) => (settings.sampleRateHz = Math.round(v))
	);
	read('channels', 1, MAX_LIVE_CHANNELS, (v) => (settings.channelCount = Math.round(v)));
	read('window', 10, MAX_WINDOW_MS / 1000, (v) => (settings.windowMs = Math.round(v * 1000)));
	read('seed', 0, 2 ** 32 - 1, (v) => (settings.seed = Math.floor(v)));
	read('backfill', 0, MAX_WINDOW_MS / 1000, (v) => (settings.backfillMs = Math.round(v * 1000)));
	read('speed', 1, MAX_SIMULATOR_SPEED, (v) => (settings.speed = v));
	return { settings, problems };
}

/** Human label for a window length: `10 s`, `2 min`. */
export function formatWindow(windowMs: number): string {
	return windowMs < 60_000 ? `${windowMs / 1000} s` : `${windowMs / 60_000} min`;
}

/** A duration in whole seconds for labels: `0 s`, `45 s`, `3 min 20 s`, `1 h 2 min`. */
export function formatDuration(durationMs: number): string {
	const totalS = Math.max(0, Math.round(durationMs / 1000));
	const h = Math.floor(totalS / 3600);
	const min = Math.floor((totalS % 3600) / 60);
	const s = totalS % 60;
	if (h > 0) return `${h} h ${min} min`;
	if (min > 0) return s > 0 ? `${min} min ${s} s` : `${min} min`;
	return `${s} s`;
}

/** The anomaly types the UI offers, with their labels; components import them from here, not from io. */
export {
	ANOMALY_KINDS,
	DEFAULT_ANOMALY,
	type AnomalyEvent,
	type AnomalyKind
} from '../io/anomalies';
