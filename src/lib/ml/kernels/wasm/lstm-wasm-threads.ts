import { LSTM_WASM_SHARED_MEMORY_PAGES } from './lstm-wasm-binary';
import {
	ARGS,
	CONTROL_BYTES,
	DONE,
	FAILED,
	JOB,
	READY,
	STOP,
	type LstmHelperInit
} from './lstm-thread-control';
import { chooseBinary, LstmWasmModule } from './lstm-wasm-module';

/**
 * Two threads for the WASM forward: the kernel's own thread and one helper worker run disjoint
 * row ranges of `forwardRows` over one shared memory (rows are independent). A tfjs kernel must
 * return synchronously, so the kernel's thread blocks in Atomics.wait for the helper's half: that
 * is allowed in workers and Node, not on a page's main thread (where tfjs never runs here).
 * `ml/` cannot make workers (Web Workers and Node's worker_threads differ), so the environment
 * passes a `spawn` that makes one running `serveLstmRows` (workers/lstm-helper.worker.ts in the
 * app, scripts/lstm-helper-node.ts in Node).
 */

/** A helper worker as the environment makes it (a Web Worker, a Node worker thread). */
export interface LstmHelperWorker {
	postMessage(message: LstmHelperInit): void;
	terminate(): unknown;
}

/** How long a kernel waits for the helper's half before doing it itself (a crashed helper). */
const JOIN_TIMEOUT_MS = 30_000;

/** Why two threads cannot run in this realm, or null when they can (`binary`: the threaded build). */
export function lstmThreadsUnavailableReason(binary = chooseBinary(true).bytes): string | null {
	const isolated = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated;
	if (typeof SharedArrayBuffer === 'undefined' || isolated === false) {
		return 'SharedArrayBuffer is unavailable: the page is not cross-origin isolated (COOP and COEP headers)';
	}
	try {
		Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 1, 0);
	} catch {
		return "this thread may not block in Atomics.wait (a page's main thread)";
	}
	if (!WebAssembly.validate(binary)) {
		return 'this engine lacks WebAssembly threads (shared memory)';
	}
	return null;
}

/** The running pair: the threaded build's instance here and the helper serving it. */
export class LstmThreads {
	readonly #control: Int32Array;
	#job = 0;
	/** How long join waits for the helper before the caller redoes its rows. */
	joinTimeoutMs = JOIN_TIMEOUT_MS;

	constructor(
		readonly module: LstmWasmModule,
		readonly worker: LstmHelperWorker,
		control: SharedArrayBuffer
	) {
		this.#control = new Int32Array(control);
	}

	/** Starts forwardRows(...args) on the helper and returns at once. */
	startForwardRows(args: readonly number[]): void {
		this.#control.set(args, ARGS);
		Atomics.store(this.#control, JOB, ++this.#job);
		Atomics.notify(this.#control, JOB);
	}

	/** Jobs handed to the helper so far. */
	get jobs(): number {
		return this.#job;
	}

	/**
	 * Blocks until the helper finished; false when it failed or fell silent (redo its rows).
	 * `ownHalfMs`: how long this thread took for its half; the helper gets at least 4× that, so a
	 * slow device's big batch is not mistaken for a dead helper.
	 */
	join(ownHalfMs = 0): boolean {
		const deadline = performance.now() + Math.max(this.joinTimeoutMs, 4 * ownHalfMs);
		for (;;) {
			const done = Atomics.load(this.#control, DONE);
			if (done === this.#job) return Atomics.load(this.#control, FAILED) !== this.#job;
			const left = deadline - performance.now();
			if (left <= 0) return false;
			Atomics.wait(this.#control, DONE, done, left);
		}
	}

	stop(): void {
		Atomics.store(this.#control, STOP, 1);
		Atomics.notify(this.#control, JOB);
		this.worker.terminate();
	}
}

let active: LstmThreads | undefined;
let status = 'not started';

/** The running threads, if any (the kernels use them when present). */
export function lstmThreads(): LstmThreads | undefined {
	return active;
}

/** 2 while a helper serves, else 1, with the reason (for diagnostics and benchmarks). */
export function lstmThreadStatus(): { readonly threads: 1 | 2; readonly reason: string } {
	return { threads: active ? 2 : 1, reason: status };
}

export type StartResult = { readonly ok: true } | { readonly ok: false; readonly reason: string };

/**
 * Starts the helper once (later calls return the first result's state). Resolves ok when it
 * serves; otherwise the kernels stay single-threaded and the reason says why.
 */
export function startLstmWasmThreads(
	spawn: () => LstmHelperWorker,
	options: { readyTimeoutMs?: number } = {}
): Promise<StartResult> {
	if (active) return Promise.resolve({ ok: true });
	// A second call while the first is starting waits for it (one helper, never two).
	starting ??= start(spawn, options.readyTimeoutMs ?? 10_000).finally(() => (starting = undefined));
	return starting;
}

let starting: Promise<StartResult> | undefined;

async function start(spawn: () => LstmHelperWorker, readyTimeoutMs: number): Promise<StartResult> {
	const { bytes, variant } = chooseBinary(true);
	const unavailable = lstmThreadsUnavailableReason(bytes);
	if (unavailable) return fail(unavailable);
	let module: LstmWasmModule;
	let memory: WebAssembly.Memory;
	try {
		memory = new WebAssembly.Memory({
			initial: 1,
			maximum: LSTM_WASM_SHARED_MEMORY_PAGES,
			shared: true
		});
		module = new LstmWasmModule(await WebAssembly.compile(bytes), variant, memory);
	} catch (error) {
		return fail(`the threaded module did not instantiate: ${String(error)}`);
	}
	const control = new SharedArrayBuffer(CONTROL_BYTES);
	let worker: LstmHelperWorker;
	try {
		worker = spawn();
		worker.postMessage({ kind: 'vigil-lstm-helper', module: module.module, memory, control });
	} catch (error) {
		return fail(`the helper worker could not start: ${String(error)}`);
	}
	const words = new Int32Array(control);
	const deadline = performance.now() + readyTimeoutMs;
	while (Atomics.load(words, READY) === 0 && performance.now() < deadline) {
		await new Promise((resolve) => setTimeout(resolve, 5));
	}
	if (Atomics.load(words, READY) !== 1) {
		worker.terminate();
		return fail(`the helper worker did not start within ${readyTimeoutMs} ms`);
	}
	active = new LstmThreads(module, worker, control);
	status = `2 threads (${variant})`;
	return { ok: true };
}

/** Stops the helper; the kernels run on one thread again. */
export function stopLstmWasmThreads(reason = 'stopped'): void {
	active?.stop();
	active = undefined;
	status = reason;
}

function fail(reason: string): StartResult {
	status = reason;
	return { ok: false, reason };
}

/** For reporting a backend choice: the fused LSTM's thread count, where the backend is wasm. */
export function lstmThreadsFor(backend: string): { lstmThreads?: 1 | 2 } {
	return backend === 'wasm' ? { lstmThreads: lstmThreadStatus().threads } : {};
}
