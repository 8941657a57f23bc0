// @ts-check
/**
 * Where the time goes during live detection: a short Chrome trace of every process and thread
 * (renderer main thread, the detector's worker thread, compositor, GPU/viz, raster workers),
 * reduced to each thread's busy share (the union of its top-level task intervals, so nested
 * tasks are not counted twice), its task count and its longest task. Small enough to keep in
 * memory: the `toplevel` category has one event per task.
 */

/**
 * Traces `page`'s browser for `durationMs`: the threads busy ≥ 1 % of it, and the renderer main
 * thread's time by kind of work (self time per trace event name: script, style, layout, paint,
 * message handling…).
 * @param {import('playwright').Browser} browser
 * @param {import('playwright').Page} page
 * @param {number} durationMs
 */
export async function traceThreads(browser, page, durationMs) {
	await browser.startTracing(page, { categories: ['toplevel', 'devtools.timeline', '__metadata'] });
	await page.waitForTimeout(durationMs);
	const buffer = await browser.stopTracing();
	/** @type {{ traceEvents: TraceEvent[] }} */
	const trace = JSON.parse(buffer.toString('utf8'));
	return {
		durationS: durationMs / 1000,
		threads: busyThreads(trace.traceEvents, durationMs),
		// The busiest thread of each name: the page's main thread, the detector's worker, and
		// the renderer's thread pool (V8's concurrent GC and compilation, raster, decoding).
		mainThread: selfTimeByName(trace.traceEvents, 'CrRendererMain', durationMs),
		workerThread: selfTimeByName(trace.traceEvents, 'DedicatedWorker thread', durationMs, 6),
		poolThread: selfTimeByName(trace.traceEvents, 'ThreadPoolForegroundWorker', durationMs, 6)
	};
}

/**
 * @typedef {object} TraceEvent
 * @property {string} name @property {string} ph @property {number} pid @property {number} tid
 * @property {number} [ts] µs @property {number} [dur] µs @property {Record<string, any>} [args]
 */

/**
 * Busy share per thread over the traced span (µs timestamps), threads under 1 % left out.
 * @param {TraceEvent[]} events @param {number} durationMs
 */
export function busyThreads(events, durationMs) {
	/** @type {Map<string, string>} */
	const threadNames = new Map();
	/** @type {Map<number, string>} */
	const processNames = new Map();
	/** @type {Map<string, [number, number][]>} */
	const tasks = new Map();
	for (const e of events) {
		const key = `${e.pid}:${e.tid}`;
		if (e.ph === 'M' && e.name === 'thread_name') threadNames.set(key, e.args?.name);
		else if (e.ph === 'M' && e.name === 'process_name') processNames.set(e.pid, e.args?.name);
		else if (e.ph === 'X' && e.ts !== undefined && e.dur !== undefined) {
			const list = tasks.get(key) ?? [];
			list.push([e.ts, e.ts + e.dur]);
			tasks.set(key, list);
		}
	}
	const spanUs = durationMs * 1000;
	const rows = [];
	for (const [key, intervals] of tasks) {
		intervals.sort((a, b) => a[0] - b[0]);
		let busyUs = 0;
		let longestUs = 0;
		let [from, to] = intervals[0] ?? [0, 0];
		for (const [start, end] of intervals.slice(1)) {
			if (start <= to) to = Math.max(to, end);
			else {
				busyUs += to - from;
				longestUs = Math.max(longestUs, to - from);
				[from, to] = [start, end];
			}
		}
		busyUs += to - from;
		longestUs = Math.max(longestUs, to - from);
		const pid = Number(key.split(':')[0]);
		rows.push({
			process: processNames.get(pid) ?? `pid ${pid}`,
			thread: threadNames.get(key) ?? key,
			busyPercent: Number(((100 * busyUs) / spanUs).toFixed(1)),
			tasks: intervals.length,
			longestMs: Number((longestUs / 1000).toFixed(1))
		});
	}
	return rows.filter((r) => r.busyPercent >= 1).sort((a, b) => b.busyPercent - a.busyPercent);
}

