import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize } from 'node:path';

const TYPES: Record<string, string> = {
	'.html': 'text/html; charset=utf-8',
	'.js': 'text/javascript; charset=utf-8',
	'.css': 'text/css; charset=utf-8',
	'.json': 'application/json',
	'.webmanifest': 'application/manifest+json',
	'.png': 'image/png',
	'.svg': 'image/svg+xml'
};

/**
 * Serves a production build the way a static host does (files, index.html for every other
 * path). `deploy()` swaps in a new service worker, byte-different from the old, as a new
 * release would, so the update flow can be tested against a real browser.
 */
export async function serveBuild(
	root: string,
	port: number
): Promise<{ deploy(marker: string): void; close(): Promise<void> }> {
	let swSuffix = '';
	const server: Server = createServer(async (request, response) => {
		const path = normalize(decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname));
		const requested = join(root, path);
		const file = requested.endsWith('/') ? join(requested, 'index.html') : requested;
		// The content type follows the file actually served: a page sent as octet-stream is a download.
		const send = (served: string, body: Buffer | string) => {
			response.writeHead(200, {
				'content-type': TYPES[extname(served)] ?? 'application/octet-stream',
				'cache-control': 'no-cache'
			});
			response.end(body);
		};
		try {
			const body = await readFile(file);
			send(file, path === '/service-worker.js' ? body.toString() + swSuffix : body);
		} catch {
			send('index.html', await readFile(join(root, 'index.html')));
		}
	});
	await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
	return {
		deploy: (marker) => void (swSuffix = `\n// release ${marker}\n`),
		close: () => new Promise((resolve) => server.close(() => resolve()))
	};
}
