import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { describe, expect, it } from 'vitest';
import { probeBackends } from './probe';

describe('backend probe in Node', () => {
	it('finds cpu and wasm working and says why webgpu and webgl are not', async () => {
		const probes = await probeBackends(tf);
		const byName = Object.fromEntries(probes.map((p) => [p.backend, p]));
		expect(byName['cpu']).toMatchObject({ ok: true });
		expect(byName['wasm']).toMatchObject({ ok: true });
		expect(byName['webgpu']).toEqual({
			backend: 'webgpu',
			ok: false,
			reason: expect.stringMatching(/WebGPU is not available|not registered|no adapter/)
		});
		expect(byName['webgl']).toMatchObject({ ok: false, reason: expect.any(String) });
		await tf.setBackend('cpu');
	});
});