/**
 * Self time (an event's duration less its children's) per event name on the busiest thread
 * called `threadName`, as shares of the span; the top `top` names. Tasks with nothing inside
 * count as their own name (`RunTask`: work the timeline does not name).
 * @param {TraceEvent[]} events @param {string} threadName @param {number} durationMs @param {number} [top]
 */
export function selfTimeByName(events, threadName, durationMs, top = 12) {
	const threads = events.filter(
		(e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === threadName
	);
	let best = { key: '', busyUs: -1, selfUs: new Map() };
	for (const thread of threads) {
		const own = events
			.filter(
				(e) => e.ph === 'X' && e.pid === thread.pid && e.tid === thread.tid && e.dur !== undefined
			)
			.sort((a, b) => (a.ts ?? 0) - (b.ts ?? 0) || (b.dur ?? 0) - (a.dur ?? 0));
		/** @type {Map<string, number>} */
		const selfUs = new Map();
		/** @type {{ name: string, end: number, childUs: number, dur: number }[]} */
		const stack = [];
		let busyUs = 0;
		const close = () => {
			const done = stack.pop();
			if (!done) return;
			selfUs.set(done.name, (selfUs.get(done.name) ?? 0) + Math.max(0, done.dur - done.childUs));
			const parent = stack.at(-1);
			if (parent) parent.childUs += done.dur;
			else busyUs += done.dur;
		};
		for (const e of own) {
			const ts = e.ts ?? 0;
			while (stack.length > 0 && (stack.at(-1)?.end ?? 0) <= ts) close();
			stack.push({ name: e.name, end: ts + (e.dur ?? 0), childUs: 0, dur: e.dur ?? 0 });
		}
		while (stack.length > 0) close();
		if (busyUs > best.busyUs) best = { key: `${thread.pid}:${thread.tid}`, busyUs, selfUs };
	}
	const share = (/** @type {number} */ us) => Number(((100 * us) / (durationMs * 1000)).toFixed(1));
	return [...best.selfUs]
		.sort((a, b) => b[1] - a[1])
		.slice(0, top)
		.map(([name, us]) => ({ name, selfPercent: share(us) }));
}

/**
 * A CPU profile of the page's main thread for `durationMs` (CDP Profiler, 1 ms sampling): the
 * functions with the most self time, as shares of the span. Names come from the production
 * build, so module-level functions are minified; methods and class members keep their names.
 * @param {import('playwright').Page} page @param {number} durationMs @param {number} [top]
 */
export async function profileMainThread(page, durationMs, top = 12) {
	const cdp = await page.context().newCDPSession(page);
	await cdp.send('Profiler.enable');
	await cdp.send('Profiler.setSamplingInterval', { interval: 1000 });
	await cdp.send('Profiler.start');
	await page.waitForTimeout(durationMs);
	const { profile } = await cdp.send('Profiler.stop');
	await cdp.detach();
	/** @type {Map<number, string>} */
	const names = new Map();
	for (const node of profile.nodes) {
		const { functionName, url, lineNumber, columnNumber } = node.callFrame;
		const file = url.split('/').pop() ?? '';
		names.set(
			node.id,
			file
				? `${functionName || '(anonymous)'} ${file}:${lineNumber + 1}:${columnNumber + 1}`
				: functionName
		);
	}
	/** @type {Map<string, number>} µs of self time per function */
	const selfUs = new Map();
	const samples = profile.samples ?? [];
	const deltas = profile.timeDeltas ?? [];
	// Each sample's time is the delta to the next one.
	for (let i = 0; i < samples.length; i++) {
		const name = names.get(samples[i] ?? -1) ?? '?';
		selfUs.set(name, (selfUs.get(name) ?? 0) + (deltas[i + 1] ?? 0));
	}
	const spanUs = profile.endTime - profile.startTime;
	const share = (/** @type {number} */ us) => Number(((100 * us) / spanUs).toFixed(1));
	const idleUs = selfUs.get('(idle)') ?? 0;
	return {
		durationS: durationMs / 1000,
		busyPercent: share(spanUs - idleUs),
		functions: [...selfUs]
			.filter(([name]) => name !== '(idle)')
			.sort((a, b) => b[1] - a[1])
			.slice(0, top)
			.map(([name, us]) => ({ name, selfPercent: share(us) }))
	};
}
