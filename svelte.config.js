import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	compilerOptions: { runes: true },
	kit: {
		// A static SPA: every route renders in the browser; index.html is the fallback for deep links.
		adapter: adapter({ fallback: 'index.html', strict: true }),
		// state/app-update.svelte.ts registers the worker itself so it can offer, never force, an update.
		serviceWorker: { register: false },
		// VIGIL_BUILD lets the update test build two distinguishable versions; the default is the build time.
		version: { name: process.env.VIGIL_BUILD ?? Date.now().toString(36) }
	}
};

export default config;
