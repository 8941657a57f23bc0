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
		// Absolute asset paths: the service worker answers every navigation with the one cached
		// shell, and a shell with relative paths (`./_app/…`) breaks when it is served for a deep
		// link such as /data/3 (its scripts would be looked up under /data/_app/…).
		paths: { relative: false },
		// Kit's default version is the build time, computed once per build. (A value computed here would
		// differ between the two times Vite loads this file and break the page.) VIGIL_BUILD pins it.
		version: process.env.VIGIL_BUILD ? { name: process.env.VIGIL_BUILD } : {}
	}
};

export default config;
