import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { unzipSync } from 'fflate';
import type { Page } from '@playwright/test';
import { expect, test, waitForServiceWorker } from './fixtures';

/**
 * A SKAB-format file: `;`, datetime, three channels and two label columns. The values are
 * pseudo-random in their last digits, so Chromium's value compression cannot shrink them much.
 */
function skabCsv(rows: number): string {
	const lines = ['datetime;Accelerometer1RMS;Current;Volume Flow RateRMS;anomaly;changepoint'];
	for (let i = 0; i < rows; i++) {
		const time = new Date(Date.UTC(2020, 2, 9, 12, 0, 0) + i * 1000)
			.toISOString()
			.slice(0, 19)
			.replace('T', ' ');
		lines.push(
			`${time};${(0.027 + noise(i) / 100).toFixed(6)};${(1.2 + noise(i + 7)).toFixed(6)};32.0;${i % 50 === 0 ? 1 : 0};0`
		);
	}
	return lines.join('\n') + '\n';
}

/** A fixed pseudo-random number in [0, 1) for each `i` (Knuth's multiplicative hash). */
function noise(i: number): number {
	return ((Math.imul(i + 1, 2654435761) >>> 0) % 1_000_000) / 1_000_000;
}

// Playwright cannot answer the native save dialog, so the download path is the one tested here
// (the save-dialog path writes through a file handle: see backup-worker.browser.test.ts).
test.beforeEach(async ({ page }) => {
	await page.addInitScript(() => {
		Object.defineProperty(window, 'showSaveFilePicker', { value: undefined, configurable: true });
	});
});

async function importCsv(page: Page, name: string, rows: number): Promise<void> {
	await page.goto('/data');
	await page.getByTestId('csv-input').setInputFiles({
		name: `${name}.csv`,
		mimeType: 'text/csv',
		buffer: Buffer.from(skabCsv(rows))
	});
	await page.getByRole('button', { name: 'Import', exact: true }).click();
	await expect(page.getByRole('status').filter({ hasText: 'rows stored' })).toBeVisible();
}

async function exportCsv(page: Page, name: string): Promise<string> {
	await page.goto('/data');
	const [download] = await Promise.all([
		page.waitForEvent('download'),
		page.getByRole('button', { name: `Export ${name} as CSV` }).click()
	]);
	return readFileSync((await download.path())!, 'utf8');
}

/** Backs up from the Settings page; returns the downloaded file's path. */
async function backUp(page: Page): Promise<string> {
	await page.goto('/settings');
	const [download] = await Promise.all([
		page.waitForEvent('download'),
		page.getByRole('button', { name: 'Back up workspace' }).click()
	]);
	expect(download.suggestedFilename()).toMatch(/^vigil-backup-\d{4}-\d{2}-\d{2}\.zip$/);
	await expect(page.getByTestId('backup-result')).toContainText('Downloaded vigil-backup-');
	return (await download.path())!;
}

async function deleteDataset(page: Page, name: string): Promise<void> {
	await page.goto('/data');
	await page.getByRole('button', { name: `Delete ${name}` }).click();
	await page.getByRole('button', { name: 'Delete', exact: true }).click();
	await expect(page.getByText('No datasets yet')).toBeVisible();
}

async function restoreFrom(page: Page, path: string): Promise<void> {
	await page.goto('/settings');
	await page.getByTestId('restore-input').setInputFiles(path);
	await expect(page.getByTestId('restore-confirm')).toContainText('Replace the current workspace?');
	await page.getByRole('button', { name: 'Replace workspace' }).click();
}

