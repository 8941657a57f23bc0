import { test as base, expect, type Page } from '@playwright/test';

/**
 * Every end-to-end test runs with two watchers: the page may log no console error, and no
 * request (from pages or the service worker) may leave the app's own origin.
 */
export const test = base.extend<{
	watch: { consoleErrors: string[]; requests: string[] };
	/** Console errors a test expects (the browser's own log of a refused WebSocket, say). */
	expectedConsoleErrors: RegExp[];
}>({
	expectedConsoleErrors: [[], { option: true }],
	watch: [
		async ({ context, baseURL, expectedConsoleErrors }, use) => {
			const consoleErrors: string[] = [];
			const requests: string[] = [];
			context.on('request', (request) => requests.push(request.url()));
			context.on('page', (page) => {
				page.on('console', (message) => {
					if (message.type() === 'error') consoleErrors.push(message.text());
				});
				page.on('pageerror', (error) => consoleErrors.push(`${error.name}: ${error.message}`));
			});
			await use({ consoleErrors, requests });
			const origin = new URL(baseURL!).origin;
			const foreign = requests.filter(
				(url) =>
					!url.startsWith('data:') && !url.startsWith('blob:') && new URL(url).origin !== origin
			);
			expect(foreign, 'requests to other origins').toEqual([]);
			const unexpected = consoleErrors.filter(
				(text) => !expectedConsoleErrors.some((pattern) => pattern.test(text))
			);
			expect(unexpected, 'console errors').toEqual([]);
		},
		{ auto: true }
	]
});

export { expect };

/** Waits until the page is controlled by the app's service worker (precache complete). */
export async function waitForServiceWorker(page: Page): Promise<void> {
	await page.evaluate(async () => {
		await navigator.serviceWorker.ready;
		if (navigator.serviceWorker.controller) return;
		await new Promise<void>((resolve) =>
			navigator.serviceWorker.addEventListener('controllerchange', () => resolve(), { once: true })
		);
	});
}

/** The number of rows the first live chart holds now. */
export async function chartRows(page: Page): Promise<number> {
	return Number(await page.locator('[data-rows]').first().getAttribute('data-rows'));
}

/** The sample counter as a number. */
export async function sampleCount(page: Page): Promise<number> {
	return Number((await page.getByTestId('sample-count').textContent())!.replaceAll(',', ''));
}
