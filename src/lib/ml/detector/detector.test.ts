import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { SeededRandom } from '../../core/random';
import { sineChannels, tinyConfig } from '../test-helpers';
import { detectRows } from './detect';
import { fitDetector } from './fit';

beforeAll(async () => {
	await tf.setBackend('cpu');
});

/** Two periodic channels and one that wanders like a random walk (a warming temperature). */
function channelsWithDrift(rows: number): Float32Array[] {
	const random = new SeededRandom(4);
	let level = 0;
	const wander = Float32Array.from({ length: rows }, () => (level += 0.2 * random.gaussian()));
	return [...sineChannels(rows, 2), wander];
}

async function fitted(differenceDriftAbove: number) {
	const channels = channelsWithDrift(400);
	const result = await fitDetector(channels, tinyConfig({ differenceDriftAbove, maxEpochs: 2 }), {
		trainTo: 300
	});
	if (!result.ok) throw new Error(result.reason);
	return { channels, detector: result.detector };
}

describe('detector pipeline', () => {
	it('differencing of persistent channels gave NaN-free but wrong test scores: detection on the training rows reproduces the calibration scores', async () => {
		const { channels, detector } = await fitted(0.2);
		expect(Array.from(detector.differenced)).toEqual([0, 0, 1]);
		const N = detector.config.windowLength;
		const detection = await detectRows(detector, channels, {
			from: 100,
			to: 300,
			rule: 'streaming'
		});
		// Row 100 + i is the end of training window 100 + i − (N − 1).
		for (const i of [0, 57, 199]) {
			expect(detection.score[i]).toBeCloseTo(detector.trainingScores[100 + i - (N - 1)]!, 4);
		}
		detector.model.dispose();
	});

	it('streaming rule decides every row, using earlier rows as context; SKAB rule leaves the first N − 1 unscored', async () => {
		const { channels, detector } = await fitted(1);
		const N = detector.config.windowLength;
		const streaming = await detectRows(detector, channels, {
			from: 300,
			to: 400,
			rule: 'streaming'
		});
		expect(streaming.score.every(Number.isFinite)).toBe(true);
		expect(streaming.prediction.length).toBe(100);
		const skab = await detectRows(detector, channels, { from: 300, to: 400, rule: 'skab' });
		expect(Array.from(skab.score.subarray(0, N - 1)).every(Number.isNaN)).toBe(true);
		expect(Number.isFinite(skab.score[N - 1]!)).toBe(true);
		detector.model.dispose();
	});

	it('flags an injected level shift and attributes it to the shifted channel', async () => {
		const channels = channelsWithDrift(400);
		const result = await fitDetector(
			channels,
			tinyConfig({ differenceDriftAbove: 0.2, maxEpochs: 3 }),
			{ trainTo: 300 }
		);
		if (!result.ok) throw new Error(result.reason);
		const shifted = channels.map((c) => c.slice());
		for (let i = 350; i < 400; i++) shifted[0]![i]! += 6;
		const detection = await detectRows(result.detector, shifted, {
			from: 300,
			to: 400,
			rule: 'streaming'
		});
		const row = 60; // row 360: inside the shift, after a full window of it
		expect(detection.prediction[row]).toBe(1);
		const shares = detection.attribution.subarray(row * 3, row * 3 + 3);
		expect(shares[0]).toBeGreaterThan(Math.max(shares[1]!, shares[2]!));
		result.detector.model.dispose();
	});

	it('flags windows holding a missing value as unscoreable (Infinity), naming the silent channel', async () => {
		const { channels, detector } = await fitted(0.2);
		const N = detector.config.windowLength;
		const gappy = channels.map((c) => c.slice());
		// Channel 1 drops out for rows 340–342; channel 2 (differenced) loses one row at 370.
		gappy[1]!.fill(NaN, 340, 343);
		gappy[2]![370] = NaN;
		const detection = await detectRows(detector, gappy, { from: 300, to: 400, rule: 'streaming' });
		const rowOf = (row: number) => row - 300;
		// Windows ending on 340 .. 342 + N − 1 hold a missing value of channel 1.
		for (const row of [340, 342 + N - 1]) {
			expect(detection.score[rowOf(row)]).toBe(Infinity);
			expect(detection.prediction[rowOf(row)]).toBe(1);
			expect(
				Array.from(detection.attribution.subarray(rowOf(row) * 3, rowOf(row) * 3 + 3))
			).toEqual([0, 1, 0]);
		}
		// Before the gap and once the window has left it, scores are finite again.
		expect(Number.isFinite(detection.score[rowOf(339)]!)).toBe(true);
		expect(Number.isFinite(detection.score[rowOf(342 + N)]!)).toBe(true);
		// A differenced channel's gap also spoils the next row's difference: windows up to 371 + N − 1.
		expect(detection.score[rowOf(371 + N - 1)]).toBe(Infinity);
		expect(detection.attribution[rowOf(371 + N - 1) * 3 + 2]).toBe(1);
		expect(Number.isFinite(detection.score[rowOf(371 + N)]!)).toBe(true);
		detector.model.dispose();
	});

	it('leaves no tensors behind but the model, which the caller disposes', async () => {
		const before = tf.memory().numTensors;
		const { channels, detector } = await fitted(0.2);
		await detectRows(detector, channels, { from: 300, to: 400, rule: 'streaming' });
		detector.model.dispose();
		expect(tf.memory().numTensors).toBe(before);
	});
});
