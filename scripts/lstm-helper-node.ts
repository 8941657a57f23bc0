import { Worker } from 'node:worker_threads';
import {
	startLstmWasmThreads,
	type StartResult
} from '../src/lib/ml/kernels/wasm/lstm-wasm-threads';

/**
 * Node's side of the two-thread WASM LSTM forward: a worker thread (TypeScript through tsx, by
 * bench/ts-worker.mjs) running `serveLstmRows`. Unreferenced, so it never keeps a process alive.
 * Used by the benchmarks, the CLI and the Node tests; the app's is workers/lstm-helper.worker.ts.
 */
export function spawnNodeLstmHelper(): Worker {
	const worker = new Worker(new URL('../bench/ts-worker.mjs', import.meta.url), {
		workerData: { script: new URL('./lstm-helper-node-worker.ts', import.meta.url).href }
	});
	worker.unref();
	return worker;
}

export function startNodeLstmThreads(): Promise<StartResult> {
	return startLstmWasmThreads(spawnNodeLstmHelper);
}
