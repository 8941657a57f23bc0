import { sveltekit } from '@sveltejs/kit/vite';
import { playwright } from '@vitest/browser-playwright';
import { defineConfig } from 'vitest/config';
import { CHROMIUM_LAUNCH } from './tests/chromium.js';

export default defineConfig({
	plugins: [sveltekit()],
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
