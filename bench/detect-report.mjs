// @ts-check
/** The `detect` section of docs/benchmarks.md, from one run of bench/detect.bench.mjs. */
import { measuredOn, writeBenchSection } from './report.mjs';

/** Issue 7's target for live sample-to-score latency, p99. */
export const LIVE_P99_TARGET_MS = 50;

const fixed = (/** @type {unknown} */ v, digits = 1) =>
	Number.isFinite(Number(v)) ? Number(v).toFixed(digits) : '–';
const whole = (/** @type {unknown} */ v) =>
	Number.isFinite(Number(v)) ? Math.round(Number(v)).toLocaleString('en') : '–';
const runs = (/** @type {unknown} */ n) => `${whole(n)} ${Number(n) === 1 ? 'run' : 'runs'}`;

/**
 * @param {any} r the benchmark's result object
 * @param {{ viewport: { width: number, height: number }, trainRows: number, batchRateHz: number,
 *   liveWindowS: number, liveWarmupS: number, traceS: number }} setup
 */
export async function writeDetectReport(r, setup) {
	await writeBenchSection(
		'detect',
		'Detection (train, batch scoring, live scoring in the app)',
		detectReportLines(r, setup)
	);
}

/**
 * The section's lines (Markdown, unformatted), for writeDetectReport or a dry run's file.
 * @param {any} r the benchmark's result object
 * @param {{ viewport: { width: number, height: number }, trainRows: number, batchRateHz: number,
 *   liveWindowS: number, liveWarmupS: number, traceS: number }} setup
 */
export function detectReportLines(r, setup) {
	return [
		`Measured ${measuredOn()}, no GPU, Chromium ${r.chromium} headless, viewport ${setup.viewport.width}×${setup.viewport.height}, production build, Node ${process.version}; load average (1 / 5 / 15 min) ${r.loadBefore.join(' / ')} before, ${r.loadAfter.join(' / ')} after (other sessions share the 2 cores).`,
		`Command: \`npm run bench:detect${r.liveWorstCase ? ' -- --worst-case' : ''}\`. Everything goes through the pages as a user clicks them: Data page import, Train page, the dataset page’s Anomaly scores panel, the Live page’s detection panel; a fresh browser profile, so nothing is cached from earlier runs.`,
		'',
		...trainingLines(r, setup),
		'',
		...batchLines(r, setup),
		'',
		...liveLines(r, setup),
		...profileLines(r, setup)
	];
}

/** @param {any} r @param {{ trainRows: number }} setup */
function trainingLines(r, setup) {
	return [
		`**Training** the \`default\` preset, unchanged (max 100 epochs, early stopping), on all of the first hour of SKAB’s anomaly-free file (${setup.trainRows.toLocaleString('en')} rows at 1 Hz, 8 channels, read from \`../shared\` at run time), from the Train click to the saved version (wall time includes the backend choice, calibration and saving; “training time” is the page’s own figure):`,
		'',
		'| backend asked | backend used (as the page says) | wall time | training time | epochs (best) | windows | windows/s (last shown) |',
		'|---|---|---|---|---|---|---|',
		...r.trainings.map(
			(/** @type {any} */ t) =>
				`| ${t.backendAsked === 'auto' ? 'Fastest here' : t.backendAsked} | ${t.backendText} | ${fixed(t.wallSeconds)} s | ${t.trainingTimeText} | ${t.epochs} (${t.bestEpoch})${t.stoppedEarly ? ', stopped early' : ''} | ${whole(t.windows)} | ${whole(t.windowsPerSecond)} |`
		)
	];
}

