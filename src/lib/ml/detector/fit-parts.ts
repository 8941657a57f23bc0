import { applyDifferencing, driftingChannels } from '../../core/differencing';
import { calibrateThreshold } from '../../core/threshold';
import { applyScaler, fitScaler } from '../../core/scaler';
import type { ModelConfig } from '../config';
import { buildModel } from '../model';
import { scoreWindows } from '../score';
import { trainModel } from '../train';
import { fitErrorScale, normaliseErrors } from './error-scale';
import type { FitOptions, FitResult } from './fit';
import { partWindows } from './part-windows';
import { thresholdMethodFor } from './threshold-method';

/** What `fitDetectorOnParts` needs besides the data: `fitDetector`'s options without a row range. */
export type PartsFitOptions = Omit<FitOptions, 'trainFrom' | 'trainTo'> & {
	/** Called once training ends and the training windows are scored for the threshold. */
	onCalibrating?: () => void;
};

/**
 * `fitDetector` for training rows made of several contiguous parts (`partStarts`, see
 * part-windows.ts): the same steps, but no window, difference or scaler statistic joins two parts.
 * Drift (which channels to difference) and the scaler are fitted on all parts' rows together;
 * differences restart in each part (its first row repeats the next difference, as at row 0).
 * Validation takes the last windows, i.e. those of the last part(s).
 */
export async function fitDetectorOnParts(
	channels: readonly Float32Array[],
	partStarts: readonly number[],
	config: ModelConfig,
	options: PartsFitOptions
): Promise<FitResult> {
	const { channelNames, scoreBatchSize = 1024 } = options;
	const rows = channels[0]?.length ?? 0;
	const differenced = driftingChannels(channels, config.differenceDriftAbove);
	const inputs = channels.map(() => new Float32Array(rows));
	partStarts.forEach((start, p) => {
		const end = partStarts[p + 1] ?? rows;
		const part = channels.map((column) => column.subarray(start, end));
		applyDifferencing(part, differenced, 0, end - start).forEach((column, c) =>
			inputs[c]!.set(column, start)
		);
	});
	const { scaler, warnings } = fitScaler(inputs, channelNames);
	const windows = partWindows(applyScaler(inputs, scaler), partStarts, config.windowLength);
	const model = buildModel(config, channels.length);
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
				? fitErrorScale(raw.scores, raw.attribution, channels.length)
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
