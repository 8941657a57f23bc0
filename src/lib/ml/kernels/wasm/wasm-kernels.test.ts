import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LSTM_FORWARD_KERNEL, LSTM_KERNEL_LIMITS } from '../lstm-contract';
import {
	compareRuns,
	randomCases,
	runLstmCase,
	runTrustedReference,
	type LstmCase
} from '../testing';
import { LSTM_WASM_RELAXED_BASE64 } from './lstm-wasm-binary';
import { lstmWasmVariant } from './lstm-wasm-module';
import { limitCallBytesForTests } from './wasm-kernels';
import { backwardLayout, forwardLayout } from './wasm-layout';
import '../index';

beforeAll(async () => {
	expect(await tf.setBackend('wasm')).toBe(true);
});
afterAll(async () => {
	await tf.setBackend('cpu');
});

const relaxedBytes = () => Uint8Array.from(atob(LSTM_WASM_RELAXED_BASE64), (c) => c.charCodeAt(0));

/** The bound: max |fused − tfjs| / max |tfjs| per tensor. */
const TOLERANCE = 1e-4;

function expectMatch(c: LstmCase) {
	const fused = runLstmCase(c, true);
	expect(fused.fallbackReason).toBeNull();
	const errors = compareRuns(fused, runTrustedReference(c));
	for (const [name, error] of Object.entries(errors)) expect(error, name).toBeLessThan(TOLERANCE);
}

describe('fused LSTM, WASM SIMD kernels in Node', () => {
	it('are registered for the wasm backend', () => {
		expect(tf.getKernel(LSTM_FORWARD_KERNEL, 'wasm')).toBeDefined();
		// Node 20 has no relaxed SIMD without a flag: the plain SIMD binary runs here.
		expect(lstmWasmVariant()).toBe(WebAssembly.validate(relaxedBytes()) ? 'relaxed-simd' : 'simd');
	});

	it.each(randomCases(12, 23))(
		'match tfjs LSTM: batch $batch, time $time, features $features, units $units, $activation, sequences $returnSequences',
		expectMatch
	);

	it('match tfjs LSTM at the contract limits of units and features', () => {
		const { maxFeatures, maxUnits } = LSTM_KERNEL_LIMITS;
		const c = { batch: 3, time: 6, activation: 'tanh', returnSequences: false, seed: 5 } as const;
		expectMatch({ ...c, features: maxFeatures, units: maxUnits });
	});

	it('match tfjs LSTM at the contract limit of time steps', { timeout: 30_000 }, () => {
		expectMatch({
			batch: 2,
			time: LSTM_KERNEL_LIMITS.maxTimeSteps,
			features: 3,
			units: 6,
			activation: 'relu',
			returnSequences: true,
			seed: 6
		});
	});

	it('give the same results when a batch runs in row chunks', () => {
		const c: LstmCase = {
			batch: 9,
			time: 6,
			features: 5,
			units: 13,
			activation: 'relu',
			returnSequences: true,
			seed: 8
		};
		const whole = runLstmCase(c, true);
		const limit = backwardLayout({ ...c, batch: 2 }).bytes;
		expect(forwardLayout({ ...c }, true).bytes).toBeGreaterThan(limit); // so it must chunk
		const restore = limitCallBytesForTests(limit);
		try {
			const chunked = runLstmCase(c, true);
			for (const [name, error] of Object.entries(compareRuns(chunked, whole))) {
				expect(error, name).toBeLessThan(1e-6);
			}
		} finally {
			restore();
		}
	});
});
