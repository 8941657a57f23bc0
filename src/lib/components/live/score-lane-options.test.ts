import { describe, expect, it } from 'vitest';
import { anomalousSpans, scoreLaneOptions, toScoreLaneData } from './score-lane-options';

describe('anomalousSpans', () => {
	it('gives one band per run above the threshold, ended by a normal or missing score', () => {
		const t = [0, 10, 20, 30, 40, 50, 60];
		expect(anomalousSpans(t, [1, 5, 6, 1, NaN, 7, 8], 4)).toEqual([
			{ startMs: 10, endMs: 20, kind: 'anomaly' },
			{ startMs: 50, endMs: 60, kind: 'anomaly' }
		]);
		expect(anomalousSpans(t, [1, 5, null, 5, 1, 1, 1], 4)).toEqual([
			{ startMs: 10, endMs: 10, kind: 'anomaly' },
			{ startMs: 30, endMs: 30, kind: 'anomaly' }
		]);
		// At the threshold is not above it.
		expect(anomalousSpans(t, [4, 4, 4, 4, 4, 4, 4], 4)).toEqual([]);
	});
});

describe('scoreLaneOptions', () => {
	it('draws score and threshold over the live window, keeping the threshold in view', () => {
		const options = scoreLaneOptions({
			windowMs: 60_000,
			threshold: 5,
			dark: false,
			syncKey: 'live'
		});
		expect(options.series.map((s) => s.label)).toEqual([undefined, 'Score', 'Threshold']);
		const fake = {} as never;
		const x = options.scales!['x']!.range as unknown as (
			u: never,
			min: number,
			max: number
		) => number[];
		expect(x(fake, 0, 100_000)).toEqual([40_000, 100_000]);
		const y = options.scales!['y']!.range as unknown as (
			u: never,
			min: number,
			max: number
		) => number[];
		expect(y(fake, 0.1, 2)).toEqual([0, 6]);
		expect(y(fake, 0.1, 30)).toEqual([0, 30]);
		expect(options.cursor?.sync?.key).toBe('live');
		expect(options.hooks?.drawClear).toHaveLength(1);
	});

	it('gives the lane data with the threshold as a line', () => {
		const data = toScoreLaneData({ t: Float64Array.of(1, 2), score: Float32Array.of(3, 9) }, 5);
		expect(data.map((column) => [...column])).toEqual([
			[1, 2],
			[3, 9],
			[5, 5]
		]);
	});
});
