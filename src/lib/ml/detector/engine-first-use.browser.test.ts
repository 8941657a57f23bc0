/// <reference types="vite/client" />
import '@tensorflow/tfjs-backend-webgpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { describe, expect, it } from 'vitest';
import { memoryChoiceCache } from '../backends/choice';
import { PRESETS } from '../presets';
import { sineChannels } from '../test-helpers';
import { DetectorEngine, shapeKey } from './engine';

/**
 * A device's first use of a saved detector (the Models page's "Start detection", the first batch
 * score): a fresh engine with every backend and an empty choice cache opens it, as a new worker on
 * a new device does. Here (headless Chromium, no GPU) WebGPU and WebGL are SwiftShader: they must
 * not be timed, so opening stays quick. Run this file alone for the figure it logs: the browser
 * keeps compiled shaders between test files.
 */
const CHANNELS = 8;
const ROWS = 600;

describe('DetectorEngine on a fresh device in Chromium', () => {
	it('opens a saved detector without timing software GPU emulation', async () => {
		setWasmPaths({
			'tfjs-backend-wasm.wasm': wasmPlain,
			'tfjs-backend-wasm-simd.wasm': wasmSimd,
			'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded
		});
		const config = { ...PRESETS.default, maxEpochs: 1 };
		const trainer = new DetectorEngine({ candidates: ['wasm'] });
		await trainer.train({
			channels: sineChannels(ROWS, CHANNELS),
			channelNames: Array.from({ length: CHANNELS }, (_, c) => `c${c}`),
			config,
			trainTo: ROWS
		});
		const saved = await trainer.exportDetector();
		trainer.dispose();

		const cache = memoryChoiceCache();
		const fresh = new DetectorEngine({ cache });
		const started = performance.now();
		const probes = await fresh.probe();
		const probedMs = performance.now() - started;
		await fresh.importDetector(saved);
		const readyMs = performance.now() - started;
		const choice = await cache.get('score', shapeKey(config, CHANNELS));
		console.log(
			`first open on a fresh device: probe ${probedMs.toFixed(0)} ms, ready ${readyMs.toFixed(0)} ms;`,
			JSON.stringify(choice?.msPerBatch)
		);
		expect(probes.filter((p) => p.ok && p.software).map((p) => p.backend)).toEqual([
			'webgpu',
			'webgl'
		]);
		expect(choice).toMatchObject({ backend: 'wasm', reason: 'measured' });
		expect(Object.keys(choice?.msPerBatch ?? {}).sort()).toEqual(['cpu', 'wasm']);
		expect(choice?.skipped).toEqual([
			{
				backend: 'webgpu',
				reason: 'software GPU emulation (SwiftShader): slower than WebAssembly here'
			},
			{
				backend: 'webgl',
				reason: 'software GPU emulation (SwiftShader): slower than WebAssembly here'
			}
		]);
		fresh.dispose();
	}, 120_000);
});
