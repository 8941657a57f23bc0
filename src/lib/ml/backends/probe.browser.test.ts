import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { describe, expect, it } from 'vitest';
import { probeBackends, type BackendProbe } from './probe';

/**
 * The real probe in headless Chromium on this machine (no GPU; tests/chromium.js enables WebGPU):
 * WebGPU and WebGL work but on SwiftShader, so both must be flagged as software, with the
 * browser's own words as evidence; cpu is not a GPU. Checked on the page and in a worker (where
 * the app probes). A machine with a real GPU would fail this test: that is its point here.
 */
function expectSwiftShaderFlags(probes: BackendProbe[]) {
	const byName = Object.fromEntries(probes.map((p) => [p.backend, p]));
	expect(byName['webgpu']).toMatchObject({
		ok: true,
		software: { renderer: 'SwiftShader', evidence: expect.stringMatching(/swiftshader/i) }
	});
	expect(byName['webgl']).toMatchObject({
		ok: true,
		detail: expect.stringMatching(/^webgl \(.*SwiftShader/),
		software: { renderer: 'SwiftShader', evidence: expect.stringMatching(/^WebGL renderer ".+"$/) }
	});
	expect(byName['cpu']).toEqual({ backend: 'cpu', ok: true, detail: 'cpu' });
}

describe('backend probe in Chromium without a GPU', () => {
	it('flags WebGPU and WebGL on SwiftShader as software on the page', async () => {
		const probes = await probeBackends(tf, ['webgpu', 'webgl', 'cpu']);
		expectSwiftShaderFlags(probes);
		await tf.setBackend('cpu');
	}, 60_000);

	it('flags them in a dedicated worker too (OffscreenCanvas WebGL)', async () => {
		const worker = new Worker(new URL('./probe-test.worker.ts', import.meta.url), {
			type: 'module'
		});
		try {
			const probes = await new Promise<BackendProbe[]>((resolve, reject) => {
				worker.onmessage = (event: MessageEvent<BackendProbe[]>) => resolve(event.data);
				worker.onerror = (event) => reject(new Error(`probe worker failed: ${event.message}`));
				worker.postMessage('probe');
			});
			expectSwiftShaderFlags(probes);
		} finally {
			worker.terminate();
		}
	}, 60_000);
});
