/**
 * Issue 7's test: batch scoring of a labelled fixture in the app gives the metrics the Node runner
 * gives for the same model and data. The fixture is imported on the Data page, a small model
 * trained on its normal first part on the Train page (wasm), the whole dataset scored on its page;
 * then the stored result and the stored version are read from the app's IndexedDB (raw calls,
 * table names of db/schema.ts), the version written as a version file, and
 * `npm run cli -- evaluate` run on the same CSV. The app scores block by block (10,000 rows cross
 * its 8,192-row blocks) and computes metrics in workers/batch-metrics.ts; the runner scores in one
 * pass and computes them with its own code (scripts/evaluation-metrics.ts).
 */
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Page } from '@playwright/test';
import type { BatchMetrics } from '../../src/lib/db/scores';
import type { ModelConfig } from '../../src/lib/ml/config';
import { shapeKey } from '../../src/lib/ml/detector/engine';
import { toVersionFile } from '../../scripts/version-file';
import { expect, test } from './fixtures';

const ROWS = 10_000;
const T0 = Date.UTC(2026, 3, 1);
/** Labelled stretches, rows [from, to): each clearly abnormal on one channel. */
const ANOMALIES = {
	flowShift: [4000, 4200], // flow +3 (its normal swing is ±1)
	pressureSpikes: [5500, 5520], // pressure +1.5 (normal ±0.2)
	vibrationBurst: [7000, 7300], // vibration's oscillation ×5
	temperatureStep: [8500, 8600] // temperature +2: a differenced channel, seen at the step only
} as const;

const inside = (i: number, [from, to]: readonly [number, number]) => i >= from && i < to;

/** A deterministic pseudo-random number in [-1, 1) per row and channel (no Math.random). */
const noise = (i: number, c: number) => {
	const x = Math.sin(i * 12.9898 + c * 78.233) * 43758.5453;
	return 2 * (x - Math.floor(x)) - 1;
};

/** 10,000 rows at 1 Hz, four channels (temperature drifts, so it is modelled by its changes). */
function labelledCsv(): string {
	const lines = ['time,flow,pressure,vibration,temperature,anomaly'];
	for (let i = 0; i < ROWS; i++) {
		const a = ANOMALIES;
		const flow = 30 + Math.sin(i / 6) + 0.05 * noise(i, 0) + (inside(i, a.flowShift) ? 3 : 0);
		const pressure =
			2 + 0.2 * Math.sin(i / 9 + 1) + 0.02 * noise(i, 1) + (inside(i, a.pressureSpikes) ? 1.5 : 0);
		const swing = inside(i, a.vibrationBurst) ? 5 : 1;
		const vibration = 0.5 + 0.1 * swing * Math.sin(i / 2.3) + 0.01 * noise(i, 2);
		const temperature =
			60 + i / 1000 + 0.3 * Math.sin(i / 15) + (inside(i, a.temperatureStep) ? 2 : 0);
		const label = Object.values(a).some((range) => inside(i, range)) ? 1 : 0;
		lines.push(
			`${new Date(T0 + i * 1000).toISOString()},${flow.toFixed(4)},${pressure.toFixed(4)},${vibration.toFixed(4)},${temperature.toFixed(4)},${label}`
		);
	}
	return lines.join('\n') + '\n';
}

/**
 * Reads from the app's database: the batch scores stored for `datasetName` (undefined before
 * any) and the version of `modelName` with its artifacts row (weights as base64).
 */
