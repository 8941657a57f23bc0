import { lstmThreadsFor } from '../kernels/wasm/lstm-wasm-threads';
import * as tf from '@tensorflow/tfjs';
import { kindError } from '../../core/error-kinds';
import { calibrateThreshold } from '../../core/threshold';
import { applyScaler, fitScaler } from '../../core/scaler';
import { columnarWindows } from '../../core/windowing';
import {
	chooseBackend,
	memoryChoiceCache,
	type BackendChoice,
	type BackendChoiceCache
} from '../backends/choice';
import {
	BACKEND_NAMES,
	probeBackends,
	type BackendName,
	type BackendProbe
} from '../backends/probe';
import { validateModelConfig, type ModelConfig } from '../config';
import type { BatchProgress, EpochProgress } from '../train';
import { timeBatch } from './backend-timing';
import { detectRows, type LabellingRule, type RowDetection } from './detect';
import { exportDetector, importDetector, type DetectorData } from './detector-data';
import { fitDetector, type FittedDetector } from './fit';
import { reconstructWindow, type WindowReconstruction } from './reconstruct';
import { thresholdMethodFor } from './threshold-method';

export interface TrainRequest {
	/** Columnar channels; training uses rows `[trainFrom, trainTo)`. */
	channels: Float32Array[];
	channelNames: string[];
	config: unknown;
	trainFrom?: number;
	trainTo: number;
	/** The user's backend choice, used when it works. */
	backend?: BackendName;
}

export type TrainEvent =
	| { kind: 'backend'; choice: BackendChoice }
	| ({ kind: 'batch' } & BatchProgress)
	| ({ kind: 'epoch' } & EpochProgress);

export interface TrainOutcome {
	backend: BackendChoice;
	config: ModelConfig;
	threshold: number;
	thresholdDetail: Record<string, number>;
	trainingScores: Float32Array;
	history: { loss: number[]; valLoss: number[] };
	bestEpoch: number;
	stoppedEarly: boolean;
	trainingMs: number;
	warnings: string[];
}

export interface ScoreRequest {
	channels: Float32Array[];
	from: number;
	to: number;
	rule?: LabellingRule;
	/** Windows per forward pass (default 1024). */
	batchSize?: number;
}

/**
 * The detection engine as the worker runs it: probes the backends once, chooses one per task and
 * model shape by timing, trains and keeps one fitted detector, scores with it. Environment-agnostic:
 * the worker entry only adds Comlink and the wasm file URLs.
 */
export class DetectorEngine {
	readonly #candidates: readonly BackendName[];
	readonly #cache: BackendChoiceCache;
	#probes: BackendProbe[] | undefined;
	#detector: FittedDetector | undefined;
	#scoreBackend: BackendName | undefined;
	#channelNames: string[] = [];

	constructor(options: { candidates?: readonly BackendName[]; cache?: BackendChoiceCache } = {}) {
		this.#candidates = options.candidates ?? BACKEND_NAMES;
		this.#cache = options.cache ?? memoryChoiceCache();
	}

	async probe(): Promise<BackendProbe[]> {
		this.#probes ??= await probeBackends(tf, this.#candidates);
		return this.#probes;
	}

	async train(
		request: TrainRequest,
		onEvent: (event: TrainEvent) => void = () => {}
	): Promise<TrainOutcome> {
		const validated = validateModelConfig(request.config);
		if (!validated.ok) throw kindError('InvalidConfig', validated.errors.join('; '));
		const config = validated.config;
		const { channels, channelNames, trainFrom = 0, trainTo } = request;
		const { scaler } = fitScaler(channels, channelNames, trainFrom, trainTo);
		const sample = columnarWindows(
			applyScaler(
				channels.map((c) => c.subarray(trainFrom, trainTo)),
				scaler
			),
			config.windowLength
		);
		const chosen = await chooseBackend({
			task: 'train',
			shapeKey: shapeKey(config, channels.length),
			probes: await this.probe(),
			override: request.backend,
			cache: this.#cache,
			timeBatch: (backend) => timeBatch(backend, 'train', config, sample, 1024)
		});
		const choice = { ...chosen, ...lstmThreadsFor(chosen.backend) };
		await tf.setBackend(choice.backend);
		onEvent({ kind: 'backend', choice });
		const fitted = await fitDetector(channels, config, {
			trainFrom,
			trainTo,
			channelNames,
			onBatch: (p) => onEvent({ kind: 'batch', ...p }),
			onEpoch: (p) => onEvent({ kind: 'epoch', ...p })
		});
		if (!fitted.ok) throw kindError('InvalidConfig', fitted.reason);
		this.#detector?.model.dispose();
		this.#detector = fitted.detector;
		this.#scoreBackend = choice.backend;
		this.#channelNames = [...channelNames];
		const { detector } = fitted;
		return {
			backend: choice,
			config,
			threshold: detector.threshold,
			thresholdDetail: detector.thresholdDetail,
			// A copy: the worker transfers it to the page, and the engine keeps its own for recalibration.
			trainingScores: detector.trainingScores.slice(),
			history: {
				loss: [...detector.training.history.loss],
				valLoss: [...detector.training.history.valLoss]
			},
			bestEpoch: detector.training.bestEpoch,
			stoppedEarly: detector.training.stoppedEarly,
			trainingMs: detector.training.durationMs,
			warnings: detector.warnings
		};
	}

