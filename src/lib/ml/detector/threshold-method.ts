import type { ThresholdMethod } from '../../core/threshold';
import type { ThresholdConfig } from '../config';

/** Fewest tail points a peaks-over-threshold fit accepts (below that the fitted tail is noise). */
export const MIN_POT_PEAKS = 10;

/**
 * The core threshold method for a model config. Peaks over threshold needs enough points above
 * its initial quantile: with few training windows (SKAB: ~390) the configured quantile (0.98) would
 * leave ~8, so the initial quantile is lowered until `MIN_POT_PEAKS` remain.
 */
export function thresholdMethodFor(
	config: ThresholdConfig,
	trainingWindows: number
): ThresholdMethod {
	if (config.method === 'quantile') {
		return { method: 'quantile-factor', quantile: config.quantile, factor: config.factor };
	}
	const initialQuantile = Math.min(
		config.initialQuantile,
		1 - MIN_POT_PEAKS / Math.max(1, trainingWindows)
	);
	return {
		method: 'peaks-over-threshold',
		initialQuantile: Math.max(0.5, initialQuantile),
		risk: config.riskLevel,
		minPeaks: Math.min(MIN_POT_PEAKS, Math.floor(trainingWindows / 2))
	};
}
