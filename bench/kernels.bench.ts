/**
 * Fused LSTM kernels against tfjs's own LSTM (Node, the same engine code as the app):
 *
 *   npm run bench:kernels [-- --backends wasm[,cpu][,webgpu] --seconds 3 --no-skab --no-torch
 *                            --skab ../shared/data/skab --no-write --no-threads --plain-simd]
 *
 * For each backend, for the `skab-lstm-ae` shape (window 10 × 8 channels, LSTM 100, relu):
 * training windows/s at batch 32 and 256 and scoring windows/s at batch 1 (its median is the
 * latency), 64, 1,024 and 8,192, through tfjs's LSTM ('reference') and the fused kernels; PyTorch
 * (Debian's python3-torch) on the same machine in the same run when it imports; and on the first
 * backend, the SKAB dev files trained with both paths (best validation loss). `webgpu` runs
 * bench/kernels-webgpu.ts (Dawn's Node bindings) as a child and nests its JSON. Rewrites its
 * section of docs/benchmarks.md; ends with one line of JSON whose `backends` has one entry per
 * backend. The fused WASM path is timed on one thread, then (on the wasm backend, unless
 * `--no-threads`) on two: a helper worker thread runs half of every large forward
 * (ml/kernels/wasm/lstm-wasm-threads.ts), as the app's detector worker does where the page is
 * cross-origin isolated. Relaxed SIMD is switched on in Node 20 (kernels/relaxed-simd.ts) so the
 * binary timed is the one Chrome runs; `--plain-simd` times the plain SIMD one.
 */
import './kernels/relaxed-simd'; // first: before any WebAssembly compiles
import * as tf from '@tensorflow/tfjs';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { registerFusedLstmKernels } from '../src/lib/ml/kernels';
import { lstmWasmVariant } from '../src/lib/ml/kernels/wasm/lstm-wasm-module';
import {
	lstmThreadStatus,
	stopLstmWasmThreads
} from '../src/lib/ml/kernels/wasm/lstm-wasm-threads';
import { startNodeLstmThreads } from '../scripts/lstm-helper-node';
import { PRESETS } from '../src/lib/ml/presets';
import { compareOnSkab, skabFiles, type SkabComparison } from './kernels/skab-compare';
import {
	selectLstmPath,
	timeScoring,
	timeTraining,
	type LstmPath,
	type Timing,
	type TimingOptions
} from './kernels/measure';
import { runPyTorch, type TorchResult } from './kernels/pytorch';
import { writeKernelsReport } from './kernels/report';
import { exitCleanlyOnErrors, prepareNodeBackend } from './node-backend';
import { measuredOn } from './report.mjs';

exitCleanlyOnErrors();
const { values } = parseArgs({
	options: {
		backends: { type: 'string', default: 'wasm' },
		seconds: { type: 'string', default: '3' },
		skab: { type: 'string', default: '../shared/data/skab' },
		'no-skab': { type: 'boolean', default: false },
		'no-torch': { type: 'boolean', default: false },
		'no-write': { type: 'boolean', default: false },
		'no-threads': { type: 'boolean', default: false },
		'plain-simd': { type: 'boolean', default: false }
	}
});

const CHANNELS = 8;
const PRESET = 'skab-lstm-ae';
const config = PRESETS[PRESET];
const TRAIN_BATCHES = [32, 256];
const SCORE_BATCHES = [1, 64, 1024, 8192];
const timing: TimingOptions = { warmup: 3, minSeconds: Number(values.seconds), minIterations: 3 };

export interface PathFigures {
	readonly train: Timing[];
	readonly score: Timing[];
}
export type BackendSection =
	| {
			readonly ok: true;
			readonly paths: Record<LstmPath, PathFigures>;
			/** The app's `default` preset (LSTM 16 tanh, window 30): train batch 32, score batch 1,024. */
			readonly defaultPreset: Record<LstmPath, PathFigures>;
			/** The fused path again on two threads (wasm only), or why it was not run. */
			readonly threads?: ThreadFigures;
	  }
	| { readonly ok: false; readonly skipped: string }
	| { readonly ok: true; readonly external: unknown };

export type ThreadFigures =
	| { readonly ok: true; readonly paths: PathFigures; readonly defaultPreset: PathFigures }
	| { readonly ok: false; readonly skipped: string };

// Other sessions share this machine's 2 cores: the 1-minute load average says how much.
const loadAtStart = loadavg()[0]!;
const backends: Record<string, BackendSection> = {};
let skab: SkabComparison[] | { skipped: string } = { skipped: 'not run (--no-skab)' };
await registerFusedLstmKernels();
for (const name of values.backends!.split(',').map((b) => b.trim())) {
	if (name === 'webgpu') {
		backends[name] = webGpuSection();
		continue;
	}
	const backend = await prepareNodeBackend(name);
	const paths = {} as Record<LstmPath, PathFigures>;
	const defaultPreset = {} as Record<LstmPath, PathFigures>;
	for (const path of ['reference', 'fused'] as const) {
		selectLstmPath(backend, path);
		paths[path] = await measure(backend, path, PRESET, TRAIN_BATCHES, SCORE_BATCHES);
		defaultPreset[path] = await measure(backend, path, 'default', [32], [1024]);
	}
	selectLstmPath(backend, 'fused');
	const threads = backend === 'wasm' ? await measureThreads(backend) : undefined;
	backends[backend] = { ok: true, paths, defaultPreset, ...(threads ? { threads } : {}) };
	if (!values['no-skab'] && !Array.isArray(skab)) {
		const files = skabFiles(values.skab!);
		skab =
			files.length === 0
				? { skipped: `no SKAB files under ${values.skab}` }
				: await compareOnSkab(files, backend, console.log);
	}
}

