import { describe, expect, it } from 'vitest';
import { randomCases as sharedCases } from '../testing';
import { setUpDawnWebGpu } from './dawn-node';
import { capWorkgroupsPerDimensionForTests } from './fused-pass';
import { checkFusedLayer } from './layer-check';
import { checkFusedLstm } from './lstm-check';
import { describeCase, randomCases, type LstmCase } from './lstm-reference';
import { registerWebGpuLstmKernels } from './register';

/**
 * The fused webgpu LSTM in Node, on Dawn's bindings (npm `webgpu`): a real GPU where Dawn finds
 * one, Chromium's SwiftShader otherwise. Skips only when no adapter can be created at all.
 */
const dawn = await setUpDawnWebGpu();
const TOLERANCE = 1e-4;

const CASES: LstmCase[] = [
	// The presets' shapes: default (30 steps, 16 units, tanh), SKAB (10 steps, 100 units, relu).
	{ batch: 32, time: 30, features: 8, units: 16, activation: 'tanh', seed: 1 },
	{ batch: 5, time: 10, features: 8, units: 100, activation: 'relu', seed: 2 },
	// The edges: one of everything, and the most units a workgroup holds.
	{ batch: 1, time: 1, features: 1, units: 1, activation: 'relu', seed: 3 },
	{ batch: 3, time: 4, features: 2, units: 256, activation: 'tanh', seed: 4 },
	...randomCases(20261122, 4, { batch: 64, time: 40, features: 16, units: 128 })
];

describe.skipIf(!dawn.ok)(
	`fused LSTM kernels on webgpu in Node (Dawn: ${dawn.ok ? dawn.adapter : `SKIPPED, ${dawn.reason}`})`,
	() => {
		for (const c of CASES) {
			it(`match tfjs's LSTM and its gradients within 1e-4: ${describeCase(c)}`, async () => {
				if (!dawn.ok) return;
				registerWebGpuLstmKernels();
				const check = await checkFusedLstm(dawn.tf, c);
				expect(check.gpuError).toBeNull();
				expect(check.referenceAgreement).toBeLessThan(TOLERANCE);
				for (const [name, error] of Object.entries(check.errors)) {
					expect(error, `${name} relative error`).toBeLessThan(TOLERANCE);
				}
				expect(check.leakedTensors).toBe(0);
				expect(check.leakedDataIds).toBe(0);
			}, 120_000);
		}

		it('spreads the workgroups over a 2-D grid when one dimension is not enough', async () => {
			if (!dawn.ok) return;
			registerWebGpuLstmKernels();
			// 30 rows at 100 units: 4 workgroups of 8 rows; capped at 3 per dimension: a 3 × 2 grid
			// whose last 2 workgroups have no rows.
			capWorkgroupsPerDimensionForTests(3);
			try {
				const c: LstmCase = {
					batch: 30,
					time: 6,
					features: 3,
					units: 100,
					activation: 'tanh',
					seed: 9
				};
				const check = await checkFusedLstm(dawn.tf, c);
				for (const [name, error] of Object.entries(check.errors)) {
					expect(error, `${name} relative error`).toBeLessThan(TOLERANCE);
				}
			} finally {
				capWorkgroupsPerDimensionForTests(undefined);
			}
		}, 120_000);

		// Through the op and its gradient (FusedLstm, as models use it), returnSequences both ways.
		for (const c of sharedCases(4, 81)) {
			it(`FusedLstm on webgpu matches tfjs's LSTM: ${describeCase(c)}, sequences ${c.returnSequences}`, async () => {
				if (!dawn.ok) return;
				registerWebGpuLstmKernels();
				const check = await checkFusedLayer(c);
				expect(check.fallbackReason).toBeNull();
				for (const [name, error] of Object.entries(check.errors)) {
					expect(error, `${name} relative error`).toBeLessThan(TOLERANCE);
				}
				expect(check.inferenceError).toBeLessThan(TOLERANCE);
			}, 120_000);
		}
	}
);
