import { describe, expect, it } from 'vitest';
import {
	configRows,
	formatDurationMs,
	formatNumber,
	metricRows,
	thresholdRuleText
} from './model-format';
import { scalerSummary } from './scaler-summary';

/** The `default` preset as `ml/presets.ts` has it (components may not import ml or db). */
const SAMPLE_CONFIG: Record<string, unknown> = {
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

describe('configRows', () => {
	it('reads every field of the default preset in order, with units', () => {
		const rows = configRows(SAMPLE_CONFIG);
		expect(rows.map((r) => r.key)).toEqual(Object.keys(SAMPLE_CONFIG));
		const value = (key: string) => rows.find((r) => r.key === key)?.value;
		expect(value('architecture')).toBe('LSTM autoencoder');
		expect(value('windowLength')).toBe('30 rows');
		expect(value('layers')).toBe('16');
		expect(value('dropoutRate')).toBe('None');
		expect(value('optimizer')).toBe('Adam, learning rate 0.001');
		expect(value('validationFraction')).toBe('10 % of the windows, the latest');
		expect(value('differenceDriftAbove')).toBe('When over 20 % of the variance is drift');
		expect(value('threshold')).toBe(
			'Peaks over threshold: tail fitted above the 0.98 quantile, risk 0.01'
		);
	});

	it('shows what it does not know as JSON, and never throws on odd values', () => {
		const rows = configRows({
			layers: [{ units: 64 }, { units: 16 }],
			windowLength: 'thirty',
			differenceDriftAbove: 1,
			threshold: { method: 'quantile', quantile: 0.99, factor: 1.5 },
			futureOption: { a: 1 }
		});
		expect(rows).toEqual([
			{ key: 'windowLength', label: 'Window', value: '"thirty"' },
			{ key: 'layers', label: expect.stringMatching(/^Encoder layers/), value: '64 → 16' },
			{ key: 'differenceDriftAbove', label: expect.any(String), value: 'Never' },
			{
				key: 'threshold',
				label: 'Threshold rule',
				value: '0.99 quantile of the training scores × 1.5'
			},
			{ key: 'futureOption', label: 'futureOption', value: '{"a":1}' }
		]);
		expect(thresholdRuleText({ method: 'magic' })).toBe('{"method":"magic"}');
		expect(thresholdRuleText(null)).toBe('—');
	});
});

describe('number and duration text', () => {
	it('formats numbers to 4 significant digits and gaps as a dash', () => {
		expect(formatNumber(0.213456)).toBe('0.2135');
		expect(formatNumber(3.75)).toBe('3.75');
		expect(formatNumber(12345)).toBe('12,345');
		expect(formatNumber(null)).toBe('—');
		expect(formatNumber(NaN)).toBe('—');
		expect(formatNumber(Infinity)).toBe('∞');
	});

	it('formats durations in the largest sensible unit', () => {
		expect(formatDurationMs(850)).toBe('850 ms');
		expect(formatDurationMs(12_900)).toBe('12.9 s');
		expect(formatDurationMs(185_000)).toBe('3 min 5 s');
		expect(formatDurationMs(3_720_000)).toBe('1 h 2 min');
		expect(formatDurationMs(1_800_000)).toBe('30 min');
		expect(formatDurationMs(3_600_000)).toBe('1 h');
		expect(formatDurationMs(-1)).toBe('—');
	});

	it('labels the Train page’s metrics (best epoch from 1) and lists the rest by name', () => {
		const rows = metricRows({
			zeta: 2,
			trainLoss: 0.21234,
			bestEpoch: 19,
			stoppedEarly: 1,
			auc: 0.5
		});
		expect(rows.map((r) => [r.label, r.value])).toEqual([
			['Training loss at the best epoch', '0.2123'],
			['Best epoch (counted from 1)', '20'],
			['Stopped early', 'Yes'],
			['auc', '0.5'],
			['zeta', '2']
		]);
	});
});

describe('scalerSummary', () => {
	it('names channels and flags the differenced ones', () => {
		const summary = scalerSummary(
			{ mean: [4.2, 31.5, 61.25], std: [0.35, 2.1, 1.5] },
			{ channelNames: ['pressure', 'flow', 'temperature'], differenced: [0, 0, 1] }
		);
		expect(summary).toEqual({
			ok: true,
			channels: [
				{ name: 'pressure', mean: 4.2, std: 0.35, differenced: false },
				{ name: 'flow', mean: 31.5, std: 2.1, differenced: false },
				{ name: 'temperature', mean: 61.25, std: 1.5, differenced: true }
			]
		});
	});

	it('numbers channels when names are missing or do not fit, and explains a scaler it cannot read', () => {
		const summary = scalerSummary({ mean: [1, 2], std: [3, 4] }, { channelNames: ['only one'] });
		expect(summary.ok && summary.channels.map((c) => [c.name, c.differenced])).toEqual([
			['channel 1', null],
			['channel 2', null]
		]);
		expect(scalerSummary(null, {})).toEqual({
			ok: false,
			reason: 'No scaler was stored with this version.'
		});
		expect(scalerSummary({ min: [0], max: [1] }, {})).toEqual({
			ok: false,
			reason: expect.stringContaining('(it holds min, max)')
		});
		expect(scalerSummary({ mean: [1, 2], std: [1] }, {}).ok).toBe(false);
	});
});
