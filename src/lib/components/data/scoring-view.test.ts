import { describe, expect, it } from 'vitest';
import { formatMetric, missingScoreCount, scoreChartData, scoresCsvParts } from './scoring-view';

const T0 = Date.UTC(2026, 2, 1);

describe('scoresCsvParts', () => {
	it('writes one line per row: empty score and 0 before the first window, 1 above the threshold', () => {
		const t = Float64Array.from([0, 1000, 2000, 3000], (d) => T0 + d);
		const scores = Float32Array.from([NaN, 0.25, 2, 0.5]);
		const csv = scoresCsvParts(t, scores, 1, 2).join('');
		expect(csv.split('\n')).toEqual([
			'time,score,threshold,anomaly',
			'2026-03-01T00:00:00.000Z,,1,0',
			'2026-03-01T00:00:01.000Z,0.25,1,0',
			'2026-03-01T00:00:02.000Z,2,1,1',
			'2026-03-01T00:00:03.000Z,0.5,1,0',
			''
		]);
		// Header plus two parts of two rows.
		expect(scoresCsvParts(t, scores, 1, 2)).toHaveLength(3);
	});
});

describe('scoresCsvParts with missing values', () => {
	it('writes a window that could not be scored as Infinity, flagged above the threshold', () => {
		const t = Float64Array.from([0, 1000], (d) => T0 + d);
		const csv = scoresCsvParts(t, Float32Array.of(0.25, Infinity), 1).join('');
		expect(csv.split('\n')[2]).toBe('2026-03-01T00:00:01.000Z,Infinity,1,1');
	});
});

describe('scoreChartData', () => {
	it('drops the unscored rows, keeps the peak within its bin and repeats the threshold', () => {
		const rows = 1000;
		const t = Float64Array.from({ length: rows }, (_, i) => T0 + i * 1000);
		const scores = Float32Array.from({ length: rows }, (_, i) =>
			i < 9 ? NaN : i === 500 ? 9 : 0.1
		);
		const [x, score, threshold] = scoreChartData(t, scores, 1.5, 100);
		expect(x.length).toBeLessThanOrEqual(2 * 101);
		expect(x[0]).toBe(t[9]);
		expect(Math.max(...Array.from(score as Float32Array))).toBe(9);
		expect(Array.from(score as Float32Array).some(Number.isNaN)).toBe(false);
		expect(new Set(threshold as Float64Array)).toEqual(new Set([1.5]));
	});

	it('draws windows with missing values (Infinity) at the top, marked, with no Infinity left', () => {
		const rows = 1000;
		const t = Float64Array.from({ length: rows }, (_, i) => T0 + i * 1000);
		const scores = Float32Array.from({ length: rows }, (_, i) =>
			i < 9 ? NaN : i >= 600 && i < 620 ? Infinity : i === 300 ? 4 : 0.1
		);
		const [x, score, threshold, missing] = scoreChartData(t, scores, 1.5, 100);
		const values = Array.from(score as Float32Array);
		expect(values.every(Number.isFinite)).toBe(true);
		// max(finite 4, threshold 1.5) × 1.25
		expect(Math.max(...values)).toBe(5);
		const marks = (missing as (number | null)[]).flatMap((m, i) => (m === null ? [] : [x[i]!]));
		expect(marks.length).toBeGreaterThan(0);
		expect(marks.every((ms) => ms >= t[600]! - 10_000 && ms <= t[619]! + 10_000)).toBe(true);
		expect(missing).toHaveLength(x.length);
		expect(threshold).toHaveLength(x.length);
		expect(scores[600]).toBe(Infinity); // the stored scores are left alone
	});

	it('counts the windows that could not be scored', () => {
		expect(missingScoreCount(Float32Array.of(NaN, 1, Infinity, Infinity))).toBe(2);
		expect(missingScoreCount(Float32Array.of(NaN, 1))).toBe(0);
	});

	it('gives empty series when nothing is scored', () => {
		const data = scoreChartData(new Float64Array([T0]), new Float32Array([NaN]), 1, 10);
		expect(data[0]).toHaveLength(0);
	});
});

describe('formatMetric', () => {
	it('shows undefined rates as a dash', () => {
		expect(formatMetric(NaN)).toBe('—');
		expect(formatMetric(12.3456, ' %')).toBe('12.346 %');
	});
});
