import { describe, expect, it } from 'vitest';
import { precisionRecallCurve, rocCurve } from '../../core/metrics';
import {
	curveChartData,
	curveChartOptions,
	curveNote,
	operatingPoints,
	prLabel,
	rocLabel,
	thinCurve
} from './curve-options';

/** A labelled score series with overlapping classes, `rows` long. */
function scored(rows: number) {
	const labels = Uint8Array.from({ length: rows }, (_, i) => (i % 10 === 0 ? 1 : 0));
	// Distinct scores; positives score higher on average.
	const scores = Float64Array.from(
		{ length: rows },
		(_, i) => ((i * 7919) % rows) / rows + (labels[i] ? 0.4 : 0)
	);
	return { labels, scores };
}

describe('thinCurve', () => {
	it('keeps the first and last points and each point that moved more than the step', () => {
		const x = [0, 0.0001, 0.0002, 0.5, 0.5004, 1];
		const y = [0, 0.0005, 0.002, 0.5, 0.5, 1];
		expect(thinCurve(x, y, 0.001)).toEqual({
			x: Float64Array.of(0, 0.0002, 0.5, 1),
			y: Float64Array.of(0, 0.002, 0.5, 1)
		});
		// The last point is kept even when it moved less than the step.
		const end = thinCurve([0, 1, 1.0001], [0, 1, 1], 0.001);
		expect([...end.x]).toEqual([0, 1, 1.0001]);
	});

	it('thins a ROC curve of 100,000 distinct scores to about 2/step points, each dropped one within a step of a kept one, and never changes the input', () => {
		const { labels, scores } = scored(100_000);
		const roc = rocCurve(labels, scores);
		const stored = { x: Array.from(roc.x), y: Array.from(roc.y) };
		const copy = structuredClone(stored);
		const step = 1 / 1000;
		const thin = thinCurve(stored.x, stored.y, step);
		expect(stored).toEqual(copy);
		expect(thin.x.length).toBeGreaterThan(100);
		expect(thin.x.length).toBeLessThan(stored.x.length / 20);
		expect(thin.x.length).toBeLessThanOrEqual(2 / step + 2);
		expect([thin.x[0], thin.y[0]]).toEqual([stored.x[0], stored.y[0]]);
		expect([thin.x.at(-1), thin.y.at(-1)]).toEqual([stored.x.at(-1), stored.y.at(-1)]);
		// Walk the input: every point is a kept one or within `step` (both axes) of the last kept.
		let k = 0;
		let worst = 0;
		for (let i = 0; i < stored.x.length; i++) {
			if (k + 1 < thin.x.length && stored.x[i] === thin.x[k + 1] && stored.y[i] === thin.y[k + 1])
				k++;
			const dx = Math.abs(stored.x[i]! - thin.x[k]!);
			const dy = Math.abs(stored.y[i]! - thin.y[k]!);
			worst = Math.max(worst, dx, dy);
		}
		expect(k).toBe(thin.x.length - 1);
		expect(worst).toBeLessThanOrEqual(step);
	});

	it('leaves out points that are not finite and reads unequal lengths up to the shorter', () => {
		const thin = thinCurve([0, NaN, 0.5, 1, 2], [0, 0.3, Infinity, 1], 0.001);
		expect([...thin.x]).toEqual([0, 1]);
		expect([...thin.y]).toEqual([0, 1]);
		expect(thinCurve([], []).x).toHaveLength(0);
	});
});

