import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM_LAUNCH } from '../chromium.js';
import { expect, test, waitForServiceWorker } from './fixtures';
import { serveBuild } from './static-server';

test('the manifest names the app, its icons and the .vigil file handler', async ({ request }) => {
	const manifest = await (await request.get('/manifest.webmanifest')).json();
	expect(manifest).toMatchObject({
		name: expect.stringContaining('Vigil'),
		short_name: 'Vigil',
		display: 'standalone',
		start_url: '/'
	});
	const icons = manifest.icons as { sizes: string; purpose: string; src: string }[];
	for (const [sizes, purpose] of [
		['192x192', 'any'],
		['512x512', 'any'],
		['192x192', 'maskable'],
		['512x512', 'maskable']
	]) {
		const icon = icons.find((i) => i.sizes === sizes && i.purpose === purpose);
		expect(icon, `${purpose} icon ${sizes}`).toBeDefined();
		const response = await request.get(icon!.src);
		expect(response.headers()['content-type']).toBe('image/png');
		// PNG header: width and height at bytes 16–23 match the declared size.
		const png = await response.body();
		expect(`${png.readUInt32BE(16)}x${png.readUInt32BE(20)}`).toBe(sizes);
	}
	expect(manifest.file_handlers[0].accept['application/x-vigil-model']).toEqual(['.vigil']);
});

test('Chromium considers the app installable', async ({ playwright, baseURL }) => {
	// Installability is never granted to incognito contexts (Playwright's default): use a real
	// profile, fresh for this test.
	const profile = await mkdtemp(join(tmpdir(), 'vigil-profile-'));
	const context = await playwright.chromium.launchPersistentContext(profile, {
		...CHROMIUM_LAUNCH,
		headless: true
	});
	try {
		const page = await context.newPage();
		await page.goto(`${baseURL}/live`);
		await waitForServiceWorker(page);
		const cdp = await context.newCDPSession(page);
		const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
		expect(installabilityErrors).toEqual([]);
		const { errors } = await cdp.send('Page.getAppManifest');
		expect(errors).toEqual([]);
	} finally {
		await context.close();
		await rm(profile, { recursive: true, force: true });
	}
});

test.describe('update offer', () => {
	const PORT = 4183;
	test.use({ baseURL: `http://127.0.0.1:${PORT}` });

	test('a new release is offered, not swapped in, and applied on request', async ({ page }) => {
		const server = await serveBuild('build', PORT);
		try {
			await page.goto('/live');
			await waitForServiceWorker(page);
			await expect(page.getByTestId('update-offer')).toHaveCount(0);

			server.deploy('2');
			await page.evaluate(async () => (await navigator.serviceWorker.ready).update());
			const offer = page.getByTestId('update-offer');
			await expect(offer).toBeVisible({ timeout: 15_000 });
			// Nothing was swapped: the page keeps running its version until the user says so.
			const oldController = await page.evaluate(
				() => navigator.serviceWorker.controller?.scriptURL
			);
			expect(oldController).toContain('/service-worker.js');
			await expect(page.locator('canvas').first()).toBeVisible();

			await Promise.all([
				page.waitForEvent('load'),
				offer.getByRole('button', { name: 'Reload to update' }).click()
			]);
			await expect(page.locator('canvas').first()).toBeVisible();
			await expect(page.getByTestId('update-offer')).toHaveCount(0);
			const waiting = await page.evaluate(
				async () => (await navigator.serviceWorker.ready).waiting
			);
			expect(waiting).toBeNull();
		} finally {
			await server.close();
		}
	});
});
