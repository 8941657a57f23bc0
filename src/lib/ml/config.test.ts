import { describe, expect, it } from 'vitest';
import { validateModelConfig } from './config';
import { PRESETS } from './presets';

/** The skab preset as untyped JSON, the way a stored or hand-edited config arrives. */
function skabJson(): Record<string, unknown> {
	return JSON.parse(JSON.stringify(PRESETS['skab-lstm-ae'])) as Record<string, unknown>;
}

function errorsOf(input: unknown): readonly string[] {
	const result = validateModelConfig(input);
	return result.ok ? [] : result.errors;
}

describe('validateModelConfig', () => {
	it.each(Object.keys(PRESETS))('accepts the %s preset unchanged', (name) => {
		const preset = PRESETS[name as keyof typeof PRESETS];
		expect(validateModelConfig(JSON.parse(JSON.stringify(preset)))).toEqual({
			ok: true,
			config: preset
		});
	});

	it('names the field path and the bad value', () => {
		const json = { ...skabJson(), layers: [{ units: 8 }, { units: -3 }] };
		expect(errorsOf(json)).toEqual(['layers[1].units must be a positive integer, got -3']);
	});

	it('reports every bad field at once, nested ones with their path', () => {
		const json = {
			...skabJson(),
			architecture: 'transformer',
			windowLength: 2.5,
			optimizer: { name: 'adam', learningRate: 0 },
			validationFraction: 1,
			threshold: { method: 'quantile', quantile: 0.99 }
		};
		expect(errorsOf(json)).toEqual([
			"architecture must be one of 'lstm-ae', 'gru-ae', 'conv1d-ae', 'dense-ae', got \"transformer\"",
			'windowLength must be a positive integer, got 2.5',
			'optimizer.learningRate must be a number in (0, 1), got 0',
			'validationFraction must be a number in (0, 1), got 1',
			'threshold.factor must be a number in (0, Infinity), got undefined'
		]);
	});

	it('rejects unknown fields so a misspelt option is not silently dropped', () => {
		expect(errorsOf({ ...skabJson(), dropout: 0.2 })).toEqual(['dropout is not a known field']);
	});

	it('fills the optional fields with their defaults', () => {
		const json = skabJson();
		for (const key of [
			'kernelSize',
			'normalization',
			'dropoutRate',
			'shuffle',
			'earlyStoppingMinDelta'
		])
			delete json[key];
		const result = validateModelConfig(json);
		expect(result.ok && result.config).toMatchObject({
			kernelSize: 3,
			normalization: 'none',
			dropoutRate: 0,
			shuffle: true,
			earlyStoppingMinDelta: 0
		});
	});

	it('rejects non-objects, empty layers and out-of-range seeds', () => {
		expect(errorsOf(null)).toEqual(['config must be an object, got null']);
		expect(errorsOf({ ...skabJson(), layers: [] })).toEqual([
			'layers must be a non-empty array of { units }, got []'
		]);
		expect(errorsOf({ ...skabJson(), seed: 2 ** 32 })).toEqual([
			'seed must be an integer in [0, 4294967295], got 4294967296'
		]);
		expect(
			errorsOf({ ...skabJson(), threshold: { method: 'pot', initialQuantile: 0.98 } })
		).toEqual(['threshold.riskLevel must be a number in (0, 1), got undefined']);
	});

	it('keeps presets frozen', () => {
		expect(Object.isFrozen(PRESETS['skab-lstm-ae'])).toBe(true);
		expect(Object.isFrozen(PRESETS['skab-lstm-ae'].layers[0])).toBe(true);
		expect(Object.isFrozen(PRESETS.default.threshold)).toBe(true);
	});
});
