import { chartRows, expect, sampleCount, test } from './fixtures';

test('the simulator streams into the charts and the readouts', async ({ page }) => {
	await page.goto('/live?rate=200&channels=4&window=10');
	await expect(page.locator('canvas')).toHaveCount(4);
	await expect.poll(() => chartRows(page)).toBeGreaterThan(50);
	const firstCount = await sampleCount(page);
	const firstReading = await page.getByTestId('readout-current').textContent();
	await expect.poll(() => sampleCount(page)).toBeGreaterThan(firstCount + 100);
	await expect.poll(() => page.getByTestId('readout-current').textContent()).not.toBe(firstReading);
});

test('pause freezes the view while samples keep arriving, and resume continues', async ({
	page
}) => {
	await page.goto('/live?rate=100&channels=2&window=10');
	await expect.poll(() => chartRows(page)).toBeGreaterThan(10);
	await page.getByRole('button', { name: /Pause/ }).click();
	await expect(page.getByRole('button', { name: /Resume/ })).toHaveAttribute(
		'aria-pressed',
		'true'
	);
	const frozen = await page.getByTestId('readout-vibration').textContent();
	const count = await sampleCount(page);
	await expect.poll(() => sampleCount(page), { timeout: 5000 }).toBeGreaterThan(count + 50);
	expect(await page.getByTestId('readout-vibration').textContent()).toBe(frozen);
	await page.keyboard.press('p'); // the keyboard shortcut resumes
	await expect(page.getByRole('button', { name: /Pause/ })).toBeVisible();
	await expect.poll(() => page.getByTestId('readout-vibration').textContent()).not.toBe(frozen);
});

test('channels can be hidden and shown, and the window changed', async ({ page }) => {
	await page.goto('/live?rate=50&channels=3');
	await expect(page.locator('canvas')).toHaveCount(3);
	await page.getByRole('checkbox', { name: 'current' }).uncheck();
	await expect(page.locator('canvas')).toHaveCount(2);
	await expect(page.getByRole('img', { name: 'Live chart of current' })).toHaveCount(0);
	await page.getByRole('checkbox', { name: 'current' }).check();
	await expect(page.locator('canvas')).toHaveCount(3);
	await page.getByLabel('Window').selectOption({ label: '10 min' });
	await expect(page.getByLabel('Window')).toHaveValue('600000');
	await expect.poll(() => chartRows(page)).toBeGreaterThan(0);
});

test('channels grouped under one name share a chart; a paused view scrolls back', async ({
	page
}) => {
	await page.goto('/live?rate=50&channels=3&window=10&backfill=60');
	await expect(page.locator('canvas')).toHaveCount(3);
	await expect(page.getByTestId('window-stats-current')).toContainText('±');
	await page.getByText('Arrange charts').click();
	for (const name of ['vibration', 'pressure']) {
		await page.getByRole('textbox', { name }).fill('pump');
		await page.getByRole('textbox', { name }).press('Enter');
	}
	await expect(page.locator('canvas')).toHaveCount(2);
	await expect(page.getByRole('img', { name: 'Live chart of pump' })).toBeVisible();
	await expect(page.getByRole('img', { name: 'Live chart of current' })).toBeVisible();

	await page.getByRole('button', { name: /Pause/ }).click();
	const slider = page.getByRole('slider', { name: /Scroll back/ });
	await slider.focus();
	await slider.press('End');
	// 60 s of backfill plus what streamed since, minus the 10 s window: a little over 50 s.
	await expect(page.getByText(/Scroll back \(/)).toHaveText(/Scroll back \(5\d s before now\)/);
});

test('each anomaly type can be injected and is listed', async ({ page }) => {
	await page.goto('/live?rate=100&channels=3');
	await page.getByLabel('Into channel').selectOption({ label: 'pressure' });
	const kinds = [
		'Spike',
		'Level shift',
		'Slow drift',
		'Stuck value',
		'Dropout',
		'Noise burst',
		'Correlation break'
	];
	for (const kind of kinds) await page.getByRole('button', { name: kind, exact: true }).click();
	const events = page.getByRole('list', { name: /Injected anomalies/ }).getByRole('listitem');
	await expect(events).toHaveCount(5); // the newest five are listed
	await expect(events.first()).toContainText('Correlation break on pressure');
});

test('bad URL settings are reported and the defaults are kept', async ({ page, watch }) => {
	await page.goto('/live?rate=99999');
	await expect(page.getByRole('alert')).toContainText('URL parameter rate=99999 ignored');
	await expect(page.getByLabel('Rate')).toHaveValue('100');
	expect(watch.consoleErrors).toEqual([]);
});
