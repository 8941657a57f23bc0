/**
 * Engine benchmark (Node, the same engine code as the app):
 *
 *   npm run bench:engine [-- --backends wasm,cpu --skab ../shared/data/skab/valve2/0.csv --no-write]
 *
 * For each backend that runs in Node: training throughput of `skab-lstm-ae` (windows/s and seconds
 * per epoch after the first, 391 windows × 8 channels, batch 32), the time to train one SKAB file to
 * early stop, and scoring throughput at batch 1, 64 and 1024 (latency at batch 1). Rewrites its
 * section of docs/benchmarks.md; ends with one line of JSON.
 */
import * as tf from '@tensorflow/tfjs';
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { readCsvText } from '../src/lib/core/csv';
import { columnarWindows } from '../src/lib/core/windowing';
import { SeededRandom } from '../src/lib/core/random';
import { buildModel } from '../src/lib/ml/model';
import { PRESETS } from '../src/lib/ml/presets';
import { scoreWindows } from '../src/lib/ml/score';
import { trainModel } from '../src/lib/ml/train';
import { runSkabFile } from '../src/lib/ml/detector/skab-file';
import { exitCleanlyOnErrors, prepareNodeBackend } from './node-backend';
import { measuredOn, writeBenchSection } from './report.mjs';

exitCleanlyOnErrors();
const { values } = parseArgs({
	options: {
		backends: { type: 'string', default: 'wasm,cpu' },
		skab: { type: 'string', default: '../shared/data/skab/valve2/0.csv' },
		'no-write': { type: 'boolean', default: false }
	}
});

const CHANNELS = 8;
const config = PRESETS['skab-lstm-ae'];
const channels = syntheticChannels(400 + config.windowLength, CHANNELS);
const trainWindows = columnarWindows(channels, config.windowLength, 0, 400); // 391 windows

interface BackendFigures {
	backend: string;
	trainWindowsPerS: number;
	secondsPerEpoch: number;
	skabFileSeconds: number | null;
	skabEpochs: number | null;
	score: { batch: number; windowsPerS: number }[];
	batch1LatencyMs: number;
}

const results: BackendFigures[] = [];
for (const name of values.backends!.split(',')) {
	const backend = await prepareNodeBackend(name.trim());
	console.log(`${backend}: training…`);
	const model = buildModel({ ...config, maxEpochs: 3, earlyStoppingPatience: 10 }, CHANNELS);
	const epochSeconds: number[] = [];
	const summary = await trainModel(
		model,
		trainWindows,
		{ ...config, maxEpochs: 3, earlyStoppingPatience: 10 },
		{
			onEpoch: () => epochSeconds.push(performance.now() / 1000)
		}
	);
	if (!summary.ok) throw new Error(summary.message);
	const steady = epochSeconds.slice(1).map((t, i) => t - epochSeconds[i]!);
	const secondsPerEpoch = steady.reduce((a, b) => a + b, 0) / steady.length;
	const trainedPerEpoch = summary.trainWindows;

	console.log(`${backend}: scoring…`);
	const score: BackendFigures['score'] = [];
	for (const batch of [1, 64, 1024]) {
		const count = batch === 1 ? 200 : batch === 64 ? 1024 : 4096;
		const subset = columnarWindows(
			syntheticChannels(count + config.windowLength - 1, CHANNELS),
			config.windowLength
		);
		await scoreWindows(
			model,
			columnarWindows(
				syntheticChannels(batch + config.windowLength - 1, CHANNELS),
				config.windowLength
			),
			{ batchSize: batch }
		); // warm-up
		const started = performance.now();
		await scoreWindows(model, subset, { batchSize: batch });
		score.push({ batch, windowsPerS: count / ((performance.now() - started) / 1000) });
	}
	const batch1LatencyMs = 1000 / score[0]!.windowsPerS;
	model.dispose();

	let skabFileSeconds: number | null = null;
	let skabEpochs: number | null = null;
	if (existsSync(values.skab!)) {
		console.log(`${backend}: one SKAB file to early stop…`);
		const table = readCsvText(readFileSync(values.skab!, 'utf8'));
		const started = performance.now();
		const result = await runSkabFile(table.frame, {
			presetName: 'skab-lstm-ae',
			seed: 0,
			trainRows: 400
		});
		skabFileSeconds = (performance.now() - started) / 1000;
		skabEpochs = result.epochs;
	}
	results.push({
		backend,
		trainWindowsPerS: trainedPerEpoch / secondsPerEpoch,
		secondsPerEpoch,
		skabFileSeconds,
		skabEpochs,
		score,
		batch1LatencyMs
	});
	console.table(results.at(-1));
}
if (!values['no-write']) await writeReport(results);
console.log(
	JSON.stringify({
		bench: 'engine',
		where: 'node',
		preset: 'skab-lstm-ae',
		channels: CHANNELS,
		results
	})
);

/** Sines with noise: realistic enough for timing (the arithmetic does not depend on values). */
function syntheticChannels(rows: number, count: number): Float32Array[] {
	const random = new SeededRandom(1);
	return Array.from({ length: count }, (_, c) =>
		Float32Array.from({ length: rows }, (_, i) => Math.sin(i / (3 + c)) + 0.1 * random.gaussian())
	);
}

async function writeReport(figures: BackendFigures[]): Promise<void> {
	const f = (v: number | null, digits = 0) => (v === null ? 'n/a' : v.toFixed(digits));
	await writeBenchSection(
		'engine-node',
		'Engine in Node (skab-lstm-ae: LSTM 100 units, window 10, 8 channels)',
		[
			`Measured ${measuredOn()}, Node ${process.version}, tfjs ${tf.version.tfjs}. Command: \`npm run bench:engine\`.`,
			'',
			'| backend | train windows/s | s/epoch (391 windows, batch 32) | one SKAB file to early stop | score windows/s at batch 1 / 64 / 1024 | batch-1 latency |',
			'|---|---|---|---|---|---|',
			...figures.map(
				(r) =>
					`| ${r.backend} | ${f(r.trainWindowsPerS)} | ${f(r.secondsPerEpoch, 2)} | ${r.skabFileSeconds === null ? 'n/a' : `${f(r.skabFileSeconds, 1)} s (${r.skabEpochs} epochs)`} | ${r.score.map((s) => f(s.windowsPerS)).join(' / ')} | ${f(r.batch1LatencyMs, 2)} ms |`
			)
		]
	);
}
