import type * as tf from '@tensorflow/tfjs';
import { applyDifferencing, driftingChannels } from '../../core/differencing';
import { calibrateThreshold } from '../../core/threshold';
import { applyScaler, fitScaler, type Scaler } from '../../core/scaler';
import { columnarWindows, type WindowSource } from '../../core/windowing';
import type { ModelConfig } from '../config';
import { buildModel } from '../model';
import { scoreWindows } from '../score';
import { trainModel, type TrainOptions, type TrainSummary } from '../train';
import { longestConstantRuns } from './constant-runs';
import { fitErrorScale, normaliseErrors } from './error-scale';
import { thresholdMethodFor } from './threshold-method';

/** A trained detector: the model with everything needed to score new rows the same way. */
export interface FittedDetector {
	model: tf.LayersModel;
	config: ModelConfig;
	/** 1 for each channel modelled as first differences (chosen on the training rows). */
	differenced: Uint8Array;
	/**
	 * Per channel, the longest run of identical values in the training rows (constant-runs.ts);
	 * undefined for detectors stored before it existed (the stuck-sensor rule is then off).
	 */
	longestConstantRun: Uint32Array | undefined;
	/** Per-channel error divisors when the config normalises errors per channel. */
	errorScale: Float32Array | undefined;
	scaler: Scaler;
	threshold: number;
	thresholdDetail: Record<string, number>;
	/** Scores of the training windows (for the histogram the UI shows with the threshold). */
	trainingScores: Float32Array;
	training: TrainSummary;
	/** Constant or empty channels and similar, naming the channel. */
	warnings: string[];
	scoreMs: number;
}

export type FitResult = { ok: true; detector: FittedDetector } | { ok: false; reason: string };

export interface FitOptions extends TrainOptions {
	/** Training rows are `[trainFrom, trainTo)` of the channels. */
	trainFrom?: number;
	trainTo: number;
	channelNames?: readonly string[];
	/** Windows per forward pass when scoring the training windows for calibration. */
	scoreBatchSize?: number;
}

/**
 * Fits a detector on normal rows: channels that wander slowly over the training rows are turned into
 * first differences (when the config asks), then a z-score scaler on the training rows, a fresh model trained on
 * their stride-1 windows (validation = the latest windows), then the threshold calibrated on the
 * scores of all training windows. Disposes the model if anything after building it fails.
 */
export async function fitDetector(
	channels: readonly Float32Array[],
	config: ModelConfig,
	options: FitOptions
): Promise<FitResult> {
	const { trainFrom = 0, trainTo, channelNames } = options;
	const differenced = driftingChannels(channels, config.differenceDriftAbove, trainFrom, trainTo);
	const inputs = applyDifferencing(channels, differenced, trainFrom, trainTo);
	const { scaler, warnings } = fitScaler(inputs, channelNames);
	const scaled = applyScaler(inputs, scaler);
	const windows = columnarWindows(scaled, config.windowLength);
	const longestConstantRun = longestConstantRuns(channels, trainFrom, trainTo);
	return trainAndCalibrate(
		windows,
		config,
		channels.length,
		{ differenced, scaler, warnings, longestConstantRun },
		options
	);
}

/** What the steps before training fixed: kept with the detector so new rows are prepared alike. */
export interface PreparedInputs {
	differenced: Uint8Array;
	longestConstantRun: Uint32Array;
	scaler: Scaler;
	warnings: string[];
}

/**
 * The steps every fit ends with, whatever made its windows (`fitDetector`: one row range;
 * `fitDetectorOnParts`: several parts): build and train a fresh model, score the training windows,
 * fit the per-channel error scale (when the config asks), calibrate the threshold. Disposes the
 * model if anything after building it fails.
 */
export async function trainAndCalibrate(
	windows: WindowSource,
	config: ModelConfig,
	channelCount: number,
	prepared: PreparedInputs,
	options: TrainOptions & { scoreBatchSize?: number; onCalibrating?: () => void }
): Promise<FitResult> {
	const { scoreBatchSize = 1024 } = options;
	const { differenced, scaler, warnings, longestConstantRun } = prepared;
	const model = buildModel(config, channelCount);
	try {
		const training = await trainModel(model, windows, config, options);
		if (!training.ok) {
			model.dispose();
			return { ok: false, reason: training.message };
		}
		options.onCalibrating?.();
		const started = performance.now();
		const raw = await scoreWindows(model, windows, {
			batchSize: scoreBatchSize,
			signal: options.signal
		});
		const scoreMs = performance.now() - started;
		const errorScale =
			config.errorNormalisation === 'per-channel'
				? fitErrorScale(raw.scores, raw.attribution, channelCount)
				: undefined;
		const { scores } = errorScale ? normaliseErrors(raw.scores, raw.attribution, errorScale) : raw;
		const calibrated = calibrateThreshold(
			scores,
			thresholdMethodFor(config.threshold, scores.length)
		);
		if (!calibrated.ok) {
			model.dispose();
			return { ok: false, reason: `threshold: ${calibrated.reason}` };
		}
		return {
			ok: true,
			detector: {
				model,
				config,
				differenced,
				longestConstantRun,
				errorScale,
				scaler,
				threshold: calibrated.threshold,
				thresholdDetail: calibrated.detail,
				trainingScores: scores,
				training,
				warnings,
				scoreMs
			}
		};
	} catch (error) {
		model.dispose();
		throw error;
	}
}
