// @ts-check
/**
 * The live part of the detection benchmark: the Live page fed by a local WebSocket sensor, live
 * detection started from its panel with a trained model, then sample-to-score latency measured
 * from outside the app through the `/live?probe` handle (`window.vigilProbe`):
 *
 * - `liveStream.addBatchListener`: when each row reached the page (its arrival), and
 * - `liveDetection.addScoreListener`: when each row got its score.
 *
 * A row's time `t` is the sensor's send stamp (tests/sensor-server.js), so latency =
 * `Date.now()` when its score arrives − `t`. It splits into: ingest (send → arrival in the
 * page), queueing (arrival → the start of the scoring call that took it: scoring runs one call
 * at a time) and the call (start → scores back on the main thread, listener included). A call
 * starts at the later of the previous call's end and its oldest row's arrival (the app starts
 * the next call at once when rows are waiting, else on the next batch).
 */

/** @typedef {import('playwright').Page} Page */

/** What the init script keeps: frames and main-thread long tasks while `counting`. */
export function installFrameCounters() {
	const state = {
		longTasks: /** @type {number[]} */ ([]),
		frames: 0,
		counting: false
	};
	Object.assign(globalThis, { __bench: state });
	new PerformanceObserver((list) => {
		if (state.counting) for (const entry of list.getEntries()) state.longTasks.push(entry.duration);
	}).observe({ type: 'longtask' });
	const frame = () => {
		if (state.counting) state.frames++;
		requestAnimationFrame(frame);
	};
	requestAnimationFrame(frame);
}

/**
 * Opens the Live page on `sensorUrl` (streaming into the 8 charts, no detection yet).
 * @param {Page} page @param {{ port: number, sensorUrl: string, windowS: number }} what
 */
export async function openLivePage(page, { port, sensorUrl, windowS }) {
	const path = `/live?probe&window=${windowS}&ws=${encodeURIComponent(sensorUrl)}`;
	await page.goto(`http://localhost:${port}${path}`);
	await page.waitForSelector('[data-testid="source-status"][data-status="streaming"]');
}

/**
 * Starts detection with `modelName`'s version 1 from the Live page's detection panel; resolves
 * once scores show, with the seconds from the click until the panel named the scoring backend
 * (the version open in the worker) and until the first score showed.
 * @param {Page} page @param {string} modelName
 */
export async function startLiveDetection(page, modelName) {
	const detection = page.getByRole('region', { name: 'Live detection' });
	await detection.getByLabel('Model').selectOption({ label: modelName });
	await detection.getByLabel('Version or alias').selectOption('v1');
	const started = Date.now();
	await detection.getByRole('button', { name: 'Start detection' }).click();
	await detection.getByTestId('scoring-backend').waitFor({ timeout: 60_000 });
	const openS = (Date.now() - started) / 1000;
	await page.getByTestId('current-score').waitFor({ timeout: 60_000 });
	return { openS, firstScoreS: (Date.now() - started) / 1000 };
}

/**
 * Attaches the probe listeners (they record only while `__bench.counting`), waits `warmupMs`,
 * measures for `durationMs` and returns the figures.
 * @param {Page} page @param {{ warmupMs: number, durationMs: number }} timing
 */
export async function measureLive(page, { warmupMs, durationMs }) {
	await page.evaluate(attachProbeListeners);
	await page.waitForTimeout(warmupMs);
	const skippedBefore = await page.evaluate(
		() => /** @type {any} */ (globalThis).vigilProbe.liveDetection.skippedRows
	);
	await page.evaluate(() => {
		/** @type {any} */ (globalThis).__bench.counting = true;
	});
	await page.waitForTimeout(durationMs);
	const raw = await page.evaluate(() => {
		const g = /** @type {any} */ (globalThis);
		g.__bench.counting = false;
		const d = g.vigilProbe.liveDetection;
		return {
			rows: g.__bench.rows,
			calls: g.__bench.calls,
			longTasks: g.__bench.longTasks,
			frames: g.__bench.frames,
			skippedRows: d.skippedRows,
			backend: d.backend,
			appLatency: d.latency,
			threshold: d.version?.threshold,
			windowLength: d.version?.windowLength,
			ingestMs: g.__bench.ingestMs
		};
	});
	return summarise(raw, durationMs / 1000, raw.skippedRows - skippedBefore);
}