async function readStored(page: Page, names: { datasetName: string; modelName: string }) {
	return page.evaluate(async ({ datasetName, modelName }) => {
		const db = await new Promise<IDBDatabase>((resolve, reject) => {
			const request = indexedDB.open('vigil');
			request.onsuccess = () => resolve(request.result);
			request.onerror = () => reject(request.error);
		});
		type Row = Record<string, unknown>;
		const all = (store: string) =>
			new Promise<Row[]>((resolve, reject) => {
				const request = db.transaction(store).objectStore(store).getAll();
				request.onsuccess = () => resolve(request.result as Row[]);
				request.onerror = () => reject(request.error);
			});
		const dataset = (await all('datasets')).find((d) => d['name'] === datasetName)!;
		const results = (await all('settings'))
			.filter((r) => String(r['key']).startsWith(`batch-scores|${dataset['id']}|`))
			.map((r) => r['value'] as Row);
		const model = (await all('models')).find((m) => m['name'] === modelName)!;
		const versions = (await all('modelVersions')).filter((v) => v['modelId'] === model['id']);
		const version = versions[0]!;
		const artifact = (await all('modelArtifacts')).find(
			(a) => a['key'] === version['artifactKey']
		)!;
		db.close();
		const bytes = new Uint8Array(artifact['weightData'] as ArrayBuffer);
		let binary = '';
		for (let i = 0; i < bytes.length; i += 0x8000)
			binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
		const result = results[0];
		return {
			results: results.length,
			versions: versions.length,
			app: result && {
				versionId: result['versionId'] as number,
				backend: result['backend'] as string,
				threshold: result['threshold'] as number,
				scores: Array.from(result['scores'] as Float32Array),
				metrics: result['metrics'] as BatchMetrics
			},
			version: {
				id: version['id'] as number,
				fields: {
					config: version['config'] as Record<string, unknown>,
					scaler: version['scaler'] as Record<string, unknown> | null,
					threshold: version['threshold'] as number | null,
					engineData: version['engineData'] as Record<string, unknown>
				},
				modelTopology: artifact['modelTopology'],
				weightSpecs: artifact['weightSpecs'] as unknown[],
				weightDataBase64: btoa(binary),
				weightsSha256: artifact['weightsSha256'] as string
			}
		};
	}, names);
}

/**
 * Remembers wasm as this device's measured scoring backend for the model's shape: the settings
 * row the detector worker keeps (`backend-choice|score|<shape>`, fenced in detector.worker.ts),
 * as a device where wasm timed fastest would have it. Otherwise the worker times the working
 * backends (wasm and cpu here; software GPU emulation is skipped) and could, on a busy machine,
 * pick cpu: the comparison needs the runner's backend, wasm.
 */
async function rememberWasmForScoring(page: Page, config: ModelConfig, channelCount: number) {
	const shape = shapeKey(config, channelCount);
	const row = {
		key: `backend-choice|score|${shape}`,
		value: {
			task: 'score',
			shapeKey: shape,
			backend: 'wasm',
			reason: 'measured',
			msPerBatch: {},
			skipped: [],
			measuredAt: Date.now()
		}
	};
	await page.evaluate(async (row) => {
		const db = await new Promise<IDBDatabase>((resolve, reject) => {
			const request = indexedDB.open('vigil');
			request.onsuccess = () => resolve(request.result);
			request.onerror = () => reject(request.error);
		});
		const tx = db.transaction('settings', 'readwrite');
		tx.objectStore('settings').put(row);
		await new Promise((resolve) => (tx.oncomplete = resolve));
		db.close();
	}, row);
}

const DATASET = 'labelled-e2e';
const MODEL = 'Batch metrics model';

