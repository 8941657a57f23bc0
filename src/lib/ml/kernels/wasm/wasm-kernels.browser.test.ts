/// <reference types="vite/client" />
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerFusedLstmKernels } from '../index';
import { LSTM_FORWARD_KERNEL } from '../lstm-contract';
import { compareRuns, randomCases, runLstmCase, runTrustedReference } from '../testing';
import { lstmWasmVariant } from './lstm-wasm-module';

/**
 * The WASM SIMD kernels in headless Chromium, on the page's main thread: the module may have to
 * compile asynchronously there (registerFusedLstmKernels resolves once it is registered).
 */
const TOLERANCE = 1e-4;

beforeAll(async () => {
	setWasmPaths({
		'tfjs-backend-wasm.wasm': wasmPlain,
		'tfjs-backend-wasm-simd.wasm': wasmSimd,
		'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded
	});
	expect(await tf.setBackend('wasm')).toBe(true);
	await registerFusedLstmKernels();
}, 60_000);

describe('fused LSTM, WASM SIMD kernels in Chromium', () => {
	it('are registered for the wasm backend, with fused multiply-adds (relaxed SIMD)', () => {
		expect(tf.getBackend()).toBe('wasm');
		expect(tf.getKernel(LSTM_FORWARD_KERNEL, 'wasm')).toBeDefined();
		// Chromium has relaxed SIMD (since 114): this test covers that binary, Node 20's the other.
		expect(lstmWasmVariant()).toBe('relaxed-simd');
	});

	// Different cases from the Node test's (another seed).
	it.each(randomCases(8, 41))(
		'match tfjs LSTM: batch $batch, time $time, features $features, units $units, $activation, sequences $returnSequences',
		(c) => {
			const fused = runLstmCase(c, true);
			expect(fused.fallbackReason).toBeNull();
			const errors = compareRuns(fused, runTrustedReference(c));
			for (const [name, error] of Object.entries(errors))
				expect(error, name).toBeLessThan(TOLERANCE);
		}
	);
});
