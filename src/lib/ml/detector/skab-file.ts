import type { Frame } from '../../core/frame';
import { validateModelConfig } from '../config';
import { PRESETS, type PresetName } from '../presets';
import { detectRows, type LabellingRule } from './detect';
import { fitDetector } from './fit';

/** The published baseline decides rows by SKAB's own rule; everything else decides as it streams. */
export function labellingRuleFor(presetName: PresetName): LabellingRule {
	return presetName === 'skab-lstm-ae' ? 'skab' : 'streaming';
}

export interface SkabFileResult {
	/** One per test row (`trainRows` to the end): the score of the window ending there, NaN if none. */
	score: Float32Array;
	prediction: Uint8Array;
	threshold: number;
	epochs: number;
	trainMs: number;
	scoreMs: number;
	warnings: string[];
}

/**
 * SKAB's protocol for one file: a fresh model with `seed`, scaler and training on rows
 * `[0, trainRows)`, test rows `[trainRows, end)` scored and decided. Throws if the model cannot be
 * fitted (the runner reports the file and goes on).
 */
export async function runSkabFile(
	frame: Frame,
	{
		presetName,
		seed,
		trainRows,
		overrides = {}
	}: {
		presetName: PresetName;
		seed: number;
		trainRows: number;
		overrides?: Record<string, unknown>;
	}
): Promise<SkabFileResult> {
	const validated = validateModelConfig({ ...PRESETS[presetName], ...overrides, seed });
	if (!validated.ok) throw new Error(`invalid config: ${validated.errors.join('; ')}`);
	const config = validated.config;
	const fitted = await fitDetector(frame.channels, config, { trainTo: trainRows });
	if (!fitted.ok) throw new Error(fitted.reason);
	const { detector } = fitted;
	try {
		const detection = await detectRows(detector, frame.channels, {
			from: trainRows,
			to: frame.t.length,
			rule: labellingRuleFor(presetName)
		});
		return {
			score: detection.score,
			prediction: detection.prediction,
			threshold: detector.threshold,
			epochs: detector.training.history.loss.length,
			trainMs: detector.training.durationMs,
			scoreMs: detector.scoreMs + detection.scoreMs,
			warnings: detector.warnings
		};
	} finally {
		detector.model.dispose();
	}
}
