/**
 * Realistic model versions and training histories for tests of the Models area (db, state,
 * components, e2e). Plain data with type-only imports, so Playwright specs can import it too.
 * Nothing trains in these tests: a version looks like what the Train page saves.
 */
import type { NewModelVersion } from './models';
import type { TrainingRunRow } from './schema';

/**
 * The `default` preset's values as `ml/presets.ts` has them (db and state may not import ml;
 * the e2e test seeds with the real `PRESETS` instead).
 */
export const SAMPLE_CONFIG: Record<string, unknown> = {
	architecture: 'lstm-ae',
	windowLength: 30,
	layers: [{ units: 16 }],
	activation: 'tanh',
	kernelSize: 3,
	normalization: 'none',
	dropoutRate: 0,
	loss: 'mae',
	optimizer: { name: 'adam', learningRate: 1e-3 },
	batchSize: 32,
	shuffle: true,
	maxEpochs: 100,
	validationFraction: 0.1,
	earlyStoppingPatience: 5,
	earlyStoppingMinDelta: 0,
	differenceDriftAbove: 0.2,
	errorNormalisation: 'per-channel',
	seed: 0,
	threshold: { method: 'pot', initialQuantile: 0.98, riskLevel: 1e-2 }
};

export const SAMPLE_CHANNELS = ['pressure', 'flow', 'temperature'];

/** A version trained on three pump channels; `overrides` replace whole fields. */
export function sampleVersion(overrides: Partial<NewModelVersion> = {}): NewModelVersion {
	return {
		preset: 'default',
		config: SAMPLE_CONFIG,
		backend: 'wasm',
		trainingDurationMs: 12_900,
		trainingDatasetId: null,
		trainingDatasetSha256: 'c0ffee'.padEnd(64, '0'),
		trainingSegments: [
			{ startMs: Date.UTC(2026, 2, 1, 8), endMs: Date.UTC(2026, 2, 1, 9), kind: 'normal' },
			{ startMs: Date.UTC(2026, 2, 1, 10), endMs: Date.UTC(2026, 2, 1, 10, 30), kind: 'normal' }
		],
		metrics: { trainLoss: 0.212, bestEpoch: 19, epochs: 24 },
		threshold: 3.75,
		scaler: { mean: [4.2, 31.5, 61.25], std: [0.35, 2.1, 1.5] },
		engineData: {
			channelNames: SAMPLE_CHANNELS,
			differenced: [0, 0, 1],
			thresholdDetail: { initialQuantile: 0.98, riskLevel: 0.01, peaks: 12 }
		},
		appVersion: '0.1.0',
		artifactKey: 'sample-artifacts',
		artifactsSha256: 'ab'.repeat(32),
		aliases: [],
		notes: '',
		...overrides
	};
}

/** `epochs` epochs of falling losses, validation slightly above (loss ≈ 0.8 → 0.2). */
export function sampleLossHistory(epochs: number): TrainingRunRow['lossHistory'] {
	return Array.from({ length: epochs }, (_, epoch) => {
		const loss = 0.2 + 0.6 * Math.exp(-epoch / 4);
		return { epoch, loss, valLoss: loss * 1.1 + (epoch === 0 ? 0.05 : 0) };
	});
}
