import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { sineChannels, tinyConfig } from '../test-helpers';
import { detectRows } from './detect';
import { exportDetector, importDetector } from './detector-data';
import { fitDetector } from './fit';

beforeAll(async () => {
	await tf.setBackend('cpu');
});

describe('detector as plain data', () => {
	it('survives a structured clone and scores identically (differencing and error scale included)', async () => {
		const channels = sineChannels(300, 3);
		const fitted = await fitDetector(
			channels,
			tinyConfig({ differenceDriftAbove: 0.2, errorNormalisation: 'per-channel' }),
			{ trainTo: 200 }
		);
		if (!fitted.ok) throw new Error(fitted.reason);
		const data = structuredClone(await exportDetector(fitted.detector, ['a', 'b', 'c']));
		const imported = await importDetector(data);
		if (!imported.ok) throw new Error(imported.errors.join('; '));
		expect(imported.channelNames).toEqual(['a', 'b', 'c']);
		const before = await detectRows(fitted.detector, channels, {
			from: 200,
			to: 300,
			rule: 'streaming'
		});
		const after = await detectRows(imported.detector, channels, {
			from: 200,
			to: 300,
			rule: 'streaming'
		});
		expect(Array.from(after.score)).toEqual(Array.from(before.score));
		expect(Array.from(after.prediction)).toEqual(Array.from(before.prediction));
		fitted.detector.model.dispose();
		imported.detector.model.dispose();
	});

	it('refuses data whose parts disagree, and leaks nothing', async () => {
		const channels = sineChannels(200, 2);
		const fitted = await fitDetector(channels, tinyConfig(), { trainTo: 200 });
		if (!fitted.ok) throw new Error(fitted.reason);
		const data = await exportDetector(fitted.detector, ['a', 'b']);
		fitted.detector.model.dispose();
		const tensors = tf.memory().numTensors;
		const broken = await importDetector({ ...data, channelNames: ['only-one'] });
		expect(broken).toMatchObject({
			ok: false,
			errors: [expect.stringContaining('the model has 2 channels')]
		});
		expect(await importDetector({ format: 'something-else' })).toMatchObject({ ok: false });
		expect(tf.memory().numTensors).toBe(tensors);
	});
});
