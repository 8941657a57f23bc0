/** The anomaly types the simulator can inject. DO NOT RENAME: later stored as ground-truth labels. */
export const ANOMALY_KINDS = [
	'spike',
	'level-shift',
	'drift',
	'stuck',
	'dropout',
	'noise-burst',
	'correlation-break'
] as const;
export type AnomalyKind = (typeof ANOMALY_KINDS)[number];

/** What the user asks for. Durations are in seconds so they mean the same at any sample rate. */
export interface AnomalyRequest {
	kind: AnomalyKind;
	/** The channel made anomalous. */
	channel: number;
	/** Defaults by kind (`DEFAULT_ANOMALY`); a spike lasts one sample unless told otherwise. */
	durationS?: number;
	/** In units of the channel's typical spread; defaults by kind. Sign gives the direction. */
	magnitude?: number;
	/** Sample index at which it starts; defaults to the next sample generated. */
	startIndex?: number;
}

/** An injected anomaly as the simulator will apply it: the ground truth. */
export interface AnomalyEvent {
	id: number;
	kind: AnomalyKind;
	channel: number;
	/** For a correlation break, the channel it breaks away from (the load-driven partner). */
	partner: number | undefined;
	/** First anomalous sample index, inclusive. */
	startIndex: number;
	/** Last anomalous sample index, exclusive. */
	endIndex: number;
	magnitude: number;
}

/** Defaults per kind: duration in seconds (0 = one sample) and magnitude in spreads. */
export const DEFAULT_ANOMALY: Record<
	AnomalyKind,
	{ durationS: number; magnitude: number; label: string }
> = {
	spike: { durationS: 0, magnitude: 8, label: 'Spike' },
	'level-shift': { durationS: 10, magnitude: 3, label: 'Level shift' },
	drift: { durationS: 30, magnitude: 5, label: 'Slow drift' },
	stuck: { durationS: 10, magnitude: 0, label: 'Stuck value' },
	dropout: { durationS: 3, magnitude: 0, label: 'Dropout' },
	'noise-burst': { durationS: 5, magnitude: 3, label: 'Noise burst' },
	'correlation-break': { durationS: 20, magnitude: 1, label: 'Correlation break' }
};

/** Result of checking a request against a stream: an event to apply, or why not. */
export type AnomalyCheck =
	| { ok: true; startIndex: number; endIndex: number; magnitude: number }
	| { ok: false; reason: string };

/** Validates a request for a stream of `channelCount` channels at `sampleRateHz`. */
export function checkAnomalyRequest(
	request: AnomalyRequest,
	channelCount: number,
	sampleRateHz: number,
	nextIndex: number
): AnomalyCheck {
	const defaults = DEFAULT_ANOMALY[request.kind];
	if (!defaults) return { ok: false, reason: `unknown anomaly kind "${String(request.kind)}"` };
	if (
		!Number.isInteger(request.channel) ||
		request.channel < 0 ||
		request.channel >= channelCount
	) {
		return { ok: false, reason: `channel ${request.channel} is not one of 0..${channelCount - 1}` };
	}
	if (request.kind === 'correlation-break' && channelCount < 2) {
		return { ok: false, reason: 'a correlation break needs at least two channels' };
	}
	const durationS = request.durationS ?? defaults.durationS;
	if (!(durationS >= 0) || !Number.isFinite(durationS)) {
		return {
			ok: false,
			reason: `duration must be a non-negative number of seconds, got ${durationS}`
		};
	}
	const startIndex = request.startIndex ?? nextIndex;
	if (!Number.isInteger(startIndex) || startIndex < nextIndex) {
		return {
			ok: false,
			reason: `start sample ${startIndex} is already generated (next is ${nextIndex})`
		};
	}
	const magnitude = request.magnitude ?? defaults.magnitude;
	if (!Number.isFinite(magnitude))
		return { ok: false, reason: `magnitude must be finite, got ${magnitude}` };
	const samples = Math.max(1, Math.round(durationS * sampleRateHz));
	return { ok: true, startIndex, endIndex: startIndex + samples, magnitude };
}
