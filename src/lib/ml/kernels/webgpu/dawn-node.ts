import { existsSync } from 'node:fs';
import { constants } from 'node:os';
import type * as tfjs from '@tensorflow/tfjs';
import type * as webgpuBindings from 'webgpu';

/**
 * NODE ONLY (tests and `bench/kernels-webgpu.ts`; never imported by app code): tfjs's webgpu
 * backend in Node through Dawn's bindings (npm `webgpu`).
 *
 * On a machine with a GPU and its Vulkan driver, Dawn finds both by itself. On a machine without
 * one (this one, CI), Dawn's Vulkan backend can run on SwiftShader, which Debian's Chromium ships:
 * Dawn needs the Vulkan loader `libvulkan.so.1` (not installed system-wide here: Chromium keeps
 * its own in /usr/lib/chromium) and the loader needs `VK_ICD_FILENAMES` to find SwiftShader.
 * The dynamic linker reads LD_LIBRARY_PATH only at process start, so instead we load Chromium's
 * loader ourselves, RTLD_GLOBAL | RTLD_NODELETE: when Dawn then asks for `libvulkan.so.1`, glibc
 * hands it the library already loaded under that soname.
 */

const CHROMIUM_DIR = '/usr/lib/chromium';
const SWIFTSHADER_ICD = `${CHROMIUM_DIR}/vk_swiftshader_icd.json`;
const CHROMIUM_VULKAN_LOADER = `${CHROMIUM_DIR}/libvulkan.so.1`;
/** glibc's RTLD_NODELETE; Node's os.constants.dlopen does not list it. */
const RTLD_NODELETE = 0x1000;

type Tfjs = typeof tfjs;

export type DawnSetup =
	{ ok: true; tf: Tfjs; adapter: string; software: boolean } | { ok: false; reason: string };

interface AdapterLike {
	info?: { vendor?: string; architecture?: string; device?: string; description?: string };
}

async function firstAdapter(gpu: GPU): Promise<AdapterLike | null> {
	return gpu.requestAdapter({ powerPreference: 'high-performance' }).catch(() => null);
}

/** Makes Chromium's SwiftShader reachable for Dawn's Vulkan backend; false if it is not there. */
function useChromiumSwiftShader(): boolean {
	if (!existsSync(SWIFTSHADER_ICD) || !existsSync(CHROMIUM_VULKAN_LOADER)) return false;
	process.env['VK_ICD_FILENAMES'] = SWIFTSHADER_ICD;
	const flags = constants.dlopen.RTLD_NOW | constants.dlopen.RTLD_GLOBAL | RTLD_NODELETE;
	try {
		// Not a Node addon, so Node reports "did not self-register"; the library stays loaded.
		process.dlopen({ exports: {} }, CHROMIUM_VULKAN_LOADER, flags);
	} catch {
		// Expected, see above.
	}
	return true;
}

let setup: Promise<DawnSetup> | undefined;

/**
 * Starts tfjs's webgpu backend on Dawn, once per process: the system's GPU if Dawn finds one,
 * otherwise Chromium's SwiftShader. Resolves `{ ok: false, reason }` only when no adapter can be
 * created at all. Must run before anything imports `@tensorflow/tfjs-backend-webgpu` (the package
 * registers its backend only if `navigator.gpu` exists at import time).
 */
export function setUpDawnWebGpu(): Promise<DawnSetup> {
	setup ??= start();
	return setup;
}

async function start(): Promise<DawnSetup> {
	let dawn: typeof webgpuBindings;
	try {
		dawn = await import('webgpu');
	} catch (error) {
		return { ok: false, reason: `npm package webgpu cannot load: ${(error as Error).message}` };
	}
	let gpu = dawn.create([]);
	let adapter = await firstAdapter(gpu);
	let software = false;
	if (!adapter && useChromiumSwiftShader()) {
		gpu = dawn.create([]);
		adapter = await firstAdapter(gpu);
		software = true;
	}
	if (!adapter) {
		return {
			ok: false,
			reason: `Dawn found no GPU adapter (no Vulkan driver, and no SwiftShader at ${SWIFTSHADER_ICD})`
		};
	}
	Object.assign(globalThis, dawn.globals);
	// Node ≥ 21 has a read-only navigator: redefine it (shared/BROWSER.md).
	Object.defineProperty(globalThis, 'navigator', { value: { gpu }, configurable: true });
	const tf = await import('@tensorflow/tfjs');
	await import('@tensorflow/tfjs-backend-webgpu');
	const switched = await tf.setBackend('webgpu');
	await tf.ready();
	if (!switched || tf.getBackend() !== 'webgpu') {
		return { ok: false, reason: `tfjs could not start webgpu on Dawn (got ${tf.getBackend()})` };
	}
	const info = adapter.info ?? {};
	const name = [info.vendor, info.architecture, info.device, info.description]
		.filter(Boolean)
		.join(' ');
	return { ok: true, tf, adapter: name || 'unknown adapter', software };
}
