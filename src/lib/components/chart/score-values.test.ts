import { describe, expect, it } from 'vitest';
import {
	attributionCaption,
	clampMissingScores,
	formatScore,
	isMissingValuesScore,
	missingValuesHeight,
	missingValuesText
} from './score-values';

describe('formatScore', () => {
	it('prints "missing values" for an unscorable window, a dash for NaN, else decimals', () => {
		expect(formatScore(Infinity)).toBe('missing or stuck values');
		expect(formatScore(NaN)).toBe('—');
		expect(formatScore(-Infinity)).toBe('—');
		expect(formatScore(1.23456)).toBe('1.23');
		expect(formatScore(1.23456, 3)).toBe('1.235');
		expect(isMissingValuesScore(Infinity)).toBe(true);
		expect(isMissingValuesScore(1e30)).toBe(false);
	});
});

describe('missingValuesText', () => {
	it('names the channels holding missing values, largest share first', () => {
		const names = ['flow', 'pressure', 'temperature'];
		expect(missingValuesText(Float32Array.of(0.25, 0, 0.75), names)).toBe(
			'missing or stuck values in temperature, flow'
		);
		expect(missingValuesText(Float32Array.of(0, 1, 0), names)).toBe(
			'missing or stuck values in pressure'
		);
		// An attribution with no share (or too short) still says what is wrong.
		expect(missingValuesText(Float32Array.of(0, 0, 0), names)).toBe('missing or stuck values');
		expect(missingValuesText([], names)).toBe('missing or stuck values');
	});
});

describe('attributionCaption', () => {
	const names = ['flow', 'pressure'];
	it('names the channels with missing or stuck values instead of printing Infinity', () => {
		expect(
			attributionCaption(
				{ score: Infinity, attribution: Float32Array.of(0, 1) },
				1,
				names,
				'12:00:01.5'
			)
		).toBe(
			'Which channels drive the anomaly (over its 1 flagged window); at 12:00:01.5 it cannot be scored: missing or stuck values in pressure'
		);
	});
	it('gives the peak score of a scored anomaly', () => {
		expect(
			attributionCaption(
				{ score: 3.14159, attribution: Float32Array.of(0.7, 0.3) },
				12,
				names,
				'noon'
			)
		).toBe(
			'Which channels drive the anomaly (over its 12 flagged windows; peak score 3.14 at noon)'
		);
	});
});

describe('missingValuesHeight', () => {
	it('sits a quarter above the highest finite score or the threshold', () => {
		expect(missingValuesHeight(4, 2)).toBe(5);
		expect(missingValuesHeight(1, 2)).toBe(2.5);
		expect(missingValuesHeight(-Infinity, 2)).toBe(2.5); // no finite score in view
		expect(missingValuesHeight(0, 0)).toBe(1);
	});
});

describe('clampMissingScores', () => {
	it('returns the scores untouched (same array) and no markers when none is Infinity', () => {
		const score = Float32Array.of(0.5, 3, 1);
		const clamped = clampMissingScores(score, 2);
		expect(clamped.score).toBe(score);
		expect(clamped.missing).toEqual([null, null, null]);
		expect(clamped.missingCount).toBe(0);
	});

	it('puts Infinity at 1.25 × max(finite in view, threshold), marks it, and leaves the input alone', () => {
		const score = Float32Array.of(9, Infinity, 0.5, 3, Infinity);
		const clamped = clampMissingScores(score, 2, 2);
		// Rows from 2 on are in view: finite max 3 → 3.75 (the 9 before the view does not count).
		expect([...clamped.score]).toEqual([9, 3.75, 0.5, 3, 3.75]);
		expect(clamped.missing).toEqual([null, 3.75, null, null, 3.75]);
		expect(clamped.missingCount).toBe(2);
		expect(clamped.score.every(Number.isFinite)).toBe(true);
		expect(score[1]).toBe(Infinity);
	});

	it('keeps Infinity above the threshold when every finite score is lower', () => {
		const clamped = clampMissingScores(Float32Array.of(Infinity, Infinity), 2);
		expect([...clamped.score]).toEqual([2.5, 2.5]);
	});
});