/** @param {any} r @param {{ batchRateHz: number }} setup */
function batchLines(r, setup) {
	const { first, again } = r.batch;
	const row = (/** @type {string} */ name, /** @type {any} */ b) =>
		`| ${name} | ${fixed(b.seconds)} s | ${whole(b.rowsPerSecond)} | ${fixed(b.openingS)} s | ${fixed(b.scoringS)} s | ${whole(b.steadyRowsPerSecond)} | ${fixed(b.savingS)} s | ${fixed(b.engineSeconds)} s | ${b.backend} |`;
	return [
		`**Batch scoring** of a generated SKAB-like CSV (${whole(first.rows)} rows at ${setup.batchRateHz} Hz, SKAB’s 8 channel names, a slow sine near each channel’s SKAB level plus seeded noise; imported in ${fixed(r.batch.importSeconds)} s) with the “Fastest here” model, from the Score click to the stored result shown, scored twice:`,
		'',
		'| run | click → done | rows/s | opening (to the first block’s progress) | scoring (to “Saving…”) | rows/s while scoring | saving and showing | engine’s own score time | backend |',
		'|---|---|---|---|---|---|---|---|---|',
		row('first on this device', first),
		row('again', again),
		'',
		`Opening is the worker’s start, the model’s load and the first block of ${whole(first.firstProgressRows)} rows; the first time a model shape is scored on a device the engine also times a 1,024-window batch on every backend (SwiftShader WebGPU and WebGL included) and keeps the choice in IndexedDB, which the second run reuses.`
	];
}

/**
 * @param {any} r
 * @param {{ trainRows: number, liveWindowS: number, liveWarmupS: number }} setup
 */
function liveLines(r, setup) {
	const live = r.live;
	const worst = r.liveWorstCase;
	const met = live.latencyP99Ms <= LIVE_P99_TARGET_MS;
	const cycleS = r.liveReplayRows / r.liveRateHz;
	// Windows that hold both the file's last and first rows: one window length per cycle.
	const seamShare = live.windowLength / r.liveReplayRows;
	const row = (/** @type {string} */ feed, /** @type {any} */ l) =>
		`| ${feed} | ${fixed(l.latencyP50Ms)} ms | ${fixed(l.latencyP99Ms)} ms | ${fixed(l.latencyMaxMs)} ms | ${fixed(100 * l.aboveThresholdShare)} % (${runs(l.aboveThresholdRuns)}) | ${whole(l.scoresPerSecond)} | ${whole(l.skippedRows)} | ${fixed(l.fps)} | ${l.longTaskCount} | ${fixed(l.longTaskWorstMs, 0)} ms | ${fixed(l.longTaskTotalMs, 0)} ms | ${l.backend} | ${fixed(l.appLatencyP50Ms)} / ${fixed(l.appLatencyP99Ms)} ms |`;
	/** @param {string} name @param {'ingest' | 'queue' | 'call'} key @param {string} tailKey */
	const part = (name, key, tailKey) =>
		`| ${name} | ${fixed(live[`${key}P50Ms`])} ms | ${fixed(live[`${key}P99Ms`])} ms | ${fixed(live[tailKey])} ms |${worst ? ` ${fixed(worst[`${key}P50Ms`])} ms | ${fixed(worst[`${key}P99Ms`])} ms |` : ''}`;
	return [
		`**Live scoring**: a local WebSocket sensor (\`tests/sensor-server.js\`, CSV lines, 10 a frame) with SKAB’s ${r.channels} channels at ${r.liveRateHz} Hz into \`/live?probe&window=${setup.liveWindowS}&ws=…\` (8 charts), detection started with the same model from the Live page’s panel (open: ${fixed(live.openS)} s to the backend shown, ${fixed(live.firstScoreS)} s to the first score); ${r.liveDurationS} s measured after a ${setup.liveWarmupS} s warm-up. Latency is \`Date.now()\` when a row’s score reaches the page minus the sensor’s send stamp (one clock), over every scored row. Target: p99 ≤ ${LIVE_P99_TARGET_MS} ms: **${met ? 'met' : 'not met'}** in this run (normal operation).`,
		'',
		`What the sensor sends: SKAB’s whole anomaly-free file (${whole(r.liveReplayRows)} rows, read from \`../shared\` at run time) replayed one file row per sample, round again after the last row (a cycle every ${fixed(cycleS)} s). The file is 1 Hz, so this is the machine’s normal operation ${whole(r.liveRateHz)}× time-compressed: fine for latency: the model sees rows, not seconds (its windows are the file’s windows), so it gets the kind of data it was trained to call normal, not a stream of anomalies. The model was trained on the first ${whole(setup.trainRows)} of these rows; the other ${whole(r.liveReplayRows - setup.trainRows)} are normal rows it never saw. The jump from the file’s last row back to its first is a step the recording never makes: at most ${whole(live.windowLength)} windows a cycle (${fixed(100 * seamShare, 2)} % of them) hold it.${worst ? ' The second row is the worst case, run with `--worst-case`: the sensor’s own synthetic values (10·(channel + 1) plus a sine), far outside SKAB’s ranges, so every window scores above the threshold and one anomalous event grows for the whole run (its rows kept for reconstructions, the event panel re-weighing its attribution on each update).' : ''}`,
		'',
		'| feed | latency p50 | p99 | max | windows above the threshold (runs of consecutive ones) | scores/s | rows skipped | frames/s | long tasks | worst | total | backend | the app’s own figure (arrival → score, last minute) p50 / p99 |',
		'|---|---|---|---|---|---|---|---|---|---|---|---|---|',
		row('SKAB anomaly-free, replayed (normal operation)', live),
		...(worst ? [row('synthetic, every window anomalous (worst case)', worst)] : []),
		'',
		'Where the latency goes, from the probe’s listeners: ingest = send → the row reaches the page; queueing = arrival → the start of the scoring call that takes it (one call runs at a time; a call starts when the previous one ends or, when none is waiting, on the next batch); call = its start → the scores back on the main thread and kept.',
		'',
		worst
			? '| part | normal p50 | normal p99 | normal, in the slowest 1 % of rows (mean) | worst case p50 | worst case p99 |'
			: '| part | p50 | p99 | in the slowest 1 % of rows (mean) |',
		`|---|---|---|---|${worst ? '---|---|' : ''}`,
		part('ingest', 'ingest', 'tailIngestMs'),
		part('queueing', 'queue', 'tailQueueMs'),
		part('scoring call', 'call', 'tailCallMs'),
		'',
		`${fixed(live.callsPerSecond)} scoring calls a second, ${fixed(live.rowsPerCallMean)} rows each on average (at most ${whole(live.rowsPerCallMax)}). ${fixed(100 * live.aboveThresholdShare)} % of the normal live windows scored above the threshold ${fixed(live.threshold, 2)} (calibrated on the training windows’ scores), in ${runs(live.aboveThresholdRuns)} of consecutive windows.`
	];
}

