import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * A bare Vite server for the benchmark harness page (no SvelteKit): the worker as the app builds it,
 * on a cross-origin isolated page as the app's servers send it (so the fused LSTM gets its helper
 * thread; see the root vite.config.ts). Without SvelteKit, `server.headers` reaches every response.
 */
export default defineConfig({
	root: fileURLToPath(new URL('.', import.meta.url)),
	worker: { format: 'es' },
	server: {
		fs: { allow: [fileURLToPath(new URL('../..', import.meta.url))] },
		headers: {
			'Cross-Origin-Opener-Policy': 'same-origin',
			'Cross-Origin-Embedder-Policy': 'require-corp'
		}
	},
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