	/** Scores rows with the fitted detector (streaming rule by default). */
	async score(request: ScoreRequest): Promise<RowDetection> {
		const detector = this.#detector;
		if (!detector) throw kindError('InvalidConfig', 'no model is loaded: train or open one first');
		if (this.#scoreBackend) await tf.setBackend(this.#scoreBackend);
		return detectRows(detector, request.channels, {
			from: request.from,
			to: request.to,
			rule: request.rule ?? 'streaming',
			batchSize: request.batchSize
		});
	}

	/**
	 * The actual and reconstructed rows (channel units, `[channel][windowLength]`) of the window
	 * ending on row `endRow` of `channels`, for the event panel's overlay (reconstruct.ts).
	 */
	async reconstruct(channels: Float32Array[], endRow: number): Promise<WindowReconstruction> {
		const detector = this.#detector;
		if (!detector) throw kindError('InvalidConfig', 'no model is loaded: train or open one first');
		if (this.#scoreBackend) await tf.setBackend(this.#scoreBackend);
		return reconstructWindow(detector, channels, endRow);
	}

	/**
	 * Re-derives the threshold from the training windows' scores with another method or
	 * parameters (no retraining); the detector keeps it for later scoring.
	 */
	async calibrate(
		threshold: unknown
	): Promise<{ threshold: number; detail: Record<string, number> }> {
		const detector = this.#detector;
		if (!detector) throw kindError('InvalidConfig', 'no model is loaded: train or open one first');
		if (detector.trainingScores.length === 0) {
			throw kindError(
				'InvalidConfig',
				'this model was opened without its training scores: retrain to recalibrate'
			);
		}
		const validated = validateModelConfig({ ...detector.config, threshold });
		if (!validated.ok) throw kindError('InvalidConfig', validated.errors.join('; '));
		const method = thresholdMethodFor(validated.config.threshold, detector.trainingScores.length);
		const result = calibrateThreshold(detector.trainingScores, method);
		if (!result.ok) throw kindError('InvalidConfig', `threshold: ${result.reason}`);
		this.#detector = {
			...detector,
			config: validated.config,
			threshold: result.threshold,
			thresholdDetail: result.detail
		};
		return { threshold: result.threshold, detail: result.detail };
	}

	/** The current detector as plain data (for the database and .vigil bundles). */
	async exportDetector(): Promise<DetectorData> {
		if (!this.#detector)
			throw kindError('InvalidConfig', 'no model is loaded: train or open one first');
		return exportDetector(this.#detector, this.#channelNames);
	}

	/** Loads a detector saved with `exportDetector` (a restarted worker reloads from IndexedDB). */
	async importDetector(data: unknown): Promise<{ channelNames: string[] }> {
		// A fresh worker has no backend yet: choose the scoring one by timing before the weights load.
		const config = validateModelConfig((data as Partial<DetectorData> | null)?.model?.config);
		const channelCount = (data as Partial<DetectorData> | null)?.channelNames?.length ?? 0;
		if (!config.ok || channelCount === 0)
			throw kindError('InvalidConfig', 'not a saved detector: its config or channels are missing');
		const zeros = Array.from(
			{ length: channelCount },
			() => new Float32Array(1024 + config.config.windowLength)
		);
		const choice = await chooseBackend({
			task: 'score',
			shapeKey: shapeKey(config.config, channelCount),
			probes: await this.probe(),
			cache: this.#cache,
			timeBatch: (backend) =>
				timeBatch(
					backend,
					'score',
					config.config,
					columnarWindows(zeros, config.config.windowLength),
					1024
				)
		});
		await tf.setBackend(choice.backend);
		const imported = await importDetector(data);
		if (!imported.ok) throw kindError('InvalidConfig', imported.errors.join('; '));
		this.#detector?.model.dispose();
		this.#detector = imported.detector;
		this.#channelNames = imported.channelNames;
		this.#scoreBackend = choice.backend;
		return { channelNames: imported.channelNames };
	}

	/** Tensors alive now (tests check nothing leaks across calls). */
	tensorCount(): number {
		return tf.memory().numTensors;
	}

	dispose(): void {
		this.#detector?.model.dispose();
		this.#detector = undefined;
	}
}

/** The timing cache key: what makes one model's speed differ from another's. */
export function shapeKey(config: ModelConfig, channelCount: number): string {
	const units = config.layers.map((l) => l.units).join('-');
	return `${config.architecture}|w${config.windowLength}|c${channelCount}|u${units}|b${config.batchSize}`;
}
