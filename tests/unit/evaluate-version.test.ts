/**
 * The Node runner for a saved version (`npm run cli -- evaluate`), on a labelled file generated
 * here and a tiny detector fitted here: it must score exactly as the detector it was exported
 * from, and its own metrics code must agree with the app's (`workers/batch-metrics.ts`).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCsvText, type CsvTable } from '../../src/lib/core/csv';
import { detectRows } from '../../src/lib/ml/detector/detect';
import { exportDetector } from '../../src/lib/ml/detector/detector-data';
import { fitDetector } from '../../src/lib/ml/detector/fit';
import { toStoredVersion } from '../../src/lib/ml/detector/stored-version';
import { tinyConfig } from '../../src/lib/ml/test-helpers';
import { batchMetrics } from '../../workers/batch-metrics';
import { evaluateVersion } from '../../scripts/evaluate-version';
import { pointMetrics } from '../../scripts/evaluation-metrics';
import { readVersionFile, toVersionFile, type VersionFile } from '../../scripts/version-file';

const run = promisify(execFile);
const TSX = join('node_modules', '.bin', 'tsx');
const ROWS = 700;
const TRAIN_ROWS = 350;

/** Rows 450–489: `flow` shifted up by 4; rows 600–604: `pressure` spikes; both labelled 1. */
function labelledCsv(): string {
	const lines = ['time,flow,pressure,temperature,anomaly'];
	for (let i = 0; i < ROWS; i++) {
		const shift = i >= 450 && i < 490;
		const spike = i >= 600 && i < 605;
		const flow = 30 + Math.sin(i / 5) + (shift ? 4 : 0);
		const pressure = 2 + 0.3 * Math.cos(i / 7) + (spike ? 3 : 0);
		const temperature = 60 + i / 50 + 0.1 * Math.sin(i / 3); // drifts: a differenced channel
		const time = new Date(Date.UTC(2026, 2, 1) + i * 1000).toISOString();
		lines.push(
			`${time},${flow.toFixed(4)},${pressure.toFixed(4)},${temperature.toFixed(4)},${shift || spike ? 1 : 0}`
		);
	}
	return lines.join('\n') + '\n';
}

let dir: string;
let table: CsvTable;
let file: VersionFile;
let direct: Awaited<ReturnType<typeof detectRows>>;

beforeAll(async () => {
	await tf.setBackend('cpu');
	dir = await mkdtemp(join(tmpdir(), 'vigil-evaluate-'));
	table = readCsvText(labelledCsv());
	const fitted = await fitDetector(table.frame.channels, tinyConfig({ maxEpochs: 2 }), {
		trainTo: TRAIN_ROWS,
		channelNames: table.channelNames
	});
	if (!fitted.ok) throw new Error(fitted.reason);
	const { detector } = fitted;
	// The drift must make `temperature` differenced, or the file would not carry that part.
	expect(Array.from(detector.differenced)).toEqual([0, 0, 1]);
	direct = await detectRows(detector, table.frame.channels, {
		from: 0,
		to: ROWS,
		rule: 'streaming'
	});
	const { fields, artifacts } = toStoredVersion(await exportDetector(detector, table.channelNames));
	detector.model.dispose();
	file = toVersionFile(fields, artifacts);
}, 60_000);

afterAll(async () => {
	await rm(dir, { recursive: true, force: true });
});

describe('evaluateVersion', () => {
	it('scores every row as the exported detector did, and leaks no tensor', async () => {
		const read = readVersionFile(JSON.stringify(file), 'v.json');
		if (!read.ok) throw new Error(read.errors.join('; '));
		const tensors = tf.memory().numTensors;
		const result = await evaluateVersion(read, table);
		if (!result.ok) throw new Error(result.errors.join('; '));
		expect(tf.memory().numTensors).toBe(tensors);
		const { evaluation } = result;
		expect(evaluation).toMatchObject({
			rows: ROWS,
			channels: ['flow', 'pressure', 'temperature'],
			windowLength: 5,
			labelColumn: 'anomaly',
			changepointsFrom: 'rising edges of anomaly'
		});
		expect(Array.from(evaluation.scores)).toEqual(Array.from(direct.score));
		expect(evaluation.metrics.rows).toBe(ROWS - 4); // no window ends on the first 4 rows
		expect(evaluation.metrics.tp).toBeGreaterThan(0); // the spikes at least are found
	});

	it('computes the metrics the app stores for the same scores (workers/batch-metrics.ts)', async () => {
		const read = readVersionFile(JSON.stringify(file), 'v.json');
		if (!read.ok) throw new Error(read.errors.join('; '));
		const result = await evaluateVersion(read, table);
		if (!result.ok) throw new Error(result.errors.join('; '));
		const app = batchMetrics({
			labelColumn: 'anomaly',
			labels: table.labels[0]!,
			changepoints: null,
			scores: result.evaluation.scores,
			threshold: result.evaluation.threshold,
			timesMs: table.frame.t
		});
		const { metrics } = result.evaluation;
		expect(Object.keys(metrics).sort()).toEqual(
			Object.keys(app)
				.filter((k) => !['labelColumn', 'roc', 'pr'].includes(k))
				.sort()
		);
		for (const key of Object.keys(metrics) as (keyof typeof metrics)[])
			expect(metrics[key], key).toEqual(app[key]);
		expect(metrics.tp + metrics.fn).toBe(45); // 40 shifted + 5 spiked rows, all scored
	});

	it('maps channels by name: a reordered file scores the same, a missing channel is named', async () => {
		const read = readVersionFile(JSON.stringify(file), 'v.json');
		if (!read.ok) throw new Error(read.errors.join('; '));
		const reordered = readCsvText(
			labelledCsv()
				.split('\n')
				.map((line) => {
					const [t, f, p, temp, a] = line.split(',');
					return line ? [t, temp, a, p, f].join(',') : line;
				})
				.join('\n')
		);
		const same = await evaluateVersion(read, reordered);
		if (!same.ok) throw new Error(same.errors.join('; '));
		expect(Array.from(same.evaluation.scores)).toEqual(Array.from(direct.score));
		const renamed = readCsvText(labelledCsv().replace('pressure', 'pressure_bar'));
		expect(await evaluateVersion(read, renamed)).toEqual({
			ok: false,
			errors: [
				"the file lacks the model's channel(s) pressure; it has flow, pressure_bar, temperature"
			]
		});
		const unlabelled = readCsvText(labelledCsv().replace(',anomaly', ',state'));
		expect(await evaluateVersion(read, unlabelled)).toMatchObject({
			ok: false,
			errors: [expect.stringContaining('no point label column; label columns: none')]
		});
	});
});

