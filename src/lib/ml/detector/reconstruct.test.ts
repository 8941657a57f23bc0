import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { SeededRandom } from '../../core/random';
import { sineChannels, tinyConfig } from '../test-helpers';
import { fitDetector } from './fit';
import { reconstructWindow } from './reconstruct';

beforeAll(async () => {
	await tf.setBackend('cpu');
});

/** Two periodic channels and a slow random walk (differenced by the detector). */
function channelsWithDrift(rows: number): Float32Array[] {
	const random = new SeededRandom(4);
	let level = 0;
	const wander = Float32Array.from({ length: rows }, () => (level += 0.2 * random.gaussian()));
	return [...sineChannels(rows, 2), wander];
}

function spread(column: Float32Array): number {
	const mean = column.reduce((a, b) => a + b, 0) / column.length;
	return Math.sqrt(column.reduce((a, b) => a + (b - mean) ** 2, 0) / column.length);
}

const meanAbsError = (a: Float32Array, b: Float32Array) =>
	a.reduce((sum, x, i) => sum + Math.abs(x - b[i]!), 0) / a.length;

describe('reconstructWindow', () => {
	it('reconstructs a normal window close to the actual rows, in channel units and levels', async () => {
		const before = tf.memory().numTensors;
		const rows = 400;
		const channels = channelsWithDrift(rows);
		// Offsets and scales far from 0 and 1: the scaler must be undone, not left in z-scores.
		channels[0] = channels[0]!.map((x) => 230 + 5 * x);
		const result = await fitDetector(
			channels,
			tinyConfig({ differenceDriftAbove: 0.2, maxEpochs: 30, layers: [{ units: 8 }] }),
			{ trainTo: 300 }
		);
		if (!result.ok) throw new Error(result.reason);
		const { detector } = result;
		expect(Array.from(detector.differenced)).toEqual([0, 0, 1]);
		const N = detector.config.windowLength;
		const afterFit = tf.memory().numTensors;

		const endRow = 340;
		const { actual, reconstructed } = await reconstructWindow(detector, channels, endRow);
		expect(tf.memory().numTensors).toBe(afterFit);
		expect(actual.length).toBe(3);
		expect(reconstructed.length).toBe(3);
		for (let c = 0; c < 3; c++) {
			expect(actual[c]!.length).toBe(N);
			expect(reconstructed[c]!.length).toBe(N);
			expect(Array.from(actual[c]!)).toEqual(
				Array.from(channels[c]!.subarray(endRow - N + 1, endRow + 1))
			);
			expect(reconstructed[c]!.every(Number.isFinite)).toBe(true);
			const error = meanAbsError(actual[c]!, reconstructed[c]!);
			expect(error, `channel ${c}`).toBeLessThan(spread(channels[c]!.subarray(0, 300)));
		}
		// The walk is reconstructed in levels near its own level, not as differences near 0.
		expect(Math.abs(reconstructed[2]![0]! - actual[2]![0]!)).toBeLessThan(1);
		// The first rows are a valid window too (differencing with no row before it).
		const first = await reconstructWindow(detector, channels, N - 1);
		expect(first.reconstructed[2]!.every(Number.isFinite)).toBe(true);
		await expect(reconstructWindow(detector, channels, N - 2)).rejects.toThrow(/outside/);
		detector.model.dispose();
		expect(tf.memory().numTensors).toBe(before);
	});

	it('a spiked channel is reconstructed without its spike', async () => {
		const channels = channelsWithDrift(400);
		const result = await fitDetector(
			channels,
			tinyConfig({ differenceDriftAbove: 0.2, maxEpochs: 30, layers: [{ units: 8 }] }),
			{
				trainTo: 300
			}
		);
		if (!result.ok) throw new Error(result.reason);
		const spiked = channels.map((c) => c.slice());
		spiked[1]![345]! += 8;
		const { actual, reconstructed } = await reconstructWindow(result.detector, spiked, 347);
		const maxError = actual.map((a, c) =>
			Math.max(...a.map((x, t) => Math.abs(x - reconstructed[c]![t]!)))
		);
		expect(maxError[1]).toBeGreaterThan(Math.max(maxError[0]!, maxError[2]!));
		result.detector.model.dispose();
	});
});
