import { describe, expect, it } from 'vitest';
import { evaluateRun, meanAndStd } from './skab-evaluation';

const seconds = (n: number) => Float64Array.from({ length: n }, (_, i) => i * 1000);

describe('SKAB run evaluation', () => {
	it('pools confusion counts over files before computing rates', () => {
		// File a: tp 2, fp 0, fn 0, tn 2. File b: tp 0, fp 2, fn 2, tn 0.
		// Pooled: tp 2, fp 2, fn 2, tn 2 → F1 = 2 / (2 + 2) = 0.5, FAR 50 %, MAR 50 %.
		// (Averaging per-file F1 would give (1 + 0) / 2 = 0.5 too, but FAR/MAR per file differ: 0 and 100.)
		const run = evaluateRun([
			{ file: 'a.csv', timesMs: seconds(4), anomaly: [1, 1, 0, 0], prediction: [1, 1, 0, 0] },
			{ file: 'b.csv', timesMs: seconds(4), anomaly: [1, 1, 0, 0], prediction: [0, 0, 1, 1] }
		]);
		expect(run.confusion).toEqual({ tp: 2, fp: 2, fn: 2, tn: 2 });
		expect(run.f1).toBeCloseTo(0.5, 12);
		expect(run.farPct).toBeCloseTo(50, 12);
		expect(run.perFile.map((f) => f.rates.farPct)).toEqual([0, 100]);
	});

	it('scores changepoints with all three profiles, normalised over all files', () => {
		// Each file: one true changepoint at row 10 detected exactly → every profile gives 100.
		const changepoint = new Uint8Array(100);
		changepoint[10] = 1;
		const prediction = new Uint8Array(100).fill(1, 10);
		const run = evaluateRun([
			{ file: 'a.csv', timesMs: seconds(100), changepoint, prediction },
			{ file: 'b.csv', timesMs: seconds(100), changepoint, prediction }
		]);
		expect(run.changepoint.standard).toBeCloseTo(100, 12);
		expect(run.changepoint.lowFp).toBeCloseTo(100, 12);
		expect(run.changepoint.lowFn).toBeCloseTo(100, 12);
	});

	it('a file without labels contributes nothing to the metrics', () => {
		const run = evaluateRun([{ file: 'x.csv', timesMs: seconds(3), prediction: [1, 0, 1] }]);
		expect(run.confusion).toEqual({ tp: 0, fp: 0, fn: 0, tn: 0 });
		expect(run.perFile).toEqual([]);
	});

	it('summarises seeds by mean and population std', () => {
		expect(meanAndStd([0.7, 0.8, 0.9]).mean).toBeCloseTo(0.8, 12);
		expect(meanAndStd([0.7, 0.8, 0.9]).std).toBeCloseTo(Math.sqrt(0.02 / 3), 12);
	});
});
