// @ts-check
/**
 * Browser half of the engine benchmark: the detector worker in headless Chromium, per backend
 * (webgpu and webgl are SwiftShader software renderers on a machine without a GPU).
 *
 *   npm run bench:engine:browser [-- --backends wasm,cpu,webgl,webgpu --no-write]
 *
 * Rewrites its section of docs/benchmarks.md and ends with one line of JSON.
 */
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright';
import { CHROMIUM_LAUNCH } from '../tests/chromium.js';
import { measuredOn, waitForServer, writeBenchSection } from './report.mjs';

const { values } = parseArgs({
	options: {
		backends: { type: 'string', default: 'wasm,cpu,webgl,webgpu' },
		'no-write': { type: 'boolean', default: false }
	}
});
const PORT = 4181;
/** Windows scored per batch size; kept small enough for software WebGPU/WebGL to finish. */
const SCORE_COUNTS = { 1: 100, 64: 1024, 1024: 4096 };

const server = spawn(
	process.execPath,
	[
		'node_modules/vite/bin/vite.js',
		'--config',
		'bench/engine-browser/vite.config.ts',
		'--port',
		String(PORT),
		'--strictPort'
	],
	{ stdio: 'ignore' }
);
const browser = await chromium.launch(CHROMIUM_LAUNCH);
try {
	await waitForServer(`http://localhost:${PORT}/`);
	const page = await browser.newPage();
	page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
	await page.goto(`http://localhost:${PORT}/`);
	await page.waitForSelector('body[data-ready="true"]', { timeout: 120_000 });
	const backends = /** @type {string} */ (values.backends).split(',');
	/** @type {Array<Record<string, any>>} */
	const results = [];
	for (const backend of backends) {
		console.log(`${backend}: training and scoring in the worker…`);
		const [result] = await page.evaluate(
			([b, counts]) => /** @type {any} */ (globalThis).runEngineBench([b], counts),
			/** @type {const} */ ([backend, SCORE_COUNTS])
		);
		console.log(JSON.stringify(result));
		results.push(result);
	}
	if (!values['no-write']) await writeReport(results, browser.version());
	console.log(
		JSON.stringify({ bench: 'engine', where: 'chromium-worker', preset: 'skab-lstm-ae', results })
	);
} finally {
	await browser.close();
	server.kill();
}

/** @param {Array<Record<string, any>>} results @param {string} chromiumVersion */
async function writeReport(results, chromiumVersion) {
	const f = (/** @type {number | undefined} */ v, digits = 0) =>
		v === undefined ? 'n/a' : v.toFixed(digits);
	await writeBenchSection(
		'engine-browser',
		'Engine in a Chromium worker (skab-lstm-ae, 8 channels)',
		[
			`Measured ${measuredOn()}, no GPU, Chromium ${chromiumVersion} headless (flags in tests/chromium.js), the harness page cross-origin isolated as the app's servers send it. Command: \`npm run bench:engine:browser\`.`,
			'',
			'| backend (detector worker) | train windows/s | s/epoch (after the first) | first epoch | score windows/s at batch 1 / 64 / 1024 | batch-1 latency |',
			'|---|---|---|---|---|---|',
			...results.map((r) =>
				r.ok
					? `| ${r.backend}${r.lstmThreads ? ` (fused LSTM on ${r.lstmThreads} thread${r.lstmThreads > 1 ? 's' : ''})` : ''} | ${f(r.trainWindowsPerS)} | ${f(r.secondsPerEpoch, 2)} | ${f(r.firstEpochSeconds, 1)} s | ${r.score.map((/** @type {{ windowsPerS: number }} */ s) => f(s.windowsPerS)).join(' / ')} | ${f(r.batch1LatencyMs, 1)} ms |`
					: `| ${r.backend} | not available: ${r.reason} | | | | |`
			)
		]
	);
}
