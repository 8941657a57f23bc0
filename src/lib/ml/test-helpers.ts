import type { ModelConfig } from './config';
import { PRESETS } from './presets';

/**
 * A tiny config for fast tests: few units, short windows, a few epochs. Not a test file itself,
 * so vitest does not collect it; tests only.
 */
export function tinyConfig(overrides: Partial<ModelConfig> = {}): ModelConfig {
	return {
		...PRESETS.default,
		windowLength: 5,
		layers: [{ units: 4 }],
		batchSize: 8,
		maxEpochs: 3,
		validationFraction: 0.25,
		earlyStoppingPatience: 2,
		seed: 7,
		...overrides
	};
}

/** `channelCount` smooth, distinct sine waves of `rows` samples, amplitude ≈ 1. */
export function sineChannels(rows: number, channelCount: number): Float32Array[] {
	return Array.from({ length: channelCount }, (_, c) =>
		Float32Array.from({ length: rows }, (_, t) => Math.sin(0.3 * t + c) * (1 - 0.2 * c))
	);
}
