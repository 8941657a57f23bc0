import { applyDifferencing, driftingChannels } from '../../core/differencing';
import { applyScaler, fitScaler } from '../../core/scaler';
import type { ModelConfig } from '../config';
import { longestConstantRuns } from './constant-runs';
import { trainAndCalibrate, type FitOptions, type FitResult } from './fit';
import { partWindows } from './part-windows';

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
	const { channelNames } = options;
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
	return trainAndCalibrate(
		windows,
		config,
		channels.length,
		{
			differenced,
			scaler,
			warnings,
			longestConstantRun: longestConstantRuns(channels, 0, rows, partStarts)
		},
		options
	);
}
