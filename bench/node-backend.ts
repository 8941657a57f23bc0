import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { BACKEND_NAMES, probeBackend, type BackendName } from '../src/lib/ml/backends/probe';

/**
 * Selects a tfjs backend for a Node benchmark and fails clearly if it does not work here
 * (probed, never a silent fallback). In Node, wasm and cpu run; webgpu needs Dawn's bindings.
 */
export async function prepareNodeBackend(name: string): Promise<BackendName> {
	if (!(BACKEND_NAMES as readonly string[]).includes(name)) {
		console.error(`unknown backend "${name}"; backends: ${BACKEND_NAMES.join(', ')}`);
		process.exit(2);
	}
	const probe = await probeBackend(tf, name as BackendName);
	if (!probe.ok) {
		console.error(`backend ${name} does not work here: ${probe.reason}`);
		process.exit(2);
	}
	return probe.backend;
}

/**
 * Prints an unexpected error as one clear line and exits 1. Must run before the wasm backend
 * starts: its Emscripten module rethrows unhandled rejections, which makes Node print the whole
 * minified module as the error's source line.
 */
export function exitCleanlyOnErrors(): void {
	const fail = (error: unknown) => {
		console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
		process.exit(1);
	};
	process.on('uncaughtException', fail);
	process.on('unhandledRejection', fail);
}
