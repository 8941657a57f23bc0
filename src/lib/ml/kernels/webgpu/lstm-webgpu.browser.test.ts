import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { randomCases as sharedCases } from '../testing';
import { checkFusedLayer } from './layer-check';
import { checkFusedLstm } from './lstm-check';
import { describeCase, randomCases, type LstmCase } from './lstm-reference';
import { registerWebGpuLstmKernels } from './register';

/**
 * The fused webgpu LSTM in headless Chromium (SwiftShader's WebGPU adapter with the flags of
 * tests/chromium.js). Software rendering is slow, so a handful of shapes: the presets' and a few
 * random ones (different from the Node test's).
 */
const TOLERANCE = 1e-4;

const CASES: LstmCase[] = [
	{ batch: 8, time: 30, features: 8, units: 16, activation: 'tanh', seed: 11 },
	{ batch: 4, time: 10, features: 8, units: 100, activation: 'relu', seed: 12 },
	{ batch: 1, time: 1, features: 1, units: 1, activation: 'tanh', seed: 13 },
	...randomCases(1122, 3, { batch: 64, time: 40, features: 16, units: 128 })
];

describe('fused LSTM kernels on webgpu in Chromium', () => {
	beforeAll(async () => {
		const adapter = await navigator.gpu?.requestAdapter();
		if (!adapter)
			throw new Error('no WebGPU adapter: is Chromium started with --enable-unsafe-webgpu?');
		expect(await tf.setBackend('webgpu')).toBe(true);
		registerWebGpuLstmKernels();
	}, 60_000);

	for (const c of CASES) {
		it(`match tfjs's LSTM and its gradients within 1e-4: ${describeCase(c)}`, async () => {
			const check = await checkFusedLstm(tf, c);
			expect(check.gpuError).toBeNull();
			expect(check.referenceAgreement).toBeLessThan(TOLERANCE);
			for (const [name, error] of Object.entries(check.errors)) {
				expect(error, `${name} relative error`).toBeLessThan(TOLERANCE);
			}
			expect(check.leakedTensors).toBe(0);
			expect(check.leakedDataIds).toBe(0);
		}, 120_000);
	}

	// Through the op and its gradient (FusedLstm, as models use it), returnSequences both ways.
	for (const c of sharedCases(4, 82)) {
		it(`FusedLstm on webgpu matches tfjs's LSTM: ${describeCase(c)}, sequences ${c.returnSequences}`, async () => {
			const check = await checkFusedLayer(c);
			expect(check.fallbackReason).toBeNull();
			for (const [name, error] of Object.entries(check.errors)) {
				expect(error, `${name} relative error`).toBeLessThan(TOLERANCE);
			}
			expect(check.inferenceError).toBeLessThan(TOLERANCE);
		}, 120_000);
	}
});
