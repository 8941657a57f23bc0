import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/** A bare Vite server for the benchmark harness page (no SvelteKit): the worker as the app builds it. */
export default defineConfig({
	root: fileURLToPath(new URL('.', import.meta.url)),
	worker: { format: 'es' },
	server: { fs: { allow: [fileURLToPath(new URL('../..', import.meta.url))] } },
	optimizeDeps: {
		include: [
			'@tensorflow/tfjs',
			'@tensorflow/tfjs-backend-wasm',
			'@tensorflow/tfjs-backend-webgpu',
			'comlink',
			'dexie'
		]
	}
});