/** The traces and the main-thread profile, when taken. @param {any} r @param {{ traceS: number }} setup */
function profileLines(r, setup) {
	if (!r.traceBefore || !r.traceDuring || !r.mainProfile) return [];
	const busy = (/** @type {any} */ trace, /** @type {string} */ thread) =>
		Math.max(
			0,
			...trace.threads
				.filter((/** @type {any} */ t) => t.thread === thread)
				.map((/** @type {any} */ t) => t.busyPercent)
		);
	const workerBusy = busy(r.traceDuring, 'DedicatedWorker thread');
	const mainBefore = busy(r.traceBefore, 'CrRendererMain');
	const mainDuring = busy(r.traceDuring, 'CrRendererMain');
	const live = r.live;
	const reading = [
		`Reading: the slowest 1 % of rows spent ${fixed(live.tailIngestMs)} ms reaching the page, ${fixed(live.tailQueueMs)} ms waiting for a scoring call and ${fixed(live.tailCallMs)} ms in it.`,
		`The busiest worker thread (the detector's, scoring ${whole(live.scoresPerSecond)} windows a second) was busy ${fixed(workerBusy)} % of the trace, the page's main thread ${fixed(mainDuring)} % (${fixed(mainBefore)} % with detection stopped).`,
		mainDuring - mainBefore > workerBusy
			? 'Detection costs the main thread more than the model costs its worker: scores come back to a busy main thread (bookkeeping per call, the score lane, the event panel, the charts’ shading), and the worker’s scoring is not what limits latency at this rate.'
			: 'The model’s scoring in the worker is the larger part of what detection costs.'
	].join(' ');
	return [
		'',
		reading,
		'',
		`Threads busy ≥ 1 % in two ${setup.traceS} s Chrome traces (busy = the union of a thread’s tasks; threads of one name added up, their count in brackets): the page streaming and charting while detecting, and with detection stopped, both after the measurement. Tracing adds its own overhead to these shares.`,
		'',
		'| process | thread | busy while detecting | busy with detection stopped | longest task while detecting |',
		'|---|---|---|---|---|',
		...byThreadName(r.traceDuring.threads, r.traceBefore.threads).map(
			(t) =>
				`| ${t.process} | ${t.thread}${t.count > 1 ? ` (${t.count})` : ''} | ${fixed(t.busy)} % | ${t.before > 0 ? `${fixed(t.before)} %` : '< 1 %'} | ${fixed(t.longestMs)} ms |`
		),
		'',
		'What the threads did while detecting (self time per trace event as a share of the trace; the busiest thread of each name; `ThreadControllerImpl::RunTask` is task time the timeline names nothing inside):',
		'',
		'| main thread | | detector worker | | renderer thread pool | |',
		'|---|---|---|---|---|---|',
		...sideBySide(r.traceDuring.mainThread, r.traceDuring.workerThread, r.traceDuring.poolThread),
		'',
		`The main thread’s JavaScript while detecting (a ${setup.traceS} s CDP CPU profile after the traces, 1 ms sampling; busy ${r.mainProfile.busyPercent} %; \`(program)\` is the browser’s own work outside JavaScript; names from the production build: methods keep theirs, module functions are minified):`,
		'',
		'| function (file:line:column) | self time |',
		'|---|---|',
		...r.mainProfile.functions.map(
			(/** @type {any} */ f) => `| \`${f.name}\` | ${f.selfPercent} % |`
		),
		...(live.latencyP99Ms > LIVE_P99_TARGET_MS ? reachLines() : [])
	];
}

