import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

/** A small, clean recording: ISO times 1 s apart, three smooth channels with a little noise. */
function pumpCsv(rows: number): string {
	const lines = ['time,flow,pressure,temperature'];
	const start = Date.UTC(2026, 2, 1);
	for (let i = 0; i < rows; i++) {
		const time = new Date(start + i * 1000).toISOString();
		const flow = (30 + Math.sin(i / 6) + 0.05 * Math.cos(i * 7.3)).toFixed(4);
		const pressure = (2 + 0.2 * Math.sin(i / 9 + 1)).toFixed(4);
		const temperature = (60 + 0.5 * Math.cos(i / 15)).toFixed(3);
		lines.push(`${time},${flow},${pressure},${temperature}`);
	}
	return lines.join('\n') + '\n';
}

/**
 * Opens the Train page, imports a dataset on the Data page and comes back, all by client-side
 * navigation after the first load. (Under `vite preview` the service worker answers a reload of
 * a nested route with the root page, whose asset paths are relative: see CONTEXT.md.)
 */
async function trainPageWithDataset(page: Page, name: string): Promise<void> {
	await page.goto('/models/train');
	await expect(page.getByRole('heading', { name: 'Train a model' })).toBeVisible();
	await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Data' }).click();
	await page.getByTestId('csv-input').setInputFiles({
		name: `${name}.csv`,
		mimeType: 'text/csv',
		buffer: Buffer.from(pumpCsv(600))
	});
	await page.getByLabel('Dataset name').fill(name);
	await page.getByRole('button', { name: 'Import', exact: true }).click();
	await expect(page.getByRole('status').filter({ hasText: 'rows stored' })).toContainText(
		'600 rows stored'
	);
	await page.goBack();
	await expect(page.getByRole('heading', { name: 'Train a model' })).toBeVisible();
}

/** Chooses the dataset, all of its time, a small model on wasm, and names it. */
async function fillSmallTraining(page: Page, datasetName: string, epochs: number, model: string) {
	await page.getByRole('checkbox', { name: new RegExp(datasetName) }).check();
	await page.getByRole('radio', { name: /A time range/ }).check();
	await expect(page.getByLabel('From (UTC)')).toHaveValue('2026-03-01 00:00:00');
	await expect(page.getByRole('checkbox', { name: 'pressure', exact: true })).toBeChecked();
	await page.getByLabel('Window', { exact: true }).fill('10');
	await page.getByLabel('Units of layer 1').fill('8');
	await page.getByLabel('Epochs', { exact: true }).fill(String(epochs));
	await page.getByLabel('Patience', { exact: true }).fill(String(epochs));
	await page.getByLabel('Backend').selectOption('wasm');
	await page.getByLabel('Model name').fill(model);
}

test('trains a model on an imported dataset: validation beside fields, progress, histogram, saved version', async ({
	page
}) => {
	test.setTimeout(180_000);
	await trainPageWithDataset(page, 'pump-e2e');
	await fillSmallTraining(page, 'pump-e2e', 2, 'E2E pump model');

	// A bad value is explained beside its field by the worker's validation, and blocks training.
	await page.getByLabel('Batch size').fill('0');
	await expect(page.getByText('must be a positive integer, got 0')).toBeVisible();
	await expect(page.getByLabel('Batch size')).toHaveAttribute('aria-invalid', 'true');
	await page.getByRole('button', { name: 'Train', exact: true }).click();
	await expect(page.getByRole('alert', { name: 'Why training cannot start' })).toContainText(
		'Correct the settings marked below.'
	);
	await page.getByLabel('Batch size').fill('32');
	await expect(page.getByText('must be a positive integer, got 0')).toBeHidden();

	await page.getByRole('button', { name: 'Train', exact: true }).click();
	const result = page.getByTestId('training-result');
	const progress = page.getByTestId('training-progress');
	// Either the progress is seen, or training was already over (fast machine): both are fine,
	// but the result must come, with the backend asked for.
	await expect(progress.or(result)).toBeVisible();
	await expect(result).toBeVisible({ timeout: 120_000 });
	await expect(result).toContainText('Saved as version 1');
	await expect(result).toContainText('wasm, as chosen');
	await expect(result).toContainText('591 windows');
	const histogram = result.getByRole('img', { name: /Histogram of 591 training window scores/ });
	await expect(histogram).toHaveAttribute('data-rows', '40');

	await result.getByRole('link', { name: 'version 1' }).click();
	await expect(page).toHaveURL(/\/models\/\d+\/v\/1$/);
});

test('a training keeps running while the user is on another page, and cancel saves nothing', async ({
	page
}) => {
	test.setTimeout(180_000);
	await trainPageWithDataset(page, 'pump-long');
	await fillSmallTraining(page, 'pump-long', 500, 'Long model');
	await page.getByRole('button', { name: 'Train', exact: true }).click();
	const progress = page.getByTestId('training-progress');
	await expect(progress).toBeVisible();
	await expect(page.getByTestId('training-phase')).toContainText('Epoch', { timeout: 60_000 });
	// Isolated page (COOP/COEP from the preview server): the fused LSTM has its helper thread.
	await expect(page.getByTestId('training-backend')).toHaveText(
		'wasm, as chosen, fused LSTM on 2 threads'
	);
	await expect(page.getByTestId('training-speed')).toContainText('windows/s');
	await expect(page.getByTestId('training-eta')).toContainText('at most');

	// Away (client-side navigation: the app stays loaded, as when a user clicks around) and back.
	const epochBefore = await epochShown(page);
	await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Data' }).click();
	await expect(page).toHaveURL(/\/data$/);
	await expect(page.getByTestId('dataset-list')).toContainText('pump-long');
	await page.goBack();
	await expect(page).toHaveURL(/\/models\/train$/);
	await expect(progress).toBeVisible();
	await expect.poll(() => epochShown(page), { timeout: 60_000 }).toBeGreaterThan(epochBefore);
	await expect(page.getByRole('img', { name: /Training loss/ })).not.toHaveAttribute(
		'data-rows',
		'0'
	);

	await page.getByRole('button', { name: 'Cancel training' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'was cancelled' })).toHaveText(
		'Training “Long model” was cancelled: nothing was saved.'
	);
	// The form is back as it was, and no model was stored.
	await expect(page.getByLabel('Model name')).toHaveValue('Long model');
	await page
		.getByRole('navigation', { name: 'Main' })
		.getByRole('link', { name: 'Models' })
		.click();
	await expect(page.getByText('Long model')).toHaveCount(0);
});

/** The epoch the Train page shows now (0 before the first). */
async function epochShown(page: Page): Promise<number> {
	const text = (await page.getByTestId('training-phase').textContent()) ?? '';
	return Number(/Epoch (\d+)/.exec(text)?.[1] ?? 0);
}
