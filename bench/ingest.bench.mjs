// @ts-check
/**
 * Live ingest benchmark: a local WebSocket sensor streams 8 channels at 1 kHz (CSV lines with
 * send-time stamps, 10 lines a frame) into the Live page, which charts it and records it into
 * IndexedDB, in headless Chromium, for 60 s. Measured: samples lost (server sent vs page received,
 * and received vs recorded), latency from the server's send to the live buffer (p50, p99),
 * frames per second, main-thread long tasks.
 *
 *   npm run bench:ingest                 build, serve, measure, update docs/benchmarks.md
 *   BENCH_DURATION_S=10 npm run bench:ingest -- --no-build --no-write
 */
import { execSync, spawn } from 'node:child_process';
import { chromium } from 'playwright';
import { CHROMIUM_LAUNCH } from '../tests/chromium.js';
import { startSensorServer } from '../tests/sensor-server.js';
import { measuredOn, waitForServer, writeBenchSection } from './report.mjs';

const DURATION_MS = Number(process.env.BENCH_DURATION_S ?? 60) * 1000;
const WARMUP_MS = 3000;
const PORT = 4181;
const RATE_HZ = 1000;
const CHANNELS = 8;
const WINDOW_S = 60;
const VIEWPORT = { width: 1366, height: 900 };
const args = new Set(process.argv.slice(2));

if (!args.has('--no-build')) execSync('npm run build', { stdio: 'inherit' });
const server = spawn(
	process.execPath,
	['node_modules/vite/bin/vite.js', 'preview', '--port', String(PORT), '--strictPort'],
	{ stdio: 'ignore' }
);
await waitForServer(`http://localhost:${PORT}/`);
const sensor = await startSensorServer({ rateHz: RATE_HZ, channelCount: CHANNELS });
const browser = await chromium.launch(CHROMIUM_LAUNCH);
try {
	const result = await measure();
	console.table(result);
	if (!args.has('--no-write')) await writeReport(result);
	console.log(JSON.stringify({ bench: 'ingest', rateHz: RATE_HZ, channels: CHANNELS, ...result }));
} finally {
	await browser.close();
	await sensor.close();
	server.kill();
}

