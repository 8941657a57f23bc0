import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

const RATE_HZ = 1000;

/** Starts a recording on the Live page; returns the page's clock just before the click. */
async function startRecording(page: Page): Promise<{ name: string; clickedAtMs: number }> {
	await page.goto(`/live?rate=${RATE_HZ}&channels=3&backfill=0`);
	await expect(page.locator('canvas').first()).toBeVisible();
	const clickedAtMs = await page.evaluate(() => Date.now());
	await page.getByRole('button', { name: '● Record' }).click();
	await expect(page.getByRole('button', { name: /Stop recording/ })).toBeVisible();
	const name = (await page.getByTestId('recording-name').textContent())!;
	expect(name).toMatch(/^Recording \d{4}-\d\d-\d\d \d\d:\d\d$/);
	return { name, clickedAtMs };
}

/** Rows of a dataset as the Data page lists them. */
async function listedRows(page: Page, name: string): Promise<number> {
	const row = page.getByTestId('dataset-list').getByRole('row').filter({ hasText: name });
	return Number((await row.getByRole('cell').nth(1).textContent())!.replaceAll(',', ''));
}

/** Markers stored for the dataset called `name`, read straight from IndexedDB. */
async function storedMarkers(page: Page, name: string): Promise<string[]> {
	return page.evaluate(async (datasetName) => {
		const db = await new Promise<IDBDatabase>((resolve, reject) => {
			const open = indexedDB.open('vigil');
			open.onsuccess = () => resolve(open.result);
			open.onerror = () => reject(open.error);
		});
		const all = <T>(store: string) =>
			new Promise<T[]>((resolve, reject) => {
				const request = db.transaction(store).objectStore(store).getAll();
				request.onsuccess = () => resolve(request.result as T[]);
				request.onerror = () => reject(request.error);
			});
		const datasets = await all<{ id: number; name: string }>('datasets');
		const id = datasets.find((d) => d.name === datasetName)?.id;
		const segments = await all<{ datasetId: number; kind: string; note: string }>('segments');
		db.close();
		return segments.filter((s) => s.datasetId === id && s.kind === 'marker').map((s) => s.note);
	}, name);
}

test('a recording survives a crashed tab with at most one second missing', async ({
	page,
	context
}) => {
	const { name, clickedAtMs } = await startRecording(page);
	await page.getByLabel('Marker note').fill('valve closed');
	await page.getByLabel('Marker note').press('Enter');
	await expect(page.getByRole('list', { name: 'Markers in this recording' })).toContainText(
		'valve closed'
	);
	await page.waitForTimeout(3000);

	// Kill the renderer: no unload handlers, no last write, like a crash or a killed tab.
	const crashedAtMs = await page.evaluate(() => Date.now());
	const cdp = await context.newCDPSession(page);
	const crashed = page.waitForEvent('crash');
	void cdp.send('Page.crash').catch(() => undefined);
	await crashed;

	const reopened = await context.newPage();
	await reopened.goto('/data');
	await expect(
		reopened.getByRole('alert').filter({ hasText: 'recovered after the app closed unexpectedly' })
	).toContainText(name);
	await expect(reopened.getByTestId('dataset-list')).toContainText(name);
	const rows = await listedRows(reopened, name);
	// Recorded from the click (or later) to the crash; at most the last second may be missing.
	const elapsedS = (crashedAtMs - clickedAtMs) / 1000;
	expect(rows).toBeGreaterThanOrEqual(RATE_HZ * (elapsedS - 1));
	expect(rows).toBeLessThanOrEqual(RATE_HZ * (elapsedS + 0.5));
	expect(await storedMarkers(reopened, name)).toEqual(['valve closed']);
});

test('recording goes on while the user visits other pages, and stopping links to the dataset', async ({
	page
}) => {
	const { name } = await startRecording(page);
	await page.getByRole('navigation').getByRole('link', { name: 'Data' }).click();
	await expect(page).toHaveURL(/\/data$/);
	await page.waitForTimeout(1500);
	await page.getByRole('navigation').getByRole('link', { name: 'Live' }).click();
	await expect(page.getByRole('button', { name: /Stop recording/ })).toBeVisible();
	await expect
		.poll(async () =>
			Number((await page.getByTestId('recording-samples').textContent())!.replaceAll(',', ''))
		)
		.toBeGreaterThan(RATE_HZ * 1.5);

	await page.keyboard.press('r'); // the shortcut stops it
	const saved = page.getByRole('status').filter({ hasText: 'Saved:' }).getByRole('link', { name });
	await expect(saved).toBeVisible();
	const samples = Number(
		(await page.getByTestId('recording-samples').textContent())!.replaceAll(',', '')
	);
	await saved.click();
	await expect(page).toHaveURL(/\/data\/\d+$/);
	await expect(page.getByRole('heading', { name })).toBeVisible();
	await page.getByRole('navigation').getByRole('link', { name: 'Data' }).click();
	expect(await listedRows(page, name)).toBe(samples);
});