describe('pointMetrics', () => {
	it('counts only rows with a score and takes the changepoint column when there is one', () => {
		// Rows: 0 unscored; 1 TP; 2 FP; 3 FN; 4 TN; 5 TP.
		const metrics = pointMetrics({
			labels: Uint8Array.from([1, 1, 0, 1, 0, 1]),
			changepoints: Uint8Array.from([0, 0, 0, 1, 0, 0]),
			scores: Float32Array.from([NaN, 5, 4, 1, 0.5, 6]),
			predicted: Uint8Array.from([0, 1, 1, 0, 0, 1]),
			timesMs: Float64Array.from([0, 1000, 2000, 3000, 4000, 5000])
		});
		expect(metrics).toMatchObject({ rows: 5, tp: 2, fp: 1, fn: 1, tn: 1 });
		expect(metrics.precision).toBeCloseTo(2 / 3, 12);
		expect(metrics.farPct).toBe(50);
		// Ranked 6, 5, 4, 1, 0.5: positives 6, 5, 1 against negatives 4, 0.5 → 5 of 6 pairs.
		expect(metrics.rocAuc).toBeCloseTo(5 / 6, 12);
		// One true changepoint (row 3, from the column, not the labels' rising edge at row 0);
		// predictions change at row 1 (outside its window: −0.11) and at row 3 (its window's
		// start: +1). Normalised between all missed (−1) and perfect (+1): 100 · 1.89 / 2.
		expect(metrics.changepointScore).toBeCloseTo(94.5, 9);
	});
});

describe('npm run cli -- evaluate', () => {
	it('prints the metrics as JSON, with per-row scores on request', async () => {
		const model = join(dir, 'version.json');
		const csv = join(dir, 'labelled.csv');
		await writeFile(model, JSON.stringify(file));
		await writeFile(csv, labelledCsv());
		const { stdout } = await run(TSX, [
			'scripts/cli.ts',
			'evaluate',
			'--csv',
			csv,
			'--model',
			model,
			'--backend',
			'cpu',
			'--scores'
		]);
		const report = JSON.parse(stdout);
		const read = readVersionFile(JSON.stringify(file), 'v.json');
		if (!read.ok) throw new Error(read.errors.join('; '));
		const inProcess = await evaluateVersion(read, table);
		if (!inProcess.ok) throw new Error(inProcess.errors.join('; '));
		const { metrics } = inProcess.evaluation;
		expect(report).toMatchObject({
			command: 'evaluate',
			backend: 'cpu',
			rows: ROWS,
			labelColumn: 'anomaly',
			metrics: { rows: metrics.rows, tp: metrics.tp, fp: metrics.fp, fn: metrics.fn }
		});
		expect(report.metrics.f1).toBeCloseTo(metrics.f1, 12);
		expect(report.scores).toHaveLength(ROWS);
		expect(report.scores.slice(0, 4)).toEqual([null, null, null, null]); // NaN in JSON
		expect(report.scores.slice(4)).toEqual(Array.from(direct.score.subarray(4)));
	}, 120_000);

	it('exits 2 with the file named when the version file is not one', async () => {
		const model = join(dir, 'not-a-version.json');
		await writeFile(model, '{"format": "vigil-detector-1"}');
		await expect(
			run(TSX, ['scripts/cli.ts', 'evaluate', '--csv', model, '--model', model])
		).rejects.toMatchObject({
			code: 2,
			stderr: expect.stringContaining(
				`${model}: format must be "vigil-version-json-1", got "vigil-detector-1"`
			)
		});
	}, 60_000);
});