/**
 * Three `{ name, selfPercent }` lists as table rows, side by side.
 * @param {...{ name: string, selfPercent: number }[]} lists
 */
function sideBySide(...lists) {
	const rows = Math.max(...lists.map((l) => l.length));
	return Array.from(
		{ length: rows },
		(_, i) =>
			`| ${lists.map((l) => (l[i] ? `\`${l[i].name}\` | ${l[i].selfPercent} %` : ' | ')).join(' | ')} |`
	);
}

/** What would bring the p99 under the target, from the profile above (not tried here). */
function reachLines() {
	return [
		'',
		'What would reach the target (from this profile; not tried here): a score’s path (WebSocket message, parse, window buffer, the call to the worker and its answer) runs through the page’s main thread at every step, so it waits behind everything else there, and on 2 cores the raster, compositor, GPU-process and sensor threads compete for the same CPUs. (1) Take the path off the main thread: read and parse the feed in a worker that also buffers windows and calls the model (or hands rows to the detector worker over a `MessageChannel`), and send the main thread only what it draws. (2) Fewer hand-offs: one scoring call and one state update per animation frame instead of one per 10-row sensor frame; the lane and the panel draw once per frame anyway. (3) Less work per call on the main thread: the profile’s top functions above (per-call copies of the kept scores, the latency percentiles sorted on every call, the event panel’s attribution scans during anomalies).'
	];
}

/**
 * Busy shares summed per process and thread name, while detecting and before.
 * @param {{ process: string, thread: string, busyPercent: number, longestMs: number }[]} during
 * @param {{ process: string, thread: string, busyPercent: number }[]} before
 */
function byThreadName(during, before) {
	/** @type {Map<string, { process: string, thread: string, count: number, busy: number, before: number, longestMs: number }>} */
	const rows = new Map();
	const row = (/** @type {{ process: string, thread: string }} */ t) => {
		const key = `${t.process}|${t.thread}`;
		const found = rows.get(key) ?? { ...t, count: 0, busy: 0, before: 0, longestMs: 0 };
		rows.set(key, found);
		return found;
	};
	for (const t of during) {
		const r = row(t);
		r.count++;
		r.busy += t.busyPercent;
		r.longestMs = Math.max(r.longestMs, t.longestMs);
	}
	for (const t of before) row(t).before += t.busyPercent;
	return [...rows.values()].sort((a, b) => b.busy - a.busy);
}
