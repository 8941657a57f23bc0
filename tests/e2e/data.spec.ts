import { expect, test } from './fixtures';

/** A SKAB-format file (`;`, CRLF, datetime, label columns) with one malformed line. */
function skabCsv(rows: number): string {
	const lines = ['datetime;Accelerometer1RMS;Current;Volume Flow RateRMS;anomaly;changepoint'];
	for (let i = 0; i < rows; i++) {
		const time = new Date(Date.UTC(2020, 2, 9, 15, 56, 30) + i * 1000)
			.toISOString()
			.slice(0, 19)
			.replace('T', ' ');
		lines.push(
			i === 3
				? 'broken line'
				: `${time};${(0.027 + i * 1e-6).toFixed(6)};${(1.2 + Math.sin(i) / 10).toFixed(4)};32.0;0.0;0.0`
		);
	}
	return lines.join('\r\n') + '\r\n';
}

test('a SKAB-format file imported through the file chooser becomes a stored dataset', async ({
	page
}) => {
	await page.goto('/data');
	await expect(page.getByText('No datasets yet')).toBeVisible();
	await page.getByTestId('csv-input').setInputFiles({
		name: 'valve-test.csv',
		mimeType: 'text/csv',
		buffer: Buffer.from(skabCsv(1500))
	});

	// The preview shows what was detected before anything is stored.
	await expect(page.getByLabel('Delimiter')).toHaveValue(';');
	await expect(page.getByLabel('Time column')).toHaveValue('0');
	await expect(page.getByLabel('Time format')).toHaveValue('datetime-no-zone');
	await expect(page.getByLabel('Role of column anomaly')).toHaveValue('label');
	await expect(page.getByLabel('Role of column Current')).toHaveValue('channel');
	await expect(page.getByRole('table', { name: 'First rows of valve-test.csv' })).toContainText(
		'Accelerometer1RMS'
	);
	await page.getByLabel('Dataset name').fill('Valve test');
	await page.getByRole('button', { name: 'Import', exact: true }).click();

	await expect(page.getByRole('status').filter({ hasText: 'rows stored' })).toContainText(
		'1,499 rows stored; 1 bad rows skipped (first: line 5'
	);
	const list = page.getByTestId('dataset-list');
	await expect(list).toContainText('Valve test');
	await expect(list).toContainText('1,499');
	await expect(list).toContainText('Accelerometer1RMS, Current, Volume Flow RateRMS');

	// It is really stored: a reload shows it again.
	await page.reload();
	await expect(page.getByTestId('dataset-list')).toContainText('Valve test');
});

test('a dataset can be renamed (Enter saves, Escape cancels) and deleted after confirmation', async ({
	page
}) => {
	await page.goto('/data');
	await page
		.getByTestId('csv-input')
		.setInputFiles({ name: 'scratch.csv', mimeType: 'text/csv', buffer: Buffer.from(skabCsv(50)) });
	await page.getByRole('button', { name: 'Import', exact: true }).click();
	const list = page.getByTestId('dataset-list');
	await expect(list).toContainText('scratch');

	await page.getByRole('button', { name: 'Rename scratch' }).click();
	await page.getByLabel('New name for scratch').fill('   ');
	await page.getByLabel('New name for scratch').press('Enter');
	await expect(
		page.getByRole('alert').filter({ hasText: 'A dataset needs a name.' })
	).toBeVisible();
	await page.getByLabel('New name for scratch').press('Escape');
	await page.getByRole('button', { name: 'Rename scratch' }).click();
	await page.getByLabel('New name for scratch').fill('Pump run 1');
	await page.getByLabel('New name for scratch').press('Enter');
	await expect(list).toContainText('Pump run 1');

	await page.getByRole('button', { name: 'Delete Pump run 1' }).click();
	await expect(
		page.getByRole('alert').filter({ hasText: 'Delete “Pump run 1” and its 49 rows?' })
	).toBeVisible();
	await page.getByRole('button', { name: 'Keep' }).click();
	await expect(list).toContainText('Pump run 1');
	await page.getByRole('button', { name: 'Delete Pump run 1' }).click();
	await page.getByRole('button', { name: 'Delete', exact: true }).click();
	await expect(page.getByText('No datasets yet')).toBeVisible();
	await page.reload();
	await expect(page.getByText('No datasets yet')).toBeVisible();
});