describe('operatingPoints', () => {
	it('puts the threshold where its confusion counts are, on the curves', () => {
		const { labels, scores } = scored(1000);
		const threshold = 0.7;
		let tp = 0;
		let fp = 0;
		let fn = 0;
		let tn = 0;
		scores.forEach((s, i) => {
			const predicted = s > threshold;
			if (labels[i] && predicted) tp++;
			else if (labels[i]) fn++;
			else if (predicted) fp++;
			else tn++;
		});
		const points = operatingPoints({ tp, fp, fn, tn });
		expect(points.roc).toEqual({ x: fp / (fp + tn), y: tp / (tp + fn) });
		expect(points.pr).toEqual({ x: tp / (tp + fn), y: tp / (tp + fp) });
		expect(points.positiveRate).toBe(0.1);
		// Both are vertices of the curves (each curve point is a threshold between distinct scores).
		const roc = rocCurve(labels, scores);
		const onRoc = [...roc.x].some((x, i) => x === points.roc!.x && roc.y[i] === points.roc!.y);
		expect(onRoc).toBe(true);
		const pr = precisionRecallCurve(labels, scores);
		const onPr = [...pr.x].some((x, i) => x === points.pr!.x && pr.y[i] === points.pr!.y);
		expect(onPr).toBe(true);
	});

	it('gives no point where a denominator is 0', () => {
		expect(operatingPoints({ tp: 0, fp: 0, fn: 0, tn: 5 })).toEqual({
			roc: undefined,
			pr: undefined,
			positiveRate: 0
		});
		expect(operatingPoints({ tp: 0, fp: 0, fn: 3, tn: 5 }).pr).toBeUndefined();
		expect(operatingPoints({ tp: 0, fp: 0, fn: 0, tn: 0 }).positiveRate).toBeUndefined();
	});
});

describe('curve charts', () => {
	it('draws the chance line as the diagonal, a level, or not at all', () => {
		const points = { x: Float64Array.of(0, 0.25, 1), y: Float64Array.of(1, 0.5, 0.2) };
		expect(curveChartData(points, 'diagonal')[2]).toEqual([0, 0.25, 1]);
		expect(curveChartData(points, 0.2)[2]).toEqual([0.2, 0.2, 0.2]);
		expect(curveChartData(points, undefined)[2]).toEqual([null, null, null]);
	});

	it('fixes both axes to 0…1, names them, and marks the operating point only when there is one', () => {
		const spec = {
			xLabel: 'False positive rate',
			yLabel: 'True positive rate',
			curveLabel: 'ROC',
			chanceLabel: 'Chance',
			dark: true
		};
		const options = curveChartOptions({ ...spec, operating: { x: 0.1, y: 0.8 } });
		expect(options.scales?.['x']?.range).toEqual([0, 1]);
		expect(options.scales?.['y']?.range).toEqual([0, 1]);
		expect(options.axes?.map((a) => a.label)).toEqual([
			'False positive rate',
			'True positive rate'
		]);
		expect(options.series.map((s) => s.label)).toEqual(['False positive rate', 'ROC', 'Chance']);
		expect(options.hooks?.draw).toHaveLength(1);
		expect(curveChartOptions(spec).hooks?.draw).toHaveLength(0);
		// Each theme has its own colours.
		expect(curveChartOptions({ ...spec, dark: false }).series[1]!.stroke).not.toBe(
			options.series[1]!.stroke
		);
	});

	it('explains the marks under each chart, only those drawn', () => {
		expect(curveNote(true, 'the dashed diagonal is chance')).toBe(
			"The ringed point is the model's threshold; the dashed diagonal is chance."
		);
		expect(curveNote(false, 'the dashed diagonal is chance')).toBe(
			'The dashed diagonal is chance.'
		);
		expect(curveNote(true, undefined)).toBe("The ringed point is the model's threshold.");
		expect(curveNote(false, undefined)).toBe('');
	});

	it('names the AUC and the operating point in the accessible labels', () => {
		expect(rocLabel(0.91234, { x: 0.05, y: 0.8 })).toBe(
			"ROC curve, true positive rate against false positive rate: AUC 0.912. At the model's threshold: false positive rate 0.050, true positive rate 0.800. The dashed diagonal is chance."
		);
		expect(prLabel(NaN, undefined, undefined)).toBe(
			'Precision–recall curve, precision against recall: AUC —.'
		);
		expect(prLabel(0.5, { x: 0.8, y: 0.4 }, 0.1)).toContain(
			"At the model's threshold: recall 0.800, precision 0.400. The dashed line is the share of anomalous rows (0.100)"
		);
	});
});