test('batch scoring in the app gives the metrics the Node runner gives for the same model and data', async ({
	page
}) => {
	test.setTimeout(300_000);
	const csv = labelledCsv();

	// Import on the Data page (reached from the Train page, to come back to it by history).
	await page.goto('/models/train');
	await expect(page.getByRole('heading', { name: 'Train a model' })).toBeVisible();
	const nav = page.getByRole('navigation', { name: 'Main' });
	await nav.getByRole('link', { name: 'Data' }).click();
	await page.getByTestId('csv-input').setInputFiles({
		name: `${DATASET}.csv`,
		mimeType: 'text/csv',
		buffer: Buffer.from(csv)
	});
	await page.getByLabel('Dataset name').fill(DATASET);
	await page.getByRole('button', { name: 'Import', exact: true }).click();
	await expect(page.getByRole('status').filter({ hasText: 'rows stored' })).toContainText(
		'10,000 rows stored'
	);

	// Train a small model on wasm, on the first 3,000 rows (before any anomaly).
	await page.goBack();
	await expect(page.getByRole('heading', { name: 'Train a model' })).toBeVisible();
	await page.getByRole('checkbox', { name: new RegExp(DATASET) }).check();
	await page.getByRole('radio', { name: /A time range/ }).check();
	await expect(page.getByLabel('From (UTC)')).toHaveValue('2026-04-01 00:00:00');
	await page.getByLabel('To (UTC)').fill('2026-04-01 00:49:59');
	await page.getByLabel('Window', { exact: true }).fill('10');
	await page.getByLabel('Units of layer 1').fill('8');
	await page.getByLabel('Epochs', { exact: true }).fill('3');
	await page.getByLabel('Patience', { exact: true }).fill('3');
	await page.getByLabel('Backend').selectOption('wasm');
	await page.getByLabel('Model name').fill(MODEL);
	await page.getByRole('button', { name: 'Train', exact: true }).click();
	const trained = page.getByTestId('training-result');
	await expect(trained).toContainText('Saved as version 1', { timeout: 120_000 });

	const before = await readStored(page, { datasetName: DATASET, modelName: MODEL });
	expect(before.results).toBe(0);
	const config = before.version.fields.config as unknown as ModelConfig;
	expect(before.version.fields.engineData['differenced']).toEqual([0, 0, 0, 1]);
	await rememberWasmForScoring(page, config, 4);

	// Score the whole dataset on its page.
	await nav.getByRole('link', { name: 'Data' }).click();
	await page.getByTestId('dataset-list').getByRole('link', { name: DATASET, exact: true }).click();
	const panel = page.getByTestId('scoring-panel');
	await panel.getByRole('button', { name: 'Score', exact: true }).click();
	const shown = page.getByTestId('scoring-metrics');
	await expect(shown).toBeVisible({ timeout: 120_000 });

	const { results, app, version } = await readStored(page, {
		datasetName: DATASET,
		modelName: MODEL
	});
	expect(results).toBe(1);
	expect(app).toBeDefined();
	if (!app) return;
	expect(app.versionId).toBe(version.id);
	expect(app.backend, 'the app scored on the backend remembered for it').toBe('wasm');
	for (const [name, key] of [
		['True positives', 'tp'],
		['False positives', 'fp'],
		['False negatives', 'fn'],
		['True negatives', 'tn']
	] as const) {
		await expect(shown.getByRole('row', { name }).getByRole('cell')).toHaveText(
			String(app.metrics[key])
		);
	}

	// The same version and CSV through the Node runner.
	const weights = Uint8Array.from(Buffer.from(version.weightDataBase64, 'base64'));
	const file = toVersionFile(version.fields, {
		modelTopology: version.modelTopology,
		weightSpecs: version.weightSpecs,
		weightData: weights.buffer
	});
	expect(file.artifacts.weightsSha256, 'weights exported intact').toBe(version.weightsSha256);
	const csvPath = test.info().outputPath(`${DATASET}.csv`);
	const modelPath = test.info().outputPath('version.json');
	await writeFile(csvPath, csv);
	await writeFile(modelPath, JSON.stringify(file));
	const { stdout } = await promisify(execFile)(
		join('node_modules', '.bin', 'tsx'),
		['scripts/cli.ts', 'evaluate', '--csv', csvPath, '--model', modelPath, '--scores'],
		{ maxBuffer: 64 * 1024 * 1024 }
	);
	const runner = JSON.parse(stdout) as {
		backend: string;
		rows: number;
		threshold: number;
		labelColumn: string;
		metrics: Record<string, number | null>;
		scores: (number | null)[];
	};
	expect(runner).toMatchObject({ backend: 'wasm', rows: ROWS, labelColumn: 'anomaly' });
	expect(runner.threshold).toBe(app.threshold);

	// Scores: the same rows scored, each within 1e-4 relative.
	expect(app.scores).toHaveLength(ROWS);
	expect(runner.scores).toHaveLength(ROWS);
	const unmatched: string[] = [];
	const borderline: number[] = [];
	let maxRelative = 0;
	let identical = 0;
	for (let i = 0; i < ROWS; i++) {
		const a = app.scores[i]!;
		const b = runner.scores[i] ?? NaN; // JSON has null for NaN
		if (Number.isNaN(a) || Number.isNaN(b)) {
			if (Number.isNaN(a) !== Number.isNaN(b)) unmatched.push(`row ${i}: app ${a}, runner ${b}`);
			continue;
		}
		if (a === b) identical++;
		else maxRelative = Math.max(maxRelative, Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b)));
		if (a > app.threshold !== b > app.threshold) borderline.push(i);
	}
	test.info().annotations.push({
		type: 'scores',
		description: `${identical} of ${ROWS - 9} scores identical; largest relative difference ${maxRelative}; ${borderline.length} rows on different sides of the threshold`
	});
	expect(unmatched, 'rows scored on one side only').toEqual([]);
	expect(maxRelative, 'largest relative score difference').toBeLessThanOrEqual(1e-4);
	// A row may fall on the other side only when its score lies within 1e-5 of the threshold
	// (float rounding of two wasm builds); each such row moves one count of the confusion matrix.
	for (const row of borderline)
		expect(Math.abs(app.scores[row]! - app.threshold), `row ${row}`).toBeLessThan(1e-5);

	test.info().annotations.push({
		type: 'metrics',
		description: JSON.stringify({ app: app.metrics, runner: runner.metrics }, (key, value) =>
			key === 'roc' || key === 'pr' ? undefined : value
		)
	});
	// Non-trivial: some anomalies found, some missed or false alarms.
	expect(app.metrics.tp).toBeGreaterThan(0);
	expect(app.metrics.fp + app.metrics.fn).toBeGreaterThan(0);
	expect(app.metrics.f1).toBeGreaterThan(0);
	expect(app.metrics.f1).toBeLessThan(1);

	// Metrics: confusion counts equal, rates, areas and the changepoint score within 1e-6. A
	// borderline row moves one count, so then rates may differ by what one count can change
	// (100 % over the smallest denominator), and two predicted edges, each of which may turn a
	// changepoint from missed (−1) to found (+1) or add a false alarm (−0.11): 2 · 2.11 points
	// over the 4 true changepoints' range of 2 points each.
	const m = runner.metrics;
	const moved = borderline.length;
	expect(m['rows']).toBe(app.metrics.rows);
	expect(m['rows']).toBe(ROWS - 9);
	for (const key of ['tp', 'fp', 'fn', 'tn'] as const)
		expect(Math.abs(m[key]! - app.metrics[key]), key).toBeLessThanOrEqual(moved);
	const { tp, fp, fn, tn } = app.metrics;
	const rateTolerance = moved === 0 ? 1e-6 : (100 * moved) / Math.min(tp + fp, tp + fn, fp + tn);
	for (const key of ['precision', 'recall', 'f1', 'farPct', 'marPct'] as const)
		expect(Math.abs(m[key]! - app.metrics[key]), key).toBeLessThanOrEqual(rateTolerance);
	for (const key of ['rocAuc', 'prAuc'] as const)
		expect(Math.abs(m[key]! - app.metrics[key]), key).toBeLessThanOrEqual(1e-6);
	expect(
		Math.abs(m['changepointScore']! - app.metrics.changepointScore),
		'changepointScore'
	).toBeLessThanOrEqual(moved === 0 ? 1e-6 : (100 * 2 * 2.11 * moved) / (4 * 2));
});