test('export then re-import gives identical values', async ({ page }) => {
	// The download path (browsers without a save dialog); data-fixes.spec.ts covers the dialog.
	await page.addInitScript(
		() => delete (window as { showSaveFilePicker?: unknown }).showSaveFilePicker
	);
	await page.goto('/data');
	await page.getByTestId('csv-input').setInputFiles({
		name: 'original.csv',
		mimeType: 'text/csv',
		buffer: Buffer.from(skabCsv(300))
	});
	await page.getByRole('button', { name: 'Import', exact: true }).click();
	await expect(page.getByTestId('dataset-list')).toContainText('original');

	const exportOf = async (name: string) => {
		const [download] = await Promise.all([
			page.waitForEvent('download'),
			page.getByRole('button', { name: `Export ${name} as CSV` }).click()
		]);
		expect(download.suggestedFilename()).toBe(`${name}.csv`);
		return {
			path: (await download.path())!,
			text: await (
				await download.createReadStream()
			)
				.toArray()
				.then((parts) => Buffer.concat(parts).toString('utf8'))
		};
	};
	const first = await exportOf('original');
	expect(first.text.split('\n')[0]).toBe(
		'timestamp,Accelerometer1RMS,Current,Volume Flow RateRMS,anomaly,changepoint'
	);
	expect(first.text.trim().split('\n')).toHaveLength(300); // header + 299 rows (one line was broken)

	await page
		.getByTestId('csv-input')
		.setInputFiles({ name: 'copy.csv', mimeType: 'text/csv', buffer: Buffer.from(first.text) });
	await page.getByRole('button', { name: 'Import', exact: true }).click();
	await expect(page.getByTestId('dataset-list')).toContainText('copy');
	const second = await exportOf('copy');
	expect(second.text).toBe(first.text);
});

test('a dataset opens on its detail view with a chart per channel and its statistics', async ({
	page
}) => {
	await page.goto('/data');
	await page
		.getByTestId('csv-input')
		.setInputFiles({ name: 'detail.csv', mimeType: 'text/csv', buffer: Buffer.from(skabCsv(400)) });
	await page.getByRole('button', { name: 'Import', exact: true }).click();
	await page.getByRole('link', { name: 'detail', exact: true }).click();
	await expect(page).toHaveURL(/\/data\/\d+$/);
	await expect(page.getByRole('heading', { level: 1, name: 'detail' })).toBeVisible();
	await expect(page.getByTestId('dataset-charts').locator('canvas')).toHaveCount(3);
	await expect
		.poll(() =>
			page
				.getByTestId('dataset-charts')
				.locator('[data-rows]')
				.first()
				.getAttribute('data-rows')
				.then(Number)
		)
		.toBeGreaterThan(100);
	const stats = page.getByRole('table', { name: 'Channel statistics' });
	await expect(stats).toContainText('Volume Flow RateRMS');
	// The flow column is 32.0 everywhere: min = max = mean = 32, std 0, nothing missing.
	await expect(
		stats.getByRole('row', { name: /Volume Flow RateRMS/ }).getByRole('cell')
	).toHaveText(['Volume Flow RateRMS', '—', '32.000', '32.000', '32.000', '0.000', '0.0 %']);
	await expect(page.getByText('399 rows shown')).toBeVisible();
	await page.getByRole('link', { name: '← All datasets' }).click();
	await expect(page.getByTestId('dataset-list')).toContainText('detail');
});
