// @ts-check
/**
 * Detection benchmark (issue 7, "Benchmark"), through the app's pages in headless Chromium on the
 * production build, in one run:
 *
 * 1. Training: the first hour of SKAB's anomaly-free file (3,600 rows at 1 Hz, read from
 *    ../shared at run time, never copied here) imported on the Data page, the `default` preset
 *    trained on all of it on the Train page with "Fastest here" (and on wasm too if that picked
 *    another backend): wall time from the Train click to the saved result, epochs, windows/s.
 * 2. Batch scoring: a generated SKAB-like CSV (500,000 rows at 1 kHz) imported, then scored
 *    with that model on its dataset page: rows/s from the Score click to the stored result.
 * 3. Live scoring: a local WebSocket sensor replaying SKAB's whole anomaly-free file, one file
 *    row per sample at 1 kHz (normal operation, time-compressed: the model sees rows, not
 *    seconds), into `/live?probe&window=60&ws=…`, detection started from the Live page's panel;
 *    sample-to-score latency from the sensor's send stamps (detect-live.mjs), scores/s, skipped
 *    rows, share above the threshold, frames/s, main-thread long tasks; then short Chrome traces
 *    and a main-thread profile of where the threads' time goes. With `--worst-case`, the same
 *    measurement again (no traces) on the sensor's synthetic values, far outside SKAB's ranges:
 *    every window anomalous.
 *
 *   npm run bench:detect                  build, serve, measure, update docs/benchmarks.md
 *   BENCH_DURATION_S=10 npm run bench:detect -- --no-build --no-write --batch-rows 100000 --no-profile
 *   npm run bench:detect -- --worst-case  also the all-anomalous live row (doubles the live time)
 *
 * Builds into build/ like the end-to-end tests: run it as `flock /tmp/e2e.lock npm run …`.
 */
