import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

/**
 * The Data area past the plain import: correcting the detected format, the validation report,
 * fixes as a new version, segments brushed on the chart, and export into a file the user picked.
 * Every file is generated here.
 */

/** Relative times in seconds under a name that does not say so: sniffed as milliseconds. */
function relativeSecondsCsv(rows: number): string {
	const lines = ['time,flow,pressure'];
	for (let i = 0; i < rows; i++)
		lines.push(`${i * 0.5},${(1 + i / 100).toFixed(2)},${(3 - i / 1000).toFixed(3)}`);
	return lines.join('\n') + '\n';
}

/**
 * A 10 ms recording with rows out of order, repeated timestamps, a 5 s gap, missing values and a
 * constant channel.
 */
function messyCsv(rows: number): string {
	const times: number[] = [];
	let t = Date.UTC(2026, 0, 1);
	for (let i = 0; i < rows; i++) {
		t += i % 97 === 5 ? 0 : i === 300 ? 5_000 : 10;
		times.push(t);
	}
	for (let i = 50; i + 1 < rows; i += 400) [times[i], times[i + 1]] = [times[i + 1]!, times[i]!];
	const lines = ['timestamp,flow,pressure,flat'];
	for (let i = 0; i < rows; i++) {
		const flow = i % 50 === 7 ? '' : (30 + Math.sin(i / 10)).toFixed(3);
		lines.push(`${new Date(times[i]!).toISOString()},${flow},${(2 + i / 1000).toFixed(4)},7`);
	}
	return lines.join('\n') + '\n';
}

async function importFile(page: Page, name: string, text: string) {
	await page.goto('/data');
	await page
		.getByTestId('csv-input')
		.setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(text) });
}

async function importAndOpen(page: Page, name: string, text: string) {
	await importFile(page, name, text);
	await page.getByRole('button', { name: 'Import', exact: true }).click();
	await expect(page.getByRole('status').filter({ hasText: 'rows stored' })).toBeVisible();
	await page
		.getByRole('link', { name: name.replace('.csv', ''), exact: true })
		.first()
		.click();
	await expect(page.getByTestId('dataset-charts').locator('canvas').first()).toBeVisible();
}

test('the detected delimiter and time format can be corrected in the preview before importing', async ({
	page
}) => {
	await importFile(page, 'relative.csv', relativeSecondsCsv(201));
	const table = page.getByRole('table', { name: 'First rows of relative.csv' });
	await expect(page.getByLabel('Delimiter')).toHaveValue(',');
	await expect(page.getByLabel('Time format')).toHaveValue('relative-ms');

	// A wrong delimiter: one column of text, no channel; the preview says so and refuses.
	await page.getByLabel('Delimiter').selectOption(';');
	await expect(table.getByRole('columnheader')).toHaveCount(1);
	await expect(page.getByText('At least one column must be a channel.').first()).toBeVisible();
	await expect(page.getByRole('button', { name: 'Import', exact: true })).toBeDisabled();
	await page.getByLabel('Delimiter').selectOption(',');
	await expect(table.getByRole('columnheader')).toHaveCount(3);

	// The times are seconds, starting at a known moment.
	await page.getByLabel('Time format').selectOption('relative-s');
	await expect(page.getByText('≈ 2 Hz, from the first rows')).toBeVisible();
	await page.getByLabel('Start time (UTC)').fill('not a date');
	await page.getByLabel('Start time (UTC)').press('Enter');
	// The problem is shown beside the field and announced as its description.
	await expect(page.getByLabel('Start time (UTC)')).toHaveAccessibleDescription(
		/The start time is not a date/
	);
	await expect(page.getByLabel('Start time (UTC)')).toHaveAttribute('aria-invalid', 'true');
	await page.getByLabel('Start time (UTC)').fill('2026-02-01 08:00:00');
	await page.getByLabel('Start time (UTC)').press('Enter');
	await page.getByLabel('Unit of flow').fill('l/min');
	await page.getByLabel('Unit of flow').press('Enter');
	await page.getByRole('button', { name: 'Import', exact: true }).click();

	await expect(page.getByRole('status').filter({ hasText: 'rows stored' })).toContainText(
		'201 rows stored'
	);
	const list = page.getByTestId('dataset-list');
	await expect(list.getByRole('row', { name: /relative/ })).toContainText('100 s');
	await page.getByRole('link', { name: 'relative', exact: true }).click();
	await expect(page.getByText('from 2026-02-01 08:00:00 to 2026-02-01 08:01:40')).toBeVisible();
	await expect(
		page.getByRole('table', { name: 'Channel statistics' }).getByRole('row', { name: /flow/ })
	).toContainText('l/min');
});

