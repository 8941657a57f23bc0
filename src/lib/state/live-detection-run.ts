import type { LiveStream } from './live-stream.svelte';
import type { AnomalyRows, LatencyWindow, LiveWindowBuffer } from './live-window-buffer';
import type { LiveScore, ScoreRing } from './score-ring';

/** One scoring call's rows: each row's time (epoch ms, the window's last sample) and score (NaN: no full window). */
export interface ScoredRows {
	t: Float64Array;
	score: Float32Array;
}

/** One live detection run's working state (live-detection.svelte.ts), from start to stop. */
export interface Run {
	stopped: boolean;
	cleanups: (() => void)[];
	source?: LiveStream['source'];
	buffer?: LiveWindowBuffer;
	ring?: ScoreRing;
	anomalyRows?: AnomalyRows;
	latency?: LatencyWindow;
	/** `performance.now()` of each batch not yet scored. */
	arrivals?: number[];
	inFlight?: boolean;
	/** Not yet published to the UI (`#publish`). */
	latest?: LiveScore;
	latestAnomaly?: LiveScore;
	skipped: number;
	publishTimer?: ReturnType<typeof setTimeout>;
}