const torch: TorchResult = values['no-torch']
	? { ok: false, skipped: 'not run (--no-torch)' }
	: runPyTorch({
			window: config.windowLength,
			channels: CHANNELS,
			units: config.layers[0]!.units,
			trainBatches: TRAIN_BATCHES,
			scoreBatches: SCORE_BATCHES,
			seconds: Number(values.seconds)
		});
console.log(torch.ok ? `PyTorch ${torch.torch}, ${torch.threads} threads` : torch.skipped);

const wasm = backends['wasm'];
const fusedWasm = wasm && 'paths' in wasm ? wasm.paths.fused : undefined;
const threadedWasm = wasm && 'paths' in wasm && wasm.threads?.ok ? wasm.threads.paths : undefined;
const bestScoreAtLeast1024 = Math.max(
	0,
	...[fusedWasm, threadedWasm].flatMap(
		(f) => f?.score.filter((s) => s.batch >= 1024).map((s) => s.windowsPerS) ?? []
	)
);
const trainAt32 = Math.max(
	0,
	...[fusedWasm, threadedWasm].map((f) => f?.train.find((t) => t.batch === 32)?.windowsPerS ?? 0)
);
const targets = {
	wasmTrainBatch32: { target: 1500, measured: trainAt32, met: trainAt32 >= 1500 },
	wasmScoreBatch1024Plus: {
		target: 30000,
		measured: bestScoreAtLeast1024,
		met: bestScoreAtLeast1024 >= 30000
	}
};
const result = {
	bench: 'kernels',
	where: 'node',
	measured: measuredOn(),
	loadAverage: { start: loadAtStart, end: loadavg()[0]! },
	node: process.version,
	/** The fused WASM binary: 'relaxed-simd' (fused multiply-add) or 'simd' (--plain-simd). */
	wasmVariant: lstmWasmVariant() ?? null,
	tfjs: tf.version.tfjs,
	preset: PRESET,
	channels: CHANNELS,
	backends,
	pytorch: torch,
	skab,
	targets
};
if (!values['no-write']) await writeKernelsReport(result);
console.log(JSON.stringify(result));

/** The fused path on two threads (a Node worker thread as the helper), unless --no-threads. */
async function measureThreads(backend: string): Promise<ThreadFigures> {
	if (values['no-threads']) return { ok: false, skipped: 'not run (--no-threads)' };
	const started = await startNodeLstmThreads();
	if (!started.ok) return { ok: false, skipped: started.reason };
	console.log(`fused path on ${lstmThreadStatus().reason}`);
	const paths = await measure(backend, 'fused', PRESET, TRAIN_BATCHES, SCORE_BATCHES, '2 threads');
	const defaultPreset = await measure(backend, 'fused', 'default', [32], [1024], '2 threads');
	stopLstmWasmThreads();
	return { ok: true, paths, defaultPreset };
}

async function measure(
	backend: string,
	path: LstmPath,
	preset: keyof typeof PRESETS,
	trainBatches: readonly number[],
	scoreBatches: readonly number[],
	threads = ''
): Promise<PathFigures> {
	const figures: PathFigures = { train: [], score: [] };
	const label = `${path}${threads ? ` (${threads})` : ''} ${preset}`;
	for (const batch of trainBatches) {
		figures.train.push(await timeTraining(PRESETS[preset], CHANNELS, batch, timing));
		log(backend, label, 'train', figures.train.at(-1)!);
	}
	for (const batch of scoreBatches) {
		figures.score.push(await timeScoring(PRESETS[preset], CHANNELS, batch, timing));
		log(backend, label, 'score', figures.score.at(-1)!);
	}
	return figures;
}

function log(backend: string, path: string, what: string, t: Timing): void {
	const lstm = t.lstmPaths.map((p) => p ?? 'fused').join(', ');
	console.log(
		`${backend} ${path.padEnd(22)} ${what} batch ${String(t.batch).padStart(5)}: ` +
			`${t.windowsPerS.toFixed(0).padStart(7)} windows/s, median ${t.medianMs.toFixed(2)} ms ` +
			`(${t.iterations} calls) [LSTM: ${lstm}]`
	);
}

/** The WebGPU helper's benchmark, run as a child (Dawn keeps its own process), nested as is. */
function webGpuSection(): BackendSection {
	const script = 'bench/kernels-webgpu.ts';
	if (!existsSync(script)) return { ok: false, skipped: `${script} does not exist` };
	const run = spawnSync('npx', ['tsx', script, '--seconds', values.seconds!], {
		encoding: 'utf8',
		maxBuffer: 2 ** 24,
		stdio: ['ignore', 'pipe', 'inherit']
	});
	const last = run.stdout?.trim().split('\n').at(-1) ?? '';
	if (run.status !== 0 || !last.startsWith('{')) {
		return { ok: false, skipped: `${script} exited ${run.status}` };
	}
	return { ok: true, external: JSON.parse(last) };
}
