import { assert } from '../core/assert';
import { allocateFrame, type Frame } from '../core/frame';
import { deriveSeed, SeededRandom } from '../core/random';
import { checkAnomalyRequest, type AnomalyEvent, type AnomalyRequest } from './anomalies';
import {
	channelCentre,
	channelTarget,
	channelTemplate,
	loadWalkCoefficients,
	pumpLoad,
	type ChannelTemplate
} from './pump-model';

/** Ground truth is a 32-bit mask per sample, one bit per channel. */
export const MAX_SIMULATED_CHANNELS = 32;
export const MIN_SIMULATED_RATE_HZ = 1;
export const MAX_SIMULATED_RATE_HZ = 1000;

export interface SimulatorConfig {
	seed: number;
	sampleRateHz: number;
	channelCount: number;
	/** Time of sample 0, epoch ms. */
	startMs: number;
}

/** Generated rows with their ground truth: bit `c` of `anomalous[i]` is set when the simulator made channel `c` of row `i` anomalous. */
export interface SimulatedBatch {
	/** Sample index of the first row. */
	firstIndex: number;
	frame: Frame;
	anomalous: Uint32Array;
}

interface ActiveAnomaly extends AnomalyEvent {
	random: SeededRandom;
	/** The stuck value, captured at the first stuck sample. */
	held: number | undefined;
}

/**
 * A seeded generator of a pump's sensor stream. The same seed, configuration and injections give
 * the same samples however the stream is cut into batches. Anomalies draw from their own random
 * streams, so the normal signal is identical with and without them: the ground truth is exact.
 */
export class PumpSimulator {
	readonly config: Readonly<SimulatorConfig>;
	readonly channels: readonly ChannelTemplate[];
	readonly #random: SeededRandom;
	readonly #walk: { phi: number; innovation: number };
	readonly #phases: Float64Array;
	readonly #lagged: Float64Array;
	/** Every injected anomaly (the ground truth) and those not yet over (checked per sample). */
	readonly #history: AnomalyEvent[] = [];
	#pending: ActiveAnomaly[] = [];
	#loadWalk = 0;
	#nextIndex = 0;
	#nextEventId = 1;

	constructor(config: SimulatorConfig) {
		const { sampleRateHz, channelCount } = config;
		assert(
			sampleRateHz >= MIN_SIMULATED_RATE_HZ && sampleRateHz <= MAX_SIMULATED_RATE_HZ,
			`sample rate ${sampleRateHz} Hz is outside ${MIN_SIMULATED_RATE_HZ}..${MAX_SIMULATED_RATE_HZ} Hz`
		);
		assert(
			Number.isInteger(channelCount) && channelCount >= 1 && channelCount <= MAX_SIMULATED_CHANNELS,
			`channel count ${channelCount} is outside 1..${MAX_SIMULATED_CHANNELS}`
		);
		this.config = { ...config };
		this.channels = Array.from({ length: channelCount }, (_, c) => channelTemplate(c));
		this.#random = new SeededRandom(config.seed);
		this.#walk = loadWalkCoefficients(1 / sampleRateHz);
		const phaseRandom = new SeededRandom(deriveSeed(config.seed, 0));
		this.#phases = Float64Array.from(this.channels, () => phaseRandom.next() * 2 * Math.PI);
		this.#lagged = Float64Array.from(this.channels, (template) => channelCentre(template));
	}

	/** Index of the next sample `generate` will produce. */
	get nextIndex(): number {
		return this.#nextIndex;
	}

	/** Time of sample `index`, epoch ms. */
	timeOf(index: number): number {
		return this.config.startMs + (index * 1000) / this.config.sampleRateHz;
	}

	/** Every anomaly injected so far, in injection order: the ground truth. */
	get events(): readonly AnomalyEvent[] {
		return this.#history;
	}

	/** Schedules an anomaly. Returns the event, or why it was refused (bad channel, past start …). */
	inject(
		request: AnomalyRequest
	): { ok: true; event: AnomalyEvent } | { ok: false; reason: string } {
		const { channelCount, sampleRateHz, seed } = this.config;
		const check = checkAnomalyRequest(request, channelCount, sampleRateHz, this.#nextIndex);
		if (!check.ok) return check;
		const id = this.#nextEventId++;
		const partner =
			request.kind === 'correlation-break' ? (request.channel === 1 ? 0 : 1) : undefined;
		const event: AnomalyEvent = {
			id,
			kind: request.kind,
			channel: request.channel,
			partner,
			...check
		};
		this.#history.push(event);
		this.#pending.push({
			...event,
			random: new SeededRandom(deriveSeed(seed, 1000 + id)),
			held: undefined
		});
		return { ok: true, event };
	}

	/** Produces the next `rows` samples. */
	generate(rows: number): SimulatedBatch {
		assert(Number.isInteger(rows) && rows >= 0, `rows must be a non-negative integer, got ${rows}`);
		const frame = allocateFrame(this.channels.length, rows);
		const anomalous = new Uint32Array(rows);
		const intervalS = 1 / this.config.sampleRateHz;
		const firstIndex = this.#nextIndex;
		for (let row = 0; row < rows; row++) {
			const index = firstIndex + row;
			const timeS = index * intervalS;
			frame.t[row] = this.timeOf(index);
			this.#loadWalk =
				this.#walk.phi * this.#loadWalk + this.#walk.innovation * this.#random.gaussian();
			const load = pumpLoad(timeS, this.#loadWalk);
			for (let c = 0; c < this.channels.length; c++) {
				const template = this.channels[c]!;
				const target = channelTarget(template, load, timeS, this.#phases[c]!);
				const alpha = template.lagS > 0 ? Math.min(1, intervalS / template.lagS) : 1;
				const lagged = (this.#lagged[c] = this.#lagged[c]! + alpha * (target - this.#lagged[c]!));
				frame.channels[c]![row] = lagged + template.noise * this.#random.gaussian();
			}
			anomalous[row] = this.#applyAnomalies(index, frame, row);
		}
		this.#nextIndex += rows;
		this.#pending = this.#pending.filter((event) => event.endIndex > this.#nextIndex);
		return { firstIndex, frame, anomalous };
	}

	/** Applies every anomaly active at `index` to `row`; returns the row's ground-truth mask. */
	#applyAnomalies(index: number, frame: Frame, row: number): number {
		let mask = 0;
		for (const event of this.#pending) {
			if (index < event.startIndex || index >= event.endIndex) continue;
			const column = frame.channels[event.channel]!;
			const template = this.channels[event.channel]!;
			const spread = template.spreadUnits * event.magnitude;
			const progress = (index - event.startIndex + 1) / (event.endIndex - event.startIndex);
			const value = column[row]!;
			switch (event.kind) {
				case 'spike':
				case 'level-shift':
					column[row] = value + spread;
					break;
				case 'drift':
					column[row] = value + spread * progress;
					break;
				case 'stuck':
					event.held ??= value;
					column[row] = event.held;
					break;
				case 'dropout':
					column[row] = NaN;
					break;
				case 'noise-burst':
					column[row] = value + spread * event.random.gaussian();
					break;
				case 'correlation-break': {
					// Mirror the channel about its centre: same range, but it now moves against the load
					// (and against its partner), which no per-channel limit can see.
					column[row] = 2 * channelCentre(template) - value;
					break;
				}
			}
			mask |= 1 << event.channel;
		}
		return mask >>> 0;
	}
}
