import { PLANNED_AREAS } from '../../src/lib/components/frame/planned-areas';
import { expect, test } from './fixtures';

const AREAS = ['Live', 'Data', 'Models', 'Alerts', 'Reports', 'Settings'];
/** Areas whose page is still "coming soon" (the app's own list of planned areas). */
const NOT_BUILT_YET = new Set(Object.values(PLANNED_AREAS).map((area) => area.title));

test('the app opens on the Live page with the simulator streaming and no console errors', async ({
	page
}) => {
	await page.goto('/');
	await expect(page).toHaveURL(/\/live$/);
	await expect(page).toHaveTitle('Live · Vigil');
	await expect(page.getByRole('link', { name: 'Live' })).toHaveAttribute('aria-current', 'page');
	await expect(page.getByTestId('network-status')).toHaveText('Online');
	await expect(page.locator('canvas').first()).toBeVisible();
});

test('every area is reachable by keyboard alone, and unbuilt areas say they are coming', async ({
	page
}) => {
	await page.goto('/live');
	for (const area of AREAS.slice(1)) {
		await page.locator('body').focus();
		// Tab from the top of the page to the area's link, then follow it with Enter.
		let found = false;
		for (let step = 0; step < 12 && !found; step++) {
			await page.keyboard.press('Tab');
			found = await page.evaluate(
				(name) => document.activeElement?.textContent?.trim() === name,
				area
			);
		}
		expect(found, `Tab reaches the ${area} link`).toBe(true);
		await expect(page.locator(':focus')).toHaveCSS('outline-style', 'solid');
		await page.keyboard.press('Enter');
		await expect(page).toHaveURL(new RegExp(`/${area.toLowerCase()}$`));
		await expect(page.getByRole('heading', { level: 1, name: area })).toBeVisible();
		if (NOT_BUILT_YET.has(area))
			await expect(page.getByText('Coming soon: this area is not built yet.')).toBeVisible();
		await expect(page.getByRole('link', { name: area })).toHaveAttribute('aria-current', 'page');
	}
});

test('the skip link moves focus past the navigation', async ({ page }) => {
	await page.goto('/data');
	await expect(page.getByRole('heading', { level: 1, name: 'Data' })).toBeVisible();
	await page.keyboard.press('Tab');
	await expect(page.getByRole('link', { name: 'Skip to content' })).toBeFocused();
	await page.keyboard.press('Enter');
	await expect(page).toHaveURL(/#main$/);
});

test('touch targets in the frame are at least 44 px on a tablet', async ({ browser }) => {
	const context = await browser.newContext({
		viewport: { width: 800, height: 1280 },
		hasTouch: true
	});
	const page = await context.newPage();
	await page.goto('/live');
	await expect(page.locator('canvas').first()).toBeVisible();
	const small = await page.evaluate(() =>
		[...document.querySelectorAll('nav a, button, select')]
			.map((element) => ({
				name: element.textContent?.trim(),
				box: element.getBoundingClientRect()
			}))
			.filter(({ box }) => box.height < 44 || box.width < 44)
			.map(({ name, box }) => `${name}: ${box.width}×${box.height}`)
	);
	expect(small).toEqual([]);
	// Portrait: the side panel moves below the charts instead of squeezing them.
	const chartWidth = await page
		.locator('[data-testid="live-charts"]')
		.evaluate((e) => e.getBoundingClientRect().width);
	expect(chartWidth).toBeGreaterThan(700);
	await context.close();
});
