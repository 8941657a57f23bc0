import { env } from '@tensorflow/tfjs';
// Registers the backend's flags, WASM_HAS_MULTITHREAD_SUPPORT among them (set below).
import '@tensorflow/tfjs-backend-wasm';
import {
	startLstmWasmThreads,
	type StartResult
} from '../src/lib/ml/kernels/wasm/lstm-wasm-threads';

/**
 * Gives the fused LSTM's WASM kernels a helper thread (the second core) where the page is
 * cross-origin isolated; elsewhere resolves with the reason and the kernels stay on one thread.
 * tfjs's own threaded WASM build would otherwise switch itself on in an isolated page, with a
 * pthread pool of its own: it measured 25 % slower than its single-threaded build on a 2-core
 * machine (BROWSER.md), and the cores are better spent on the LSTM, where the time goes. So tfjs
 * stays on its single-threaded SIMD build, as before isolation.
 */
export function startWasmKernelThreads(): Promise<StartResult> {
	env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
	return startLstmWasmThreads(
		() =>
			new Worker(new URL('./lstm-helper.worker.ts', import.meta.url), {
				type: 'module',
				name: 'vigil-lstm-helper'
			})
	);
}
