import { flushSync, mount, unmount } from 'svelte';
import { expect, it } from 'vitest';
import { confusion, precisionRecallCurve, rates, rocCurve } from '$lib/core/metrics';
import { BatchScoring, type BatchScoresRow } from '$lib/state/batch-scoring.svelte';
import ScoringPanel from './ScoringPanel.svelte';

// Real component and state on a fresh (empty) IndexedDB database. The result is set directly:
// scoring itself is tested against the real worker in state/batch-scoring.browser.test.ts.
it('without models says to train one; a result shows its chart, spans, metrics table and ROC and PR curves', async () => {
	const db = `scoring-panel-${Date.now()}-${Math.random()}`;
	const scoring = new BatchScoring(1, { db });
	const target = document.body.appendChild(document.createElement('div'));
	const panel = mount(ScoringPanel, { target, props: { scoring, datasetName: 'pump' } });
	try {
		await expect.poll(() => target.textContent).toContain('No trained model yet');
		// The panel's own read of the (empty) store must not land after the result set below.
		await expect.poll(() => scoring.loaded).toBe(true);
		expect(scoring.result).toBeNull();
		const t0 = Date.UTC(2026, 2, 1);
		const rows = 200;
		const labels = Uint8Array.from({ length: rows }, (_, i) => (i >= 150 && i < 170 ? 1 : 0));
		const scores = Float32Array.from({ length: rows }, (_, i) =>
			i < 9 ? NaN : labels[i] ? 2 + (i % 3) : (i % 7) / 10
		);
		const counts = confusion(
			labels.subarray(9),
			Uint8Array.from(scores.subarray(9), (s) => (s > 1 ? 1 : 0))
		);
		const r = rates(counts);
		const roc = rocCurve(labels.subarray(9), scores.subarray(9));
		const pr = precisionRecallCurve(labels.subarray(9), scores.subarray(9));
		const result: BatchScoresRow = {
			datasetId: 1,
			versionId: 7,
			scores,
			threshold: 1,
			windowLength: 10,
			spans: [{ startMs: t0 + 150_000, endMs: t0 + 169_000, peak: 4 }],
			metrics: {
				labelColumn: 'anomaly',
				rows: rows - 9,
				...counts,
				...r,
				rocAuc: roc.auc,
				prAuc: pr.auc,
				roc: { x: Array.from(roc.x), y: Array.from(roc.y) },
				pr: { x: Array.from(pr.x), y: Array.from(pr.y) },
				changepointScore: NaN
			},
			backend: 'wasm',
			scoreMs: 1,
			createdAt: t0
		};
		scoring.timesMs = Float64Array.from({ length: rows }, (_, i) => t0 + i * 1000);
		scoring.result = result;
		flushSync();
		await expect.poll(() => target.querySelector('[data-testid="score-chart"]')).not.toBeNull();
		expect(target.textContent).toContain('1 span above it');
		const cells = Object.fromEntries(
			[...target.querySelectorAll('[data-testid="scoring-metrics"] tr')].map((tr) => [
				tr.querySelector('th')!.textContent,
				tr.querySelector('td')!.textContent
			])
		);
		expect(cells['True positives']).toBe(String(counts.tp));
		expect(cells['False positives']).toBe(String(counts.fp));
		expect(cells['Precision']).toBe(r.precision.toFixed(3));
		expect(cells['F1']).toBe(r.f1.toFixed(3));
		expect(cells['Changepoint score (0–100)']).toBe('—');
		expect(
			[...target.querySelectorAll('button')].some((b) => b.textContent === 'Export scores as CSV')
		).toBe(true);
		// Both curves are drawn (a canvas each), named with their AUC and the threshold's point.
		const tpr = counts.tp / (counts.tp + counts.fn);
		const fpr = counts.fp / (counts.fp + counts.tn);
		const precision = counts.tp / (counts.tp + counts.fp);
		const rocChart = target.querySelector('[data-testid="roc-curve"] [role="img"]')!;
		expect(rocChart.getAttribute('aria-label')).toBe(
			`ROC curve, true positive rate against false positive rate: AUC ${roc.auc.toFixed(3)}. At the model's threshold: false positive rate ${fpr.toFixed(3)}, true positive rate ${tpr.toFixed(3)}. The dashed diagonal is chance.`
		);
		const prChart = target.querySelector('[data-testid="pr-curve"] [role="img"]')!;
		expect(prChart.getAttribute('aria-label')).toContain(
			`Precision–recall curve, precision against recall: AUC ${pr.auc.toFixed(3)}. At the model's threshold: recall ${tpr.toFixed(3)}, precision ${precision.toFixed(3)}.`
		);
		for (const chart of [rocChart, prChart]) {
			expect(chart.querySelectorAll('canvas')).toHaveLength(1);
			expect(Number(chart.getAttribute('data-rows'))).toBeGreaterThan(2);
		}
		expect(target.querySelector('[data-testid="roc-curve"] figcaption')!.textContent).toBe(
			`ROC curve · AUC ${roc.auc.toFixed(3)}`
		);
		expect(target.textContent).not.toContain('could not be scored');

		// A window with missing values (+Infinity) is counted and never printed as a number.
		const withMissing = Float32Array.from(scores);
		withMissing.fill(Infinity, 60, 63);
		scoring.result = { ...result, scores: withMissing };
		flushSync();
		expect(target.textContent).toContain(
			'3 windows could not be scored (missing or stuck values, marked at the top of the chart)'
		);
		expect(target.textContent).not.toContain('Infinity');
	} finally {
		unmount(panel);
		target.remove();
		indexedDB.deleteDatabase(db);
	}
});