test('back up, delete, restore: the dataset comes back with identical values', async ({ page }) => {
	await importCsv(page, 'Valve backup', 500);
	const original = await exportCsv(page, 'Valve backup');

	await page.goto('/settings');
	await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
	await expect(page.getByTestId('storage-estimate')).toContainText('This site uses');
	// 500 rows × (8 bytes of time + 3 channels × 4 + 2 labels × 1) = 11,000 bytes.
	await expect(
		page.getByTestId('storage-items').getByRole('row', { name: /Valve backup/ })
	).toContainText(['Dataset', 'Valve backup', '500 rows', '11 KiB'].join(''));
	// Chromium answers by its own heuristics (engagement, installed app): either answer is
	// explained, and the status line agrees with it.
	await expect(page.getByTestId('persist-status')).toContainText('Not persistent');
	await page.getByRole('button', { name: "Ask the browser to keep Vigil's data" }).click();
	const answer = page.getByRole('status').filter({ hasText: /^(Granted|The browser said no)/ });
	await expect(answer).toBeVisible();
	await expect(page.getByTestId('persist-status')).toContainText(
		(await answer.textContent())!.startsWith('Granted') ? 'Persistent:' : 'Not persistent:'
	);

	const backupPath = await backUp(page);
	await expect(page.getByTestId('backup-result')).toContainText(
		'1 dataset, 0 models with 0 versions'
	);
	// An independent reader (fflate, Node's SHA-256) agrees with the manifest part by part.
	const files = unzipSync(readFileSync(backupPath));
	const manifest = JSON.parse(Buffer.from(files['manifest.json']!).toString('utf8'));
	expect(manifest).toMatchObject({ format: 'vigil-backup', formatVersion: 1 });
	expect(manifest.tables.datasets).toBe(1);
	for (const part of manifest.parts as { path: string; sha256: string }[]) {
		expect(createHash('sha256').update(files[part.path]!).digest('hex'), part.path).toBe(
			part.sha256
		);
	}

	await deleteDataset(page, 'Valve backup');
	await page.goto('/settings');
	await expect(page.getByText('No datasets or models are stored yet.')).toBeVisible();

	await page.getByTestId('restore-input').setInputFiles(backupPath);
	const confirm = page.getByTestId('restore-confirm');
	await expect(confirm).toContainText('1 dataset (Valve backup: 500 rows)');
	await expect(confirm).toContainText('Its 0 datasets (0 B), 0 model versions');
	// Keeping the workspace changes nothing; then restore for real.
	await page.getByRole('button', { name: 'Keep current workspace' }).click();
	await expect(confirm).toBeHidden();
	await restoreFrom(page, backupPath);
	await expect(page.getByTestId('restore-result')).toContainText(
		'1 dataset (500 rows), 0 models with 0 versions'
	);
	await expect(page.getByTestId('storage-items')).toContainText('Valve backup');

	expect(await exportCsv(page, 'Valve backup')).toBe(original);
});

test('a damaged backup is refused by name and the workspace stays as it was', async ({ page }) => {
	await importCsv(page, 'Damaged', 300);
	const original = await exportCsv(page, 'Damaged');
	const bytes = readFileSync(await backUp(page));
	// Flip one byte inside the first chunk's data (just after its local header and name).
	const name = bytes.indexOf('datasets/');
	const end = bytes.indexOf('.bin', name) + 4;
	const partName = bytes.subarray(name, end).toString('utf8');
	bytes[end + 40]! ^= 0xff;
	const damaged = test.info().outputPath('damaged.zip');
	writeFileSync(damaged, bytes);

	await restoreFrom(page, damaged);
	await expect(page.getByTestId('restore-result')).toHaveText(
		`${partName}: SHA-256 mismatch (the file is damaged). Nothing was changed: the workspace is as it was.`
	);
	await page.getByTestId('restore-input').setInputFiles({
		name: 'notes.zip',
		mimeType: 'application/zip',
		buffer: Buffer.from('not a zip')
	});
	await expect(page.getByTestId('restore-result')).toContainText(
		'notes.zip: no end-of-archive record: the file is truncated'
	);
	expect(await exportCsv(page, 'Damaged')).toBe(original);
});

test('running out of quota mid-restore is explained and leaves nothing half-written', async ({
	page
}) => {
	test.setTimeout(120_000);
	await importCsv(page, 'Big', 20_000);
	const original = await exportCsv(page, 'Big');
	const backupPath = await backUp(page);
	// A real QuotaExceededError from Chromium: a CDP quota override 20 kB above what is used now,
	// so the restore's staged copy of the samples (440 kB) cannot fit beside the current data.
	// Chromium's IndexedDB caches the space left for about 30 s after it last asked (measured:
	// an override 16 s after a write did not bite yet, 32 s after it did), hence the wait.
	await waitForServiceWorker(page);
	const usage = await page.evaluate(async () => (await navigator.storage.estimate()).usage ?? 0);
	const cdp = await page.context().newCDPSession(page);
	const origin = new URL(page.url()).origin;
	await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: usage + 20_000 });
	await page.waitForTimeout(32_000);

	await page.getByTestId('restore-input').setInputFiles(backupPath);
	await page.getByRole('button', { name: 'Replace workspace' }).click();
	await expect(page.getByTestId('restore-result')).toContainText(
		'The browser ran out of storage space while restoring. Nothing was changed'
	);
	await expect(page.getByRole('link', { name: 'persistent storage' })).toBeVisible();

	await cdp.send('Storage.overrideQuotaForOrigin', { origin });
	expect(await exportCsv(page, 'Big')).toBe(original);
	// Only the one dataset is stored: the staged copy was removed.
	await page.goto('/settings');
	await expect(page.getByTestId('storage-items').getByRole('row')).toHaveCount(1 + 1 + 2);
});
