import { chartRows, expect, sampleCount, test, waitForServiceWorker } from './fixtures';

test('after one visit the app loads and streams with no network', async ({ page, context }) => {
	await page.goto('/live');
	await waitForServiceWorker(page);
	await context.setOffline(true);
	await page.reload();
	await expect(page.getByTestId('network-status')).toHaveText('Offline');
	await expect(page.locator('canvas').first()).toBeVisible();
	await expect.poll(() => chartRows(page)).toBeGreaterThan(5);
	const count = await sampleCount(page);
	await expect.poll(() => sampleCount(page)).toBeGreaterThan(count);

	// A deep link into another area opens offline too (the shell is served for every route).
	await page.goto('/settings');
	await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
	await page.getByRole('link', { name: 'Live' }).click();
	await expect(page.locator('canvas').first()).toBeVisible();

	await context.setOffline(false);
	await expect(page.getByTestId('network-status')).toHaveText('Online');
});
