import type * as tfjs from '@tensorflow/tfjs';
import {
	softwareWebGl,
	softwareWebGpu,
	webGlRenderer,
	type SoftwareGpu,
	type WebGlLike,
	type WebGpuAdapterFacts
} from './software-gpu';

type Tf = typeof tfjs;

/** The tfjs backends Vigil can run on, fastest-first in principle (measurement decides). */
export const BACKEND_NAMES = ['webgpu', 'webgl', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];

export type BackendProbe =
	| {
			backend: BackendName;
			ok: true;
			detail: string;
			/**
			 * Present when this WebGPU or WebGL backend runs on GPU emulation in software (SwiftShader,
			 * llvmpipe …), with what showed it: it works, but the choice does not time it when a CPU
			 * backend works (choice.ts). Absent for real GPUs, wasm and cpu.
			 */
			software?: SoftwareGpu;
	  }
	| { backend: BackendName; ok: false; reason: string };

interface GpuLike {
	requestAdapter(): Promise<WebGpuAdapterFacts | null>;
}

/** tfjs's webgl backend keeps its context here (`MathBackendWebGL.gpgpu.gl`, tfjs 4.22). */
interface WebGlBackendLike {
	gpgpu?: { gl?: WebGlLike };
}

/**
 * Checks that a backend really runs here. tfjs falls back silently (no WebGPU adapter, a 404 on a
 * `.wasm` file), so this asks for the adapter itself, requires `setBackend` to succeed and the
 * backend to be the active one, and runs one op whose result it checks. Leaves `backend` active
 * when it works. The backend's package must already be imported (webgpu, wasm) by the caller.
 */
export async function probeBackend(tf: Tf, backend: BackendName): Promise<BackendProbe> {
	let detail: string = backend;
	let software: SoftwareGpu | undefined;
	if (backend === 'webgpu') {
		const gpu = (globalThis.navigator as { gpu?: GpuLike } | undefined)?.gpu;
		if (!gpu)
			return { backend, ok: false, reason: 'WebGPU is not available (navigator.gpu is missing)' };
		const adapter = await gpu.requestAdapter().catch(() => null);
		if (!adapter) return { backend, ok: false, reason: 'WebGPU has no adapter on this device' };
		const info = adapter.info ?? {};
		software = softwareWebGpu(adapter);
		detail = `webgpu (${[info.vendor, info.architecture].filter(Boolean).join(' ') || 'unknown adapter'}${software ? `, software: ${software.renderer}` : ''})`;
	}
	if (!tf.findBackendFactory(backend)) {
		return { backend, ok: false, reason: `the ${backend} backend is not registered in this build` };
	}
	try {
		const switched = await tf.setBackend(backend);
		await tf.ready();
		if (!switched || tf.getBackend() !== backend) {
			const reason =
				backend === 'wasm'
					? 'the WebAssembly binaries could not be loaded (are the .wasm files served and setWasmPaths set?)'
					: `tfjs could not initialise ${backend} and fell back to ${tf.getBackend()}`;
			return { backend, ok: false, reason };
		}
		const values = tf.tidy(() => tf.add(tf.tensor1d([1, 2, 3]), 1).dataSync());
		if (values[0] !== 2 || values[2] !== 4)
			return { backend, ok: false, reason: `${backend} computed a wrong result` };
		if (backend === 'webgl') {
			// The context tfjs itself renders with: no second context, and the renderer it really got.
			const gl = (tf.backend() as WebGlBackendLike).gpgpu?.gl;
			const renderer = gl ? webGlRenderer(gl) : undefined;
			software = softwareWebGl(renderer);
			if (renderer) detail = `webgl (${renderer})`;
		}
		return { backend, ok: true, detail, ...(software ? { software } : {}) };
	} catch (error) {
		return {
			backend,
			ok: false,
			reason: `${backend} failed to start: ${(error as Error).message ?? String(error)}`
		};
	}
}

/** Probes every backend in order; returns all results (working and not, with reasons). */
export async function probeBackends(
	tf: Tf,
	backends: readonly BackendName[] = BACKEND_NAMES
): Promise<BackendProbe[]> {
	const results: BackendProbe[] = [];
	for (const backend of backends) results.push(await probeBackend(tf, backend));
	return results;
}
