// @ts-check
/**
 * How every test and benchmark launches Debian's Chromium (see shared/BROWSER.md).
 * Playwright never downloads a browser here: it drives /usr/bin/chromium.
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Flags that keep Chromium off the network and give it WebGPU (SwiftShader) in workers. */
export const CHROMIUM_ARGS = [
	'--no-sandbox',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--no-first-run',
	'--disable-quic',
	'--enable-unsafe-webgpu',
	'--enable-unsafe-swiftshader'
];

/** Launch options for Playwright's `chromium.launch` and Vitest's browser provider. */
export const CHROMIUM_LAUNCH = { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS };
