/**
 * The fused LSTM on tfjs's webgpu backend against tfjs's own LSTM, in Node through Dawn's bindings
 * (npm `webgpu`): the system GPU when Dawn finds one (Vulkan), else Chromium's SwiftShader
 * (software: indicative only). Re-run on a GPU machine with:
 *
 *   npx tsx bench/kernels-webgpu.ts
 *   npx tsx bench/kernels-webgpu.ts --paths fused --score-batches 1,64,1024 --seconds 1  # quick
 *
 * Options: --preset skab-lstm-ae|default, --paths fused,reference, --train-batches 32,256,
 * --score-batches 1,64,8192, --seconds 3 (minimum timed seconds per figure), --min-iterations 3,
 * --layer (also time the fused op alone at the encoder LSTM's shape), --require-gpu (exit 3 on a
 * software adapter). Prints a table per path and ends with one JSON line (for bench:kernels).
 */
import { parseArgs } from 'node:util';
import { isPresetName, PRESETS } from '../src/lib/ml/presets';
import { setUpDawnWebGpu } from '../src/lib/ml/kernels/webgpu/dawn-node';
import { gpuIdle, selectLstmPath, timeFusedLayer } from './kernels-webgpu-measure';
import {
	timeScoring,
	timeTraining,
	type CallTiming,
	type LstmPath,
	type Timing,
	type TimingOptions
} from './kernels/measure';
import { measuredOn } from './report.mjs';

const CHANNELS = 8;
const { values } = parseArgs({
	options: {
		preset: { type: 'string', default: 'skab-lstm-ae' },
		paths: { type: 'string', default: 'fused,reference' },
		'train-batches': { type: 'string', default: '32,256' },
		'score-batches': { type: 'string', default: '1,64,8192' },
		seconds: { type: 'string', default: '3' },
		'min-iterations': { type: 'string', default: '3' },
		layer: { type: 'boolean', default: false },
		'require-gpu': { type: 'boolean', default: false }
	}
});

const numbers = (list: string) => list.split(',').filter(Boolean).map(Number);
const presetName = values.preset!;
if (!isPresetName(presetName)) {
	console.error(`unknown preset "${presetName}"; presets: ${Object.keys(PRESETS).join(', ')}`);
	process.exit(2);
}
const config = PRESETS[presetName];
const paths = values.paths!.split(',') as LstmPath[];
if (!paths.every((p) => p === 'fused' || p === 'reference')) {
	console.error(`--paths takes fused and/or reference, got ${values.paths}`);
	process.exit(2);
}
const timing: TimingOptions = {
	warmup: 2,
	minSeconds: Number(values.seconds),
	minIterations: Number(values['min-iterations']),
	settle: gpuIdle
};

const dawn = await setUpDawnWebGpu();
if (!dawn.ok) {
	console.error(`no WebGPU here: ${dawn.reason}`);
	process.exit(2);
}
if (values['require-gpu'] && dawn.software) {
	console.error(`--require-gpu: Dawn found only a software adapter (${dawn.adapter})`);
	process.exit(3);
}
const { tf } = dawn;
console.log(`${measuredOn()}; adapter: ${dawn.adapter}${dawn.software ? ' (software)' : ''}`);
console.log(
	`preset ${presetName}: window ${config.windowLength}, ${CHANNELS} channels, LSTM ${config.layers.map((l) => l.units).join('/')} units, ${config.activation}`
);

interface PathResult {
	path: LstmPath;
	train: Timing[];
	score: Timing[];
}
const results: PathResult[] = [];
for (const path of paths) {
	selectLstmPath(path);
	const result: PathResult = { path, train: [], score: [] };
	for (const batch of numbers(values['train-batches']!)) {
		result.train.push(await timeTraining(config, CHANNELS, batch, timing));
		report(path, 'train', result.train.at(-1)!);
	}
	for (const batch of numbers(values['score-batches']!)) {
		result.score.push(await timeScoring(config, CHANNELS, batch, timing));
		report(path, 'score', result.score.at(-1)!);
	}
	results.push(result);
}

const layer: (CallTiming & { pass: string })[] = [];
if (values.layer) {
	selectLstmPath('fused');
	const shape = { time: config.windowLength, features: CHANNELS, units: config.layers[0]!.units };
	for (const batch of numbers(values['train-batches']!)) {
		const t = await timeFusedLayer(
			{ ...shape, batch },
			config.activation as 'tanh' | 'relu',
			true,
			timing
		);
		layer.push({ ...t, pass: 'forward+backward' });
		report('fused op', 'forward+backward', t);
	}
	for (const batch of numbers(values['score-batches']!)) {
		const t = await timeFusedLayer(
			{ ...shape, batch },
			config.activation as 'tanh' | 'relu',
			false,
			timing
		);
		layer.push({ ...t, pass: 'forward' });
		report('fused op', 'forward', t);
	}
}

console.log(
	JSON.stringify({
		bench: 'kernels-webgpu',
		where: 'node-dawn',
		adapter: dawn.adapter,
		software: dawn.software,
		measured: measuredOn(),
		preset: presetName,
		channels: CHANNELS,
		results,
		layer
	})
);
process.exit(0); // Dawn keeps the event loop alive

function report(
	path: string,
	what: string,
	t: CallTiming & { lstmPaths?: (string | null)[] }
): void {
	const used = t.lstmPaths ? ` [LSTM: ${t.lstmPaths.map((p) => p ?? 'fused').join(', ')}]` : '';
	console.log(
		`${path.padEnd(9)} ${what.padEnd(16)} batch ${String(t.batch).padStart(5)}: ` +
			`${t.windowsPerS.toFixed(0).padStart(9)} windows/s, median ${t.medianMs.toFixed(2)} ms ` +
			`(${t.iterations} calls)${used}`
	);
	if (tf.getBackend() !== 'webgpu') throw new Error(`backend changed to ${tf.getBackend()}`);
}
