import { lstmThreadsFor } from '../kernels/wasm/lstm-wasm-threads';
import * as tf from '@tensorflow/tfjs';
import { chooseBackend, type BackendChoice, type BackendChoiceCache } from '../backends/choice';
import type { BackendName, BackendProbe } from '../backends/probe';
import { validateModelConfig } from '../config';
import { timeBatch } from './backend-timing';
import { exportDetector, type DetectorData } from './detector-data';
import type { TrainEvent } from './engine';
import { shapeKey } from './engine';
import { fitDetectorOnParts } from './fit-parts';
import { partWindows } from './part-windows';

/** Training rows in parts (see part-windows.ts), the channels' names and the user's config. */
export interface PartsTrainInput {
	/** Columnar, raw (unscaled) values; part `p` is rows `[partStarts[p], partStarts[p + 1])`. */
	channels: Float32Array[];
	partStarts: number[];
	channelNames: string[];
	/** Checked here (`validateModelConfig`); errors come back naming the field. */
	config: unknown;
	/** The user's backend; used when it works, else the fastest measured one. */
	backend?: BackendName;
}

export interface PartsTrainEnvironment {
	probes: readonly BackendProbe[];
	cache?: BackendChoiceCache;
	signal?: AbortSignal;
	onEvent?: (event: PartsTrainEvent) => void;
}

/** The engine's events plus the step between training and the result. */
export type PartsTrainEvent = TrainEvent | { kind: 'calibrating' };

export type PartsTrainResult =
	| {
			ok: true;
			backend: BackendChoice;
			/** The detector as plain data (weights as one ArrayBuffer), ready to store. */
			data: DetectorData;
			trainingScores: Float32Array;
			bestValLoss: number;
			trainWindows: number;
			validationWindows: number;
			warnings: string[];
	  }
	| { ok: false; kind: 'invalid-config'; errors: string[] }
	| { ok: false; kind: 'failed'; reason: string };

/**
 * Trains a detector on parts, from a plain config to plain data: validates the config, chooses the
 * backend (the user's if it works, else timed once per device and model shape, as the engine
 * does), fits (`fitDetectorOnParts`) and exports it. The tfjs model is disposed before returning,
 * also on failure or abort: what is kept is the exported data.
 */
export async function trainOnParts(
	input: PartsTrainInput,
	env: PartsTrainEnvironment
): Promise<PartsTrainResult> {
	const validated = validateModelConfig(input.config);
	if (!validated.ok) return { ok: false, kind: 'invalid-config', errors: [...validated.errors] };
	const config = validated.config;
	const onEvent = env.onEvent ?? (() => {});
	const { channels, partStarts, channelNames } = input;
	const windows = partWindows(channels, partStarts, config.windowLength);
	if (windows.count < 2) {
		return {
			ok: false,
			kind: 'failed',
			reason: `the chosen rows give ${windows.count} windows of ${config.windowLength} rows; choose more rows or a shorter window`
		};
	}
	const chosen = await chooseBackend({
		task: 'train',
		shapeKey: shapeKey(config, channels.length),
		probes: env.probes,
		override: input.backend,
		cache: env.cache,
		// Timed on raw windows: the speed of a batch does not depend on its values.
		timeBatch: (backend) => timeBatch(backend, 'train', config, windows, 1024)
	});
	const choice = { ...chosen, ...lstmThreadsFor(chosen.backend) };
	await tf.setBackend(choice.backend);
	onEvent({ kind: 'backend', choice });
	const fitted = await fitDetectorOnParts(channels, partStarts, config, {
		channelNames,
		signal: env.signal,
		onBatch: (p) => onEvent({ kind: 'batch', ...p }),
		onEpoch: (p) => onEvent({ kind: 'epoch', ...p }),
		onCalibrating: () => onEvent({ kind: 'calibrating' })
	});
	if (!fitted.ok) return { ok: false, kind: 'failed', reason: fitted.reason };
	const { detector } = fitted;
	try {
		return {
			ok: true,
			backend: choice,
			data: await exportDetector(detector, [...channelNames]),
			trainingScores: detector.trainingScores,
			bestValLoss: detector.training.bestValLoss,
			trainWindows: detector.training.trainWindows,
			validationWindows: detector.training.validationWindows,
			warnings: detector.warnings
		};
	} finally {
		detector.model.dispose();
	}
}