async function measure() {
	const page = await browser.newPage({ viewport: VIEWPORT });
	await page.addInitScript(() => {
		const state = {
			longTasks: /** @type {number[]} */ ([]),
			latencies: /** @type {number[]} */ ([]),
			frames: 0,
			counting: false
		};
		Object.assign(globalThis, { __bench: state });
		new PerformanceObserver((list) => {
			if (state.counting)
				for (const entry of list.getEntries()) state.longTasks.push(entry.duration);
		}).observe({ type: 'longtask' });
		const frame = () => {
			if (state.counting) state.frames++;
			requestAnimationFrame(frame);
		};
		requestAnimationFrame(frame);
	});
	const path = `/live?probe&window=${WINDOW_S}&ws=${encodeURIComponent(sensor.url)}`;
	await page.goto(`http://localhost:${PORT}${path}`);
	await page.waitForSelector('[data-testid="source-status"][data-status="streaming"]');
	await page.waitForFunction(() => globalThis.document.querySelectorAll('canvas').length === 8);
	// Latency of every sample as it enters the live buffer: arrival time minus its send stamp.
	await page.evaluate(() => {
		const g = /** @type {any} */ (globalThis);
		g.vigilProbe.liveStream.addBatchListener((/** @type {any} */ batch) => {
			if (!g.__bench.counting) return;
			const nowMs = Date.now();
			for (const t of batch.frame.t) g.__bench.latencies.push(nowMs - t);
		});
	});
	await page.waitForTimeout(WARMUP_MS);
	await page.getByRole('button', { name: '● Record' }).click();
	await page.evaluate(() => {
		/** @type {any} */ (globalThis).__bench.counting = true;
	});
	await page.waitForTimeout(DURATION_MS);
	const bench = await page.evaluate(() => {
		const g = /** @type {any} */ (globalThis);
		g.__bench.counting = false;
		const latencies = Float64Array.from(g.__bench.latencies).sort();
		const at = (/** @type {number} */ q) => latencies[Math.floor(q * (latencies.length - 1))];
		return {
			frames: g.__bench.frames,
			longTasks: g.__bench.longTasks,
			latencyCount: latencies.length,
			p50: at(0.5),
			p99: at(0.99),
			max: latencies[latencies.length - 1]
		};
	});
	await page.getByRole('button', { name: /Stop recording/ }).click();
	// Stop sending, let the last frames land, then compare what was sent with what arrived.
	sensor.pause();
	await page.waitForTimeout(2000);
	const counts = await page.evaluate(async () => {
		const g = /** @type {any} */ (globalThis);
		const received = g.vigilProbe.liveStream.stats.samples;
		const recorderSamples = g.vigilProbe.recorder.samples;
		/** @type {{ rowCount?: number, status?: string, name?: string }} */
		const rows = await new Promise((resolve, reject) => {
			const open = indexedDB.open('vigil');
			open.onerror = () => reject(open.error);
			open.onsuccess = () => {
				const request = open.result.transaction('datasets').objectStore('datasets').getAll();
				request.onsuccess = () => {
					const newest = request.result.sort(
						(/** @type {any} */ a, /** @type {any} */ b) => b.createdAt - a.createdAt
					)[0];
					open.result.close();
					resolve({ rowCount: newest?.rowCount, status: newest?.status, name: newest?.name });
				};
			};
		});
		return { received, recorderSamples, ...rows };
	});
	const seconds = DURATION_MS / 1000;
	return {
		sent: sensor.sent(),
		received: counts.received,
		lost: sensor.sent() - counts.received,
		recordedRows: counts.rowCount,
		recorderSamples: counts.recorderSamples,
		recordingStatus: counts.status,
		latencyP50Ms: bench.p50,
		latencyP99Ms: bench.p99,
		latencyMaxMs: bench.max,
		latencySamples: bench.latencyCount,
		fps: bench.frames / seconds,
		longTaskCount: bench.longTasks.length,
		longTaskWorstMs: Math.max(0, ...bench.longTasks),
		longTaskTotalMs: bench.longTasks.reduce(
			(/** @type {number} */ a, /** @type {number} */ b) => a + b,
			0
		),
		chromium: browser.version()
	};
}

/** @param {Record<string, any>} r */
async function writeReport(r) {
	const fixed = (/** @type {unknown} */ v, digits = 1) => Number(v).toFixed(digits);
	await writeBenchSection('ingest', 'Live ingest (WebSocket → chart and recording)', [
		`Measured ${measuredOn()}, no GPU, Chromium ${r.chromium} headless, viewport ${VIEWPORT.width}×${VIEWPORT.height}, Node ${process.version}.`,
		`Command: \`npm run bench:ingest\`: a local WebSocket sensor (\`tests/sensor-server.js\`) sends ${CHANNELS} channels at ${RATE_HZ} Hz as CSV lines, 10 per frame, to \`/live?ws=…&window=${WINDOW_S}\` with auto-detected format, recording on; ${DURATION_MS / 1000} s measured after a ${WARMUP_MS / 1000} s warm-up.`,
		'',
		'| samples sent | received | lost | recorded rows | latency p50 | p99 | max | frames/s | long tasks | worst | total |',
		'|---|---|---|---|---|---|---|---|---|---|---|',
		`| ${r.sent} | ${r.received} | ${r.lost} | ${r.recordedRows} (recorder saw ${r.recorderSamples}) | ${fixed(r.latencyP50Ms)} ms | ${fixed(r.latencyP99Ms)} ms | ${fixed(r.latencyMaxMs)} ms | ${fixed(r.fps)} | ${r.longTaskCount} | ${fixed(r.longTaskWorstMs, 0)} ms | ${fixed(r.longTaskTotalMs, 0)} ms |`,
		'',
		'Latency is the time from the server stamping a frame to its samples entering the live ring buffer (both clocks are this machine). "Lost" counts every sample sent since the page connected that never reached the buffer; the recording holds the samples received while it ran.'
	]);
}