/** Runs in the page: the arrival and score listeners, recording into `__bench`. */
function attachProbeListeners() {
	const g = /** @type {any} */ (globalThis);
	const bench = g.__bench;
	Object.assign(bench, {
		/** Per scored row: latency and its parts (ingest, queue, call) in ms, and the score. */
		rows: [],
		/** Per scoring call: rows scored and the call's ms. */
		calls: [],
		/** Send → arrival of every row that arrived while counting (as bench:ingest measures). */
		ingestMs: []
	});
	/** Send stamp (epoch ms) → arrival: performance.now() and Date.now(). */
	const arrivals = new Map();
	g.vigilProbe.liveStream.addBatchListener((/** @type {any} */ batch) => {
		const perfMs = performance.now();
		const nowMs = Date.now();
		for (const t of batch.frame.t) {
			if (!arrivals.has(t)) arrivals.set(t, { perfMs, nowMs });
			if (bench.counting) bench.ingestMs.push(nowMs - t);
		}
	});
	let previousEndMs = 0;
	g.vigilProbe.liveDetection.addScoreListener(
		(/** @type {{ t: Float64Array, score: Float32Array }} */ { t, score }) => {
			const endMs = performance.now();
			const nowMs = Date.now();
			const first = arrivals.get(t[0]);
			const startMs = first ? Math.max(previousEndMs, first.perfMs) : NaN;
			previousEndMs = endMs;
			if (bench.counting) {
				let scored = 0;
				for (const [i, sentMs] of t.entries()) {
					const value = score[i] ?? NaN;
					if (Number.isNaN(value)) continue;
					scored++;
					const arrived = arrivals.get(sentMs);
					bench.rows.push({
						latency: nowMs - sentMs,
						ingest: arrived ? arrived.nowMs - sentMs : NaN,
						queue: arrived ? startMs - arrived.perfMs : NaN,
						call: endMs - startMs,
						score: value
					});
				}
				bench.calls.push({ rows: scored, ms: endMs - startMs });
			}
			// Forget the arrivals of rows scored (and of rows skipped before them).
			const last = t[t.length - 1] ?? -Infinity;
			for (const key of arrivals.keys()) if (key <= last) arrivals.delete(key);
		}
	);
}

/**
 * @param {any} raw @param {number} seconds @param {number} skipped
 */
function summarise(raw, seconds, skipped) {
	/** @type {{ latency: number, ingest: number, queue: number, call: number, score: number }[]} */
	const rows = raw.rows;
	/** @type {{ rows: number, ms: number }[]} */
	const calls = raw.calls;
	/** @param {'latency' | 'ingest' | 'queue' | 'call'} part */
	const column = (part) => rows.map((r) => r[part]).filter((v) => !Number.isNaN(v));
	const latency = quantiles(column('latency'));
	const ingest = quantiles(raw.ingestMs);
	const queue = quantiles(column('queue'));
	const call = quantiles(calls.map((c) => c.ms));
	// The slowest 1 % of rows: how their latency divides between ingest, queueing and the call.
	const tail = rows.filter((r) => r.latency >= latency.p99);
	/** @param {'ingest' | 'queue' | 'call'} part */
	const tailMean = (part) =>
		tail.reduce((sum, r) => sum + (Number.isNaN(r[part]) ? 0 : r[part]), 0) /
		Math.max(1, tail.length);
	const above = rows.filter((r) => r.score > raw.threshold).length;
	// Stretches of consecutive scored rows above the threshold: about what the event panel lists.
	const aboveRuns = rows.filter(
		(r, i) => r.score > raw.threshold && !((rows[i - 1]?.score ?? -Infinity) > raw.threshold)
	).length;
	const callRows = calls.map((c) => c.rows);
	/** @type {number[]} */
	const longTasks = raw.longTasks;
	return {
		latencyP50Ms: latency.p50,
		latencyP99Ms: latency.p99,
		latencyMaxMs: latency.max,
		scoredRows: rows.length,
		scoresPerSecond: rows.length / seconds,
		skippedRows: skipped,
		aboveThresholdShare: rows.length > 0 ? above / rows.length : NaN,
		aboveThresholdRuns: aboveRuns,
		ingestP50Ms: ingest.p50,
		ingestP99Ms: ingest.p99,
		queueP50Ms: queue.p50,
		queueP99Ms: queue.p99,
		callP50Ms: call.p50,
		callP99Ms: call.p99,
		callMaxMs: call.max,
		callsPerSecond: calls.length / seconds,
		rowsPerCallMean: callRows.reduce((a, b) => a + b, 0) / Math.max(1, callRows.length),
		rowsPerCallMax: Math.max(0, ...callRows),
		tailIngestMs: tailMean('ingest'),
		tailQueueMs: tailMean('queue'),
		tailCallMs: tailMean('call'),
		fps: raw.frames / seconds,
		longTaskCount: longTasks.length,
		longTaskWorstMs: Math.max(0, ...longTasks),
		longTaskTotalMs: longTasks.reduce((a, b) => a + b, 0),
		backend: raw.backend,
		appLatencyP50Ms: raw.appLatency?.p50Ms,
		appLatencyP99Ms: raw.appLatency?.p99Ms,
		threshold: raw.threshold,
		windowLength: raw.windowLength
	};
}

/** p50, p99 and max of `values` (NaN when empty). @param {number[]} values */
export function quantiles(values) {
	const sorted = Float64Array.from(values).sort();
	const at = (/** @type {number} */ q) => sorted[Math.floor(q * (sorted.length - 1))] ?? NaN;
	return { p50: at(0.5), p99: at(0.99), max: sorted[sorted.length - 1] ?? NaN };
}
