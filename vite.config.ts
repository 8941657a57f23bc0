import { sveltekit } from '@sveltejs/kit/vite';
import { playwright } from '@vitest/browser-playwright';
import type { Connect, Plugin } from 'vite';
import { defineConfig } from 'vitest/config';
import { CHROMIUM_LAUNCH } from './tests/chromium.js';

/**
 * Cross-origin isolation, so workers get SharedArrayBuffer: the fused LSTM's WASM kernels run half
 * of every large forward on a helper thread (workers/lstm-threads.ts). The app loads nothing from
 * other origins (WebSockets are not subject to COEP). Static hosts need the same two headers
 * (static/_headers has them for hosts that read that file); without them the app works, on one
 * thread. A middleware rather than `server.headers`/`preview.headers`: SvelteKit's own middleware
 * answers pages before Vite adds those (measured: no header on `/` with `preview.headers`).
 * Not under Vitest: tfjs-wasm on its browser page would switch to its threaded build on the
 * page's main thread. The app's isolation is tested end to end (tests/e2e/detect.spec.ts).
 */
function crossOriginIsolation(): Plugin {
	// Returns nothing: a returned function would be taken for a post-middleware hook.
	const isolate = (server: { middlewares: Connect.Server }): void => {
		server.middlewares.use((_request, response, next) => {
			response.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
			response.setHeader('Cross-Origin-Embedder-Policy', 'require-corp');
			next();
		});
	};
	return {
		name: 'vigil-cross-origin-isolation',
		apply: () => !process.env['VITEST'],
		configureServer: isolate,
		configurePreviewServer: isolate
	};
}

export default defineConfig({
	plugins: [crossOriginIsolation(), sveltekit()],
	// ES workers so tfjs backends can be imported lazily inside them (ARCHITECTURE.md, Workers).
	worker: { format: 'es' },
	// Declared up front so Vite does not discover them mid-test and reload the page (flaky runs).
	optimizeDeps: {
		include: [
			'@tensorflow/tfjs',
			'@tensorflow/tfjs-backend-wasm',
			'@tensorflow/tfjs-backend-webgpu',
			'comlink',
			'fflate',
			'uplot'
		]
	},
	server: { port: 5173 },
	preview: { port: 4173, strictPort: true },
	test: {
		expect: { requireAssertions: true },
		projects: [
			{
				extends: './vite.config.ts',
				test: {
					name: 'server',
					environment: 'node',
					include: ['src/**/*.test.ts', 'tests/unit/**/*.test.ts'],
					exclude: ['src/**/*.svelte.test.ts', 'src/**/*.browser.test.ts']
				}
			},
			{
				extends: './vite.config.ts',
				test: {
					name: 'client',
					// *.svelte.test.ts for runes and components; *.browser.test.ts for plain modules
					// that need a real browser (IndexedDB, Worker, canvas).
					include: ['src/**/*.svelte.test.ts', 'src/**/*.browser.test.ts'],
					browser: {
						enabled: true,
						headless: true,
						provider: playwright({ launchOptions: CHROMIUM_LAUNCH }),
						instances: [{ browser: 'chromium' }]
					}
				}
			}
		]
	}
});