import { execSync, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright';
import { CHROMIUM_LAUNCH } from '../tests/chromium.js';
import { startSensorServer } from '../tests/sensor-server.js';
import { skabFirstRows, skabReplay, writeSkabLikeCsv } from './detect-data.mjs';
import {
	installFrameCounters,
	measureLive,
	openLivePage,
	startLiveDetection
} from './detect-live.mjs';
import { profileMainThread, traceThreads } from './detect-trace.mjs';
import { detectReportLines, writeDetectReport } from './detect-report.mjs';
import { importCsv, scoreDataset, trainDefault } from './detect-ui.mjs';
import { waitForServer } from './report.mjs';

const { values } = parseArgs({
	options: {
		'batch-rows': { type: 'string', default: '500000' },
		'no-build': { type: 'boolean', default: false },
		'no-write': { type: 'boolean', default: false },
		'no-profile': { type: 'boolean', default: false },
		'worst-case': { type: 'boolean', default: false }
	}
});
const profiling = !values['no-profile'];
const PORT = 4183;
const TRAIN_ROWS = 3600;
const BATCH_ROWS = Number(values['batch-rows']);
const BATCH_RATE_HZ = 1000;
const BATCH_FILE = 'bench/out/detect-skab-like.csv';
const DRY_RUN_SECTION = 'bench/out/detect-section.md';
const LIVE_RATE_HZ = 1000;
const LIVE_WINDOW_S = 60;
const LIVE_DURATION_MS = Number(process.env.BENCH_DURATION_S ?? 60) * 1000;
const LIVE_WARMUP_MS = 5000;
const TRACE_MS = 10_000;
const VIEWPORT = { width: 1366, height: 900 };
const TRAIN_DATASET = 'skab-anomaly-free-1h';
const BATCH_DATASET = 'skab-like-1khz';
const AUTO_MODEL = 'SKAB 1h default (fastest here)';
const WASM_MODEL = 'SKAB 1h default (wasm)';

const loadBefore = loadavg();
if (!values['no-build']) execSync('npm run build', { stdio: 'inherit' });
const skab = skabFirstRows(TRAIN_ROWS);
const replay = skabReplay();
if (replay.channels.join() !== skab.channels.join())
	throw new Error(
		`SKAB replay channels ${replay.channels} differ from training's ${skab.channels}`
	);
mkdirSync('bench/out', { recursive: true });
await writeSkabLikeCsv(BATCH_FILE, BATCH_ROWS, BATCH_RATE_HZ, skab.channels);

const server = spawn(
	process.execPath,
	['node_modules/vite/bin/vite.js', 'preview', '--port', String(PORT), '--strictPort'],
	{ stdio: 'ignore' }
);
const sensor = await startSensorServer({
	rateHz: LIVE_RATE_HZ,
	names: skab.channels,
	value: replay.value
});
/** @type {Awaited<ReturnType<typeof startSensorServer>> | undefined} */
let worstSensor;
const browser = await chromium.launch(CHROMIUM_LAUNCH);
try {
	await waitForServer(`http://localhost:${PORT}/`);
	const context = await browser.newContext({ viewport: VIEWPORT });
	const page = await context.newPage();
	await page.addInitScript(installFrameCounters);
	await page.goto(`http://localhost:${PORT}/data`);

	console.log('1/3 training: importing the first hour of SKAB anomaly-free…');
	const file = { name: 'anomaly-free-first-hour.csv', mimeType: 'text/csv', buffer: skab.bytes };
	await importCsv(page, { name: TRAIN_DATASET, file, rows: TRAIN_ROWS });
	const trainings = [
		await trainDefault(page, { dataset: TRAIN_DATASET, backend: 'auto', modelName: AUTO_MODEL })
	];
	console.table(trainings);
	if (trainings[0]?.backend !== 'wasm') {
		trainings.push(
			await trainDefault(page, { dataset: TRAIN_DATASET, backend: 'wasm', modelName: WASM_MODEL })
		);
		console.table(trainings.at(-1));
	}

	console.log(`2/3 batch scoring: importing ${BATCH_ROWS.toLocaleString('en')} rows…`);
	const importSeconds = await importCsv(page, {
		name: BATCH_DATASET,
		file: BATCH_FILE,
		rows: BATCH_ROWS
	});
	const [batchFirst, batchAgain] = await scoreDataset(page, {
		dataset: BATCH_DATASET,
		versionLabel: new RegExp(`^${escape(AUTO_MODEL)} v1\\b`),
		rows: BATCH_ROWS
	});
	const batch = { importSeconds, first: batchFirst, again: batchAgain };
	console.table({ first: batchFirst, again: batchAgain });

	console.log(
		`3/3 live: SKAB anomaly-free replayed, ${skab.channels.length} channels at ${LIVE_RATE_HZ} Hz…`
	);
	// A tab of its own (same profile: the model is there), so nothing of the import and batch
	// scoring pages' state is on its main thread. (It made no difference: p99 63–73 ms in the same
	// tab, 69 ms in a fresh one; see docs/benchmarks.md below the section.)
	const livePage = await context.newPage();
	await livePage.addInitScript(installFrameCounters);
	await page.close();
	await openLivePage(livePage, { port: PORT, sensorUrl: sensor.url, windowS: LIVE_WINDOW_S });
	await livePage.waitForTimeout(LIVE_WARMUP_MS);
	const started = await startLiveDetection(livePage, AUTO_MODEL);
	const live = {
		...started,
		...(await measureLive(livePage, { warmupMs: LIVE_WARMUP_MS, durationMs: LIVE_DURATION_MS }))
	};
	console.table(live);
	if (live.aboveThresholdShare > 0.5)
		console.warn(
			`${(100 * live.aboveThresholdShare).toFixed(1)} % of normal live windows above the threshold: check the feed`
		);
	// Traces and the profile come after the measurement, so their overhead is never measured.
	const traceDuring = profiling ? await traceThreads(browser, livePage, TRACE_MS) : undefined;
	const mainProfile = profiling ? await profileMainThread(livePage, TRACE_MS) : undefined;
	// The same page streaming and charting with detection stopped: what detection adds to each thread.
	if (profiling)
		await livePage
			.getByRole('region', { name: 'Live detection' })
			.getByRole('button', { name: 'Stop detection' })
			.click();
	const traceBefore = profiling ? await traceThreads(browser, livePage, TRACE_MS) : undefined;
	if (traceBefore && traceDuring && mainProfile) {
		console.table(traceBefore.threads);
		console.table(traceDuring.threads);
		console.table(mainProfile.functions);
	}
	// Optional: the sensor's own values, all far outside SKAB's ranges (every window anomalous).
	let liveWorstCase;
	if (values['worst-case']) {
		console.log('3/3 live, worst case: synthetic values, every window anomalous…');
		worstSensor = await startSensorServer({ rateHz: LIVE_RATE_HZ, names: skab.channels });
		await openLivePage(livePage, {
			port: PORT,
			sensorUrl: worstSensor.url,
			windowS: LIVE_WINDOW_S
		});
		await livePage.waitForTimeout(LIVE_WARMUP_MS);
		liveWorstCase = {
			...(await startLiveDetection(livePage, AUTO_MODEL)),
			...(await measureLive(livePage, { warmupMs: LIVE_WARMUP_MS, durationMs: LIVE_DURATION_MS }))
		};
		console.table(liveWorstCase);
	}

	const result = {
		trainings,
		batch,
		live,
		liveWorstCase,
		liveReplayRows: replay.rows,
		traceBefore,
		traceDuring,
		mainProfile,
		channels: skab.channels.length,
		liveRateHz: LIVE_RATE_HZ,
		liveDurationS: LIVE_DURATION_MS / 1000,
		loadBefore: loadBefore.map((l) => Number(l.toFixed(2))),
		loadAfter: loadavg().map((l) => Number(l.toFixed(2))),
		chromium: browser.version()
	};
	const setup = {
		viewport: VIEWPORT,
		trainRows: TRAIN_ROWS,
		batchRateHz: BATCH_RATE_HZ,
		liveWindowS: LIVE_WINDOW_S,
		liveWarmupS: LIVE_WARMUP_MS / 1000,
		traceS: TRACE_MS / 1000
	};
	if (values['no-write']) {
		// A dry run still shows the section it would have written, outside the repository's docs.
		writeFileSync(DRY_RUN_SECTION, detectReportLines(result, setup).join('\n') + '\n');
		console.log(`section not written to docs/benchmarks.md; see ${DRY_RUN_SECTION}`);
	} else await writeDetectReport(result, setup);
	console.log(JSON.stringify({ bench: 'detect', ...result }));
} finally {
	await browser.close();
	await sensor.close();
	await worstSensor?.close();
	server.kill();
}

/** `text` as a literal inside a RegExp. @param {string} text */
function escape(text) {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