test('a file without a time column imports at the sample rate the user gives', async ({ page }) => {
	const lines = ['a;b', ...Array.from({ length: 100 }, (_, i) => `${i};${i * 2}`)];
	await importFile(page, 'untimed.csv', lines.join('\n') + '\n');
	await page.getByLabel('Time column').selectOption('-1');
	await expect(page.getByLabel('Sample rate (Hz)')).toHaveAccessibleDescription(
		/Without a time column the rows need a sample rate/
	);
	await page.getByLabel('Sample rate (Hz)').fill('0');
	await page.getByLabel('Sample rate (Hz)').press('Enter');
	await expect(page.getByRole('button', { name: 'Import', exact: true })).toBeDisabled();
	await page.getByLabel('Sample rate (Hz)').fill('50');
	await page.getByLabel('Sample rate (Hz)').press('Enter');
	await page.getByRole('button', { name: 'Import', exact: true }).click();
	await expect(page.getByRole('status').filter({ hasText: 'rows stored' })).toContainText(
		'100 rows stored'
	);
	// 100 rows at 50 Hz: 1.98 s from the first to the last.
	await expect(
		page.getByTestId('dataset-list').getByRole('row', { name: /untimed/ })
	).toContainText('2 s');
});

test('a messy dataset shows its validation report; fixes create a new version under it and keep the original', async ({
	page
}) => {
	await importAndOpen(page, 'messy.csv', messyCsv(1_000));
	const issues = page.getByRole('table', { name: 'Validation issues' });
	await expect(issues.getByRole('row', { name: /Repeated timestamps/ })).toContainText('11');
	await expect(issues.getByRole('row', { name: /Time goes back/ })).toContainText('row 52');
	await expect(issues.getByRole('row', { name: /Gaps/ })).toContainText('2026-01-01 00:00:07.960');
	await expect(issues.getByRole('row', { name: /Constant channel/ })).toContainText('flat');
	await page.getByLabel('Level').selectOption('basic');
	await expect(issues.getByRole('row', { name: /Gaps/ })).toHaveCount(0);

	// Pre-checked from the report: sort, drop repeats, interpolate, drop the constant channel.
	await expect(page.getByLabel('Sort rows by time')).toBeChecked();
	await expect(page.getByLabel('flat (constant)')).toBeChecked();
	await page.getByRole('button', { name: 'Create fixed version' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Created' })).toContainText(
		'Created “messy (fixed)” with 989 rows'
	);
	await page.getByRole('link', { name: 'Open the new version' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('messy (fixed)');
	await expect(page.getByTestId('lineage')).toContainText('Fixed version of messy');
	await expect(issues.getByRole('row', { name: /Repeated timestamps|Time goes back/ })).toHaveCount(
		0
	);
	await expect(page.getByTestId('dataset-charts').locator('canvas')).toHaveCount(2);

	// Listed under its original; the original is unchanged.
	await page.getByRole('link', { name: '← All datasets' }).click();
	const rows = page.getByTestId('dataset-list').getByRole('row');
	await expect(rows.nth(1)).toContainText('messy');
	await expect(rows.nth(2)).toContainText('messy (fixed)');
	await expect(rows.nth(2)).toContainText('version of messy');
	await expect(rows.nth(1)).toContainText('1,000');
	await expect(rows.nth(1)).toContainText('flow, pressure, flat');
	await page.getByRole('link', { name: 'messy', exact: true }).click();
	await expect(
		page
			.getByRole('table', { name: 'Validation issues' })
			.getByRole('row', { name: /Repeated timestamps/ })
	).toBeVisible();
});

test('a segment brushed on the chart is saved, listed and still there after a reload', async ({
	page
}) => {
	await importAndOpen(page, 'brush.csv', messyCsv(600));
	await page.getByRole('button', { name: 'Mark segment' }).click();
	const plot = page.getByTestId('dataset-charts').locator('.u-over').first();
	const box = (await plot.boundingBox())!;
	await page.mouse.move(box.x + box.width * 0.2, box.y + box.height / 2);
	await page.mouse.down();
	await page.mouse.move(box.x + box.width * 0.4, box.y + box.height / 2, { steps: 5 });
	await page.mouse.up();
	const form = page.getByRole('form', { name: 'New segment' });
	await expect(form).toBeVisible();
	await form.getByLabel('Kind').selectOption('maintenance');
	await form.getByLabel('Note').fill('pump swap');
	await form.getByRole('button', { name: 'Save segment' }).click();
	const list = page.getByTestId('segment-list');
	await expect(list).toContainText('maintenance');
	await expect(list).toContainText('pump swap');

	// The keyboard way: typed times.
	await page.getByRole('button', { name: 'Type a segment’s times…' }).click();
	await form.getByLabel('Start (UTC)').fill('2026-01-01 00:00:01');
	await form.getByLabel('End (UTC)').fill('2026-01-01 00:00:00');
	await form.getByRole('button', { name: 'Save segment' }).click();
	await expect(form.getByRole('alert')).toHaveText('The end must come after the start.');
	await form.getByLabel('End (UTC)').fill('2026-01-01 00:00:02');
	await form.getByLabel('Kind').selectOption('ignore');
	await form.getByRole('button', { name: 'Save segment' }).click();
	await expect(list.getByRole('listitem')).toHaveCount(2);

	await page.reload();
	await expect(page.getByTestId('segment-list').getByRole('listitem')).toHaveCount(2);
	await expect(page.getByTestId('segment-list')).toContainText('pump swap');

	// Delete, then undo.
	await page.getByRole('button', { name: /Delete the ignore segment/ }).click();
	await expect(page.getByTestId('segment-list').getByRole('listitem')).toHaveCount(1);
	await page.getByRole('button', { name: 'Undo' }).click();
	await expect(page.getByTestId('segment-list').getByRole('listitem')).toHaveCount(2);
});

test('export streams into the file the user picked, with the same text as the download', async ({
	page
}) => {
	// The save dialog answered with a file in the origin's private file system (headless
	// Chromium cannot show the dialog): the real FileSystemWritableFileStream path.
	await page.addInitScript(() => {
		(window as unknown as { showSaveFilePicker: unknown }).showSaveFilePicker = async (options: {
			suggestedName: string;
		}) =>
			(await navigator.storage.getDirectory()).getFileHandle(options.suggestedName, {
				create: true
			});
	});
	await importAndOpen(page, 'streamed.csv', messyCsv(9_000));
	await page.getByRole('button', { name: 'Export CSV' }).click();
	await expect(page.getByTestId('export-status')).toContainText('Saved 9,000 rows');
	await expect(page.getByTestId('export-status')).toContainText('to streamed.csv');
	const streamed = await page.evaluate(async () => {
		const root = await navigator.storage.getDirectory();
		return (await (await root.getFileHandle('streamed.csv')).getFile()).text();
	});
	expect(streamed.split('\n')[0]).toBe('timestamp,flow,pressure,flat');
	expect(streamed.trim().split('\n')).toHaveLength(9_001);

	// Without the dialog: a download of the same bytes.
	await page.evaluate(() => delete (window as { showSaveFilePicker?: unknown }).showSaveFilePicker);
	const [download] = await Promise.all([
		page.waitForEvent('download'),
		page.getByRole('button', { name: 'Export CSV' }).click()
	]);
	const downloaded = Buffer.concat(await (await download.createReadStream()).toArray()).toString();
	expect(downloaded).toBe(streamed);
});
