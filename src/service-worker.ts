/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
/**
 * Offline support: precache the whole build at install and serve it cache-first, so after one
 * visit the app starts with no network. A new version installs in the background and then
 * *waits*: the page offers a reload (state/app-update.svelte.ts) and only a click sends
 * SKIP_WAITING, so code is never swapped under a running recording.
 * Only same-origin GETs are handled; nothing is ever fetched from another origin.
 */
import { build, files, version } from '$service-worker';

const worker = self as unknown as ServiceWorkerGlobalScope;
const CACHE = `vigil-${version}`;
/** The SPA shell: every navigation is answered with it (adapter-static's fallback page). */
const SHELL = '/';
const PRECACHE = [SHELL, ...build, ...files];

worker.addEventListener('install', (event) => {
	event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(PRECACHE)));
});

worker.addEventListener('activate', (event) => {
	event.waitUntil(
		(async () => {
			for (const key of await caches.keys()) if (key !== CACHE) await caches.delete(key);
			// The first install takes control at once, so the very first visit already works offline.
			await worker.clients.claim();
		})()
	);
});

worker.addEventListener('message', (event) => {
	if (event.data?.type === 'SKIP_WAITING') void worker.skipWaiting();
});

worker.addEventListener('fetch', (event) => {
	const request = event.request;
	const url = new URL(request.url);
	if (request.method !== 'GET' || url.origin !== worker.location.origin) return;
	event.respondWith(respond(request, url));
});

async function respond(request: Request, url: URL): Promise<Response> {
	const cache = await caches.open(CACHE);
	const key = request.mode === 'navigate' ? SHELL : url.pathname;
	const cached = await cache.match(key);
	if (cached) return cached;
	try {
		return await fetch(request);
	} catch (error) {
		// Offline and not precached: a clear 503 rather than the browser's error page.
		return new Response(`Vigil is offline and ${url.pathname} was not cached: ${String(error)}`, {
			status: 503,
			headers: { 'content-type': 'text/plain; charset=utf-8' }
		});
	}
}
