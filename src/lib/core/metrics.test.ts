import { describe, expect, it } from 'vitest';
import { addConfusion, confusion, precisionRecallCurve, rates, rocCurve } from './metrics';

describe('confusion and rates', () => {
	it('counts and derives every rate on a hand-computed case', () => {
		const actual = [1, 1, 1, 0, 0, 0, 0, 1];
		const predicted = [1, 1, 0, 1, 0, 0, 0, 0];
		const counts = confusion(actual, predicted);
		expect(counts).toEqual({ tp: 2, fp: 1, fn: 2, tn: 3 });
		const r = rates(counts);
		expect(r.precision).toBeCloseTo(2 / 3, 12);
		expect(r.recall).toBeCloseTo(0.5, 12);
		expect(r.f1).toBeCloseTo(2 / (2 + 1.5), 12); // = harmonic mean 2·(2/3·1/2)/(2/3+1/2) = 4/7
		expect(r.f1).toBeCloseTo((2 * (2 / 3) * 0.5) / (2 / 3 + 0.5), 12);
		expect(r.accuracy).toBeCloseTo(5 / 8, 12);
		expect(r.specificity).toBeCloseTo(3 / 4, 12);
		expect(r.farPct).toBeCloseTo(25, 12);
		expect(r.marPct).toBeCloseTo(50, 12);
	});

	it('pools counts over files', () => {
		expect(
			addConfusion({ tp: 1, fp: 2, fn: 3, tn: 4 }, { tp: 10, fp: 20, fn: 30, tn: 40 })
		).toEqual({ tp: 11, fp: 22, fn: 33, tn: 44 });
	});

	it('no predictions: precision undefined, recall 0, no false alarms', () => {
		const r = rates(confusion([1, 0, 1], [0, 0, 0]));
		expect(Number.isNaN(r.precision)).toBe(true);
		expect(r.recall).toBe(0);
		expect(r.f1).toBe(0);
		expect(r.farPct).toBe(0);
		expect(r.marPct).toBe(100);
	});

	it('one class only (all normal): recall and MAR undefined, not invented', () => {
		const r = rates(confusion([0, 0, 0], [0, 1, 0]));
		expect(Number.isNaN(r.recall)).toBe(true);
		expect(Number.isNaN(r.marPct)).toBe(true);
		expect(r.farPct).toBeCloseTo(100 / 3, 12);
	});

	it('refuses mismatched lengths', () => {
		expect(() => confusion([1, 0], [1])).toThrow(/2 labels but 1 predictions/);
	});
});

describe('ROC and PR curves', () => {
	it('ROC AUC is the chance a positive outscores a negative (ties half)', () => {
		// positives 0.9, 0.4; negatives 0.5, 0.4, 0.1. Pairs: (0.9 > all three) = 3,
		// (0.4 vs 0.5) = 0, (0.4 vs 0.4) = 0.5, (0.4 vs 0.1) = 1 → 4.5 / 6 = 0.75.
		const roc = rocCurve([1, 0, 1, 0, 0], [0.9, 0.5, 0.4, 0.4, 0.1]);
		expect(roc.auc).toBeCloseTo(0.75, 12);
		expect([roc.x[0], roc.y[0], roc.x.at(-1), roc.y.at(-1)]).toEqual([0, 0, 1, 1]);
	});

	it('perfect and inverted rankings give 1 and 0', () => {
		expect(rocCurve([0, 0, 1, 1], [0.1, 0.2, 0.8, 0.9]).auc).toBe(1);
		expect(rocCurve([1, 1, 0, 0], [0.1, 0.2, 0.8, 0.9]).auc).toBe(0);
	});

	it('average precision on a hand-computed case', () => {
		// Scores descending: 0.9 (pos), 0.8 (neg), 0.7 (pos), 0.1 (neg).
		// Steps: R=0.5,P=1 → +0.5·1; R=0.5,P=0.5 → +0; R=1,P=2/3 → +0.5·2/3; R=1,P=0.5 → +0.
		const pr = precisionRecallCurve([1, 0, 1, 0], [0.9, 0.8, 0.7, 0.1]);
		expect(pr.auc).toBeCloseTo(0.5 + 1 / 3, 12);
	});

	it('one class only gives NaN areas', () => {
		expect(Number.isNaN(rocCurve([0, 0], [0.1, 0.2]).auc)).toBe(true);
		expect(Number.isNaN(rocCurve([1, 1], [0.1, 0.2]).auc)).toBe(true);
		expect(Number.isNaN(precisionRecallCurve([0, 0], [0.1, 0.2]).auc)).toBe(true);
	});
});
