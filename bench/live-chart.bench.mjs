// @ts-check
/**
 * Live chart benchmark: the simulator at 8 channels × 1 kHz into the Live page with a full
 * 10-minute window (backfilled), in headless Chromium, measured for 30 s: frames per second, chart
 * redraws per second,
 * main-thread long tasks (count, worst, total), main-thread busy time and JS heap.
 *
 *   npm run bench:live                 build, serve, measure, update docs/benchmarks.md
 *   BENCH_DURATION_S=10 npm run bench:live -- --no-build --no-write
 */
import { execSync, spawn } from 'node:child_process';
import { chromium } from 'playwright';
import { CHROMIUM_LAUNCH } from '../tests/chromium.js';
import { measuredOn, waitForServer, writeBenchSection } from './report.mjs';

const DURATION_MS = Number(process.env.BENCH_DURATION_S ?? 30) * 1000;
const WARMUP_MS = 3000;
const PORT = 4179;
const RATE_HZ = 1000;
const CHANNELS = 8;
/** The case (10 min) and the worst case for redraws (10 s: every frame moves a pixel). */
const WINDOWS_S = [600, 10];
const BACKFILL_S = 600;
const VIEWPORT = { width: 1366, height: 900 };
const pathFor = (/** @type {number} */ windowS) =>
	`/live?rate=${RATE_HZ}&channels=${CHANNELS}&window=${windowS}&backfill=${BACKFILL_S}`;
const args = new Set(process.argv.slice(2));

if (!args.has('--no-build')) execSync('npm run build', { stdio: 'inherit' });
// Vite's own binary, not npx: killing an npx wrapper would leave the server holding the port.
const server = spawn(
	process.execPath,
	['node_modules/vite/bin/vite.js', 'preview', '--port', String(PORT), '--strictPort'],
	{
		stdio: 'ignore'
	}
);
await waitForServer(`http://localhost:${PORT}/`);

const browser = await chromium.launch({
	...CHROMIUM_LAUNCH,
	args: [...CHROMIUM_LAUNCH.args, '--enable-precise-memory-info']
});
try {
	const results = [];
	for (const windowS of WINDOWS_S) results.push(await measure(windowS));
	if (!args.has('--no-write')) await writeReport(results);
	console.log(
		JSON.stringify({ bench: 'live-chart', rateHz: RATE_HZ, channels: CHANNELS, results })
	);
} finally {
	await browser.close();
	server.kill();
}

/** Measures the Live page with a window of `windowS` seconds. @param {number} windowS */
async function measure(windowS) {
	const page = await browser.newPage({ viewport: VIEWPORT });
	await page.addInitScript(() => {
		const state = { longTasks: /** @type {number[]} */ ([]), frames: 0, counting: false };
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
	const cdp = await page.context().newCDPSession(page);
	await cdp.send('Performance.enable');
	await page.goto(`http://localhost:${PORT}${pathFor(windowS)}`);
	// Wait for the backfilled window to be in the buffer and drawn.
	await page.waitForFunction(
		(expected) =>
			Number(
				document.querySelector('[data-testid="sample-count"]')?.textContent?.replaceAll(',', '')
			) >= expected,
		RATE_HZ * BACKFILL_S,
		{ timeout: 120_000 }
	);
	await page.waitForTimeout(WARMUP_MS);
	const before = await metrics(cdp);
	const draws = () =>
		page
			.locator('[data-rows]')
			.first()
			.evaluate((e) => Number(/** @type {HTMLElement} */ (e).dataset['draws'] ?? 0));
	const drawsBefore = await draws();
	await page.evaluate(() => {
		/** @type {{ __bench: { counting: boolean } }} */ (
			/** @type {unknown} */ (globalThis)
		).__bench.counting = true;
	});
	await page.waitForTimeout(DURATION_MS);
	const bench = await page.evaluate(() => {
		const state =
			/** @type {{ __bench: { counting: boolean, frames: number, longTasks: number[] } }} */ (
				/** @type {unknown} */ (globalThis)
			).__bench;
		state.counting = false;
		const memory = /** @type {any} */ (performance).memory;
		return {
			frames: state.frames,
			longTasks: state.longTasks,
			heapBytes: memory?.usedJSHeapSize ?? NaN
		};
	});
	const after = await metrics(cdp);
	const drawsAfter = await draws();
	const rows = await page.locator('[data-rows]').first().getAttribute('data-rows');
	const seconds = DURATION_MS / 1000;
	const result = {
		fps: bench.frames / seconds,
		chartRedrawsPerS: (drawsAfter - drawsBefore) / seconds,
		longTaskCount: bench.longTasks.length,
		longTaskWorstMs: Math.max(0, ...bench.longTasks),
		longTaskTotalMs: bench.longTasks.reduce(
			(/** @type {number} */ a, /** @type {number} */ b) => a + b,
			0
		),
		mainThreadBusyPct:
			(100 * ((after['TaskDuration'] ?? 0) - (before['TaskDuration'] ?? 0))) / seconds,
		scriptPct: (100 * ((after['ScriptDuration'] ?? 0) - (before['ScriptDuration'] ?? 0))) / seconds,
		heapMiB: bench.heapBytes / 2 ** 20,
		rowsPerChart: Number(rows),
		chromium: browser.version(),
		windowS
	};
	console.table(result);
	await page.close();
	if (args.has('--breakdown')) {
		const keys = [
			'TaskDuration',
			'ScriptDuration',
			'LayoutDuration',
			'RecalcStyleDuration',
			'TaskOtherDuration',
			'LayoutCount',
			'RecalcStyleCount'
		];
		console.table(Object.fromEntries(keys.map((k) => [k, (after[k] ?? 0) - (before[k] ?? 0)])));
	}
	return result;
}

/** @param {import('playwright').CDPSession} cdp */
async function metrics(cdp) {
	const { metrics } = await cdp.send('Performance.getMetrics');
	return /** @type {Record<string, number>} */ (
		Object.fromEntries(metrics.map((m) => [m.name, m.value]))
	);
}

/** Replaces this benchmark's section of docs/benchmarks.md. @param {Record<string, number | string>[]} results */
async function writeReport(results) {
	const r = results[0] ?? {};
	const fixed = (/** @type {unknown} */ v, digits = 1) => Number(v).toFixed(digits);
	await writeBenchSection('live-chart', 'Live chart (simulator → uPlot)', [
		`Measured ${measuredOn()}, no GPU (software rendering), Chromium ${r.chromium} headless, viewport ${VIEWPORT.width}×${VIEWPORT.height}, Node ${process.version}.`,
		`Command: \`npm run bench:live\` (${DURATION_MS / 1000} s per window, measured after a ${WARMUP_MS / 1000} s warm-up; page \`${pathFor(600)}\`, then \`window=10\`).`,
		'',
		'| window | frames/s | chart redraws/s | long tasks | worst long task | long tasks total | main thread busy | of which script | JS heap | rows drawn per chart |',
		'|---|---|---|---|---|---|---|---|---|---|',
		...results.map(
			(x) =>
				`| ${x.windowS} s | ${fixed(x.fps)} | ${fixed(x.chartRedrawsPerS)} | ${x.longTaskCount} | ${fixed(x.longTaskWorstMs, 0)} ms | ${fixed(x.longTaskTotalMs, 0)} ms | ${fixed(x.mainThreadBusyPct, 0)} % | ${fixed(x.scriptPct, 0)} % | ${fixed(x.heapMiB, 0)} MiB | ${x.rowsPerChart} |`
		)
	]);
}
