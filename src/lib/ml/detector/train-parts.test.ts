import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { SeededRandom } from '../../core/random';
import type { BackendProbe } from '../backends/probe';
import { sineChannels, tinyConfig } from '../test-helpers';
import { importDetector } from './detector-data';
import { concatenateRuns } from './part-windows';
import { fromStoredVersion, toStoredVersion } from './stored-version';
import { trainOnParts, type PartsTrainEvent } from './train-parts';

beforeAll(async () => {
	await tf.setBackend('cpu');
});

const CPU_ONLY: BackendProbe[] = [{ backend: 'cpu', ok: true, detail: 'cpu' }];

/** Two recordings of the same sines, 60 and 40 rows, the second one shifted in phase. */
function twoParts() {
	const a = sineChannels(60, 2);
	const b = sineChannels(70, 2).map((c) => c.slice(30));
	const block = (channels: Float32Array[]) => ({
		t: Float64Array.from(channels[0]!, (_, i) => i * 10),
		channels
	});
	return concatenateRuns([block(a), block(b)], [[{ from: 0, to: 60 }], [{ from: 0, to: 40 }]]);
}

describe('trainOnParts', () => {
	it('trains on windows within each part only, reports the backend first, and leaves no tensors', async () => {
		const { channels, partStarts } = twoParts();
		const before = tf.memory().numTensors;
		const events: PartsTrainEvent['kind'][] = [];
		const result = await trainOnParts(
			{
				channels,
				partStarts,
				channelNames: ['a', 'b'],
				config: tinyConfig({ maxEpochs: 2 }),
				backend: 'cpu'
			},
			{ probes: CPU_ONLY, onEvent: (e) => events.push(e.kind) }
		);
		if (!result.ok) throw new Error(JSON.stringify(result));
		// Window 5: (60 − 5 + 1) + (40 − 5 + 1) = 92 windows, not the 96 of 100 joined rows.
		expect(result.trainingScores.length).toBe(92);
		expect(result.trainWindows + result.validationWindows).toBe(92);
		expect(result.backend).toMatchObject({ backend: 'cpu', reason: 'override' });
		expect(events[0]).toBe('backend');
		expect(events.filter((k) => k === 'epoch')).toHaveLength(2);
		expect(events.at(-1)).toBe('calibrating');
		expect(result.data.training.history.loss).toHaveLength(2);
		expect(Number.isFinite(result.data.threshold)).toBe(true);
		expect(tf.memory().numTensors).toBe(before);
	});

	it('a level jump between two parts never enters a difference: the scaler sees each part’s own changes', async () => {
		// A random walk (differenced: it drifts), recorded twice at levels 1,000 apart.
		const random = new SeededRandom(3);
		let level = 0;
		const walk = Float32Array.from({ length: 120 }, () => (level += random.gaussian()));
		const shifted = walk.map((x, i) => (i < 60 ? x : x + 1000));
		const steady = sineChannels(120, 1)[0]!;
		const result = await trainOnParts(
			{
				channels: [shifted, steady],
				partStarts: [0, 60],
				channelNames: ['walk', 'sine'],
				config: tinyConfig({ maxEpochs: 1, differenceDriftAbove: 0.2 })
			},
			{ probes: CPU_ONLY }
		);
		if (!result.ok) throw new Error(JSON.stringify(result));
		expect(result.data.differenced).toEqual([1, 0]);
		// Steps of a unit random walk have std ≈ 1; one 1,000 jump among 120 would give ≈ 91.
		expect(result.data.scaler.std[0]).toBeLessThan(2);
	});

	it('refuses a bad config naming the field, and too few rows saying what to change', async () => {
		const { channels, partStarts } = twoParts();
		const bad = await trainOnParts(
			{
				channels,
				partStarts,
				channelNames: ['a', 'b'],
				config: { ...tinyConfig(), batchSize: 0, layers: [{ units: -3 }] }
			},
			{ probes: CPU_ONLY }
		);
		expect(bad).toEqual({
			ok: false,
			kind: 'invalid-config',
			errors: [
				'layers[0].units must be a positive integer, got -3',
				'batchSize must be a positive integer, got 0'
			]
		});
		const short = await trainOnParts(
			{ channels, partStarts, channelNames: ['a', 'b'], config: tinyConfig({ windowLength: 61 }) },
			{ probes: CPU_ONLY }
		);
		expect(short).toMatchObject({ ok: false, kind: 'failed' });
		expect(short.ok ? '' : (short as { reason: string }).reason).toMatch(
			/give 0 windows of 61 rows/
		);
	});
});

describe('stored version', () => {
	it('splits into artifacts and version fields and reassembles into a detector that imports', async () => {
		const { channels, partStarts } = twoParts();
		const result = await trainOnParts(
			{ channels, partStarts, channelNames: ['a', 'b'], config: tinyConfig({ maxEpochs: 1 }) },
			{ probes: CPU_ONLY }
		);
		if (!result.ok) throw new Error(JSON.stringify(result));
		const { artifacts, fields } = toStoredVersion(result.data);
		expect(fields.engineData).toMatchObject({ channelNames: ['a', 'b'], channelCount: 2 });
		// Through structured clone, as IndexedDB stores it; the worker adds its lineage beside.
		const stored = structuredClone({
			artifacts,
			fields: { ...fields, engineData: { ...fields.engineData, lineage: { datasets: [] } } }
		});
		const back = fromStoredVersion(stored.fields, stored.artifacts);
		if (!back.ok) throw new Error(back.error);
		expect(back.data).toEqual(result.data);
		const imported = await importDetector(back.data);
		if (!imported.ok) throw new Error(imported.errors.join('; '));
		expect(imported.channelNames).toEqual(['a', 'b']);
		expect(imported.detector.threshold).toBe(result.data.threshold);
		imported.detector.model.dispose();

		expect(
			fromStoredVersion({ ...fields, engineData: { channelNames: ['a'] } }, artifacts)
		).toEqual({
			ok: false,
			error: 'this version holds no vigil-detector-1 detector (engineData.format is undefined)'
		});
	});
});
