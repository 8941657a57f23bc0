// @ts-check
/**
 * Import benchmark: a generated 1,000,000-row × 8-channel CSV imported through the Data page
 * (file chooser → import worker → IndexedDB) of the production build in headless Chromium.
 *
 *   npm run bench:import [-- --rows 1000000 --no-build --no-write]
 *
 * Measures the time from "Import" to stored (parse + validate + store), rows/s, the time until the
 * dataset's overview charts are drawn, the IndexedDB usage, and CSV export of the stored dataset
 * both ways the page offers it: streamed into a file the user picked (here a file in the origin's
 * private file system, as headless Chromium cannot show the save dialog) and as a download (a
 * Blob of per-chunk Blobs). Ends with one line of JSON.
 */
import { execSync, spawn } from 'node:child_process';
import { mkdirSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright';
import { CHROMIUM_LAUNCH } from '../tests/chromium.js';
import { measuredOn, waitForServer, writeBenchSection } from './report.mjs';
import { writeLines } from './write-lines.mjs';

const { values } = parseArgs({
	options: {
		rows: { type: 'string', default: '1000000' },
		'no-build': { type: 'boolean', default: false },
		'no-write': { type: 'boolean', default: false }
	}
});
const ROWS = Number(values.rows);
const PORT = 4182;
const FILE = 'bench/out/import-1m.csv';

if (!values['no-build']) execSync('npm run build', { stdio: 'inherit' });
mkdirSync('bench/out', { recursive: true });
await generate(FILE, ROWS);
const fileMiB = statSync(FILE).size / 2 ** 20;

const server = spawn(
	process.execPath,
	['node_modules/vite/bin/vite.js', 'preview', '--port', String(PORT), '--strictPort'],
	{ stdio: 'ignore' }
);
const browser = await chromium.launch(CHROMIUM_LAUNCH);
try {
	await waitForServer(`http://localhost:${PORT}/`);
	const page = await browser.newPage();
	// The save dialog, answered with a file in the origin's private file system (OPFS).
	await page.addInitScript(() => {
		/** @param {{ suggestedName: string }} options */
		const pick = async (options) =>
			(await navigator.storage.getDirectory()).getFileHandle(options.suggestedName, {
				create: true
			});
		Object.assign(window, { showSaveFilePicker: pick });
	});
	await page.goto(`http://localhost:${PORT}/data`);
	await page.getByTestId('csv-input').setInputFiles(FILE);
	await page.getByRole('button', { name: 'Import', exact: true }).waitFor();
	const started = Date.now();
	await page.getByRole('button', { name: 'Import', exact: true }).click();
	const status = page.getByRole('status').filter({ hasText: 'rows stored' });
	await status.waitFor({ timeout: 600_000 });
	const seconds = (Date.now() - started) / 1000;
	const stored = Number(
		((await status.textContent()) ?? '').match(/([\d,]+) rows stored/)?.[1]?.replaceAll(',', '')
	);
	if (stored !== ROWS) throw new Error(`expected ${ROWS} rows stored, the page says ${stored}`);
	const usageMiB = await page.evaluate(
		async () => ((await navigator.storage.estimate()).usage ?? 0) / 2 ** 20
	);
	// Overview-chart preparation: open the dataset, until every channel's chart has its data.
	const overviewStarted = Date.now();
	await page.getByRole('link', { name: 'import-1m', exact: true }).click();
	await page.waitForFunction(
		() => {
			const charts = [...document.querySelectorAll('[data-testid="dataset-charts"] [data-rows]')];
			return charts.length === 8 && charts.every((c) => Number(c.getAttribute('data-rows')) > 0);
		},
		undefined,
		{ timeout: 600_000 }
	);
	const overviewSeconds = (Date.now() - overviewStarted) / 1000;
	const exported = await timeExports(page);
	const result = {
		rows: ROWS,
		fileMiB,
		importSeconds: seconds,
		rowsPerSecond: ROWS / seconds,
		overviewSeconds,
		indexedDbMiB: usageMiB,
		...exported,
		chromium: browser.version()
	};
	console.table(result);
	if (!values['no-write']) {
		await writeBenchSection('import', 'CSV import (Data page → import worker → IndexedDB)', [
			`Measured ${measuredOn()}, Chromium ${result.chromium} headless, production build. Command: \`npm run bench:import\`.`,
			'',
			'| rows × channels | file | import (parse + validate + store) | rows/s | overview charts ready | storage used |',
			'|---|---|---|---|---|---|',
			`| ${ROWS.toLocaleString('en')} × 8 | ${fileMiB.toFixed(0)} MiB | ${seconds.toFixed(1)} s | ${Math.round(ROWS / seconds).toLocaleString('en')} | ${overviewSeconds.toFixed(1)} s | ${usageMiB.toFixed(0)} MiB |`,
			'',
			'CSV export of the stored dataset (from the click to the file complete):',
			'',
			'| export | time | rows/s | file |',
			'|---|---|---|---|',
			`| streamed into a picked file (OPFS here) | ${exported.exportFileSeconds.toFixed(1)} s | ${Math.round(ROWS / exported.exportFileSeconds).toLocaleString('en')} | ${exported.exportFileMiB.toFixed(0)} MiB |`,
			`| download (Blob of per-chunk Blobs) | ${exported.exportDownloadSeconds.toFixed(1)} s | ${Math.round(ROWS / exported.exportDownloadSeconds).toLocaleString('en')} | ${exported.exportDownloadMiB.toFixed(0)} MiB |`
		]);
	}
	console.log(JSON.stringify({ bench: 'import', ...result }));
} finally {
	await browser.close();
	server.kill();
}

/**
 * Exports the open dataset twice from its detail page: into the picked (OPFS) file, then, with
 * the dialog removed, as a download (until Playwright has the whole file).
 * @param {import('playwright').Page} page
 */
async function timeExports(page) {
	const fileStarted = Date.now();
	await page.getByRole('button', { name: 'Export CSV' }).click();
	await page
		.getByTestId('export-status')
		.getByText(/^Saved /)
		.waitFor({ timeout: 600_000 });
	const exportFileSeconds = (Date.now() - fileStarted) / 1000;
	const exportFileMiB = await page.evaluate(async () => {
		const root = await navigator.storage.getDirectory();
		const size = (await (await root.getFileHandle('import-1m.csv')).getFile()).size;
		await root.removeEntry('import-1m.csv');
		return size / 2 ** 20;
	});
	await page.evaluate(() => Reflect.deleteProperty(window, 'showSaveFilePicker'));
	const downloadStarted = Date.now();
	const [download] = await Promise.all([
		page.waitForEvent('download', { timeout: 600_000 }),
		page.getByRole('button', { name: 'Export CSV' }).click()
	]);
	const path = await download.path();
	const exportDownloadSeconds = (Date.now() - downloadStarted) / 1000;
	const exportDownloadMiB = statSync(path).size / 2 ** 20;
	await download.delete();
	return { exportFileSeconds, exportFileMiB, exportDownloadSeconds, exportDownloadMiB };
}

/** Writes a SKAB-like CSV: ISO time, 8 channels, one label column. @param {string} path @param {number} rows */
async function generate(path, rows) {
	const start = Date.UTC(2026, 0, 1);
	await writeLines(
		path,
		'timestamp,vibration,current,pressure,temperature,flow,voltage,speed,acoustic,anomaly',
		rows,
		(i) => {
			const t = new Date(start + i * 10).toISOString();
			const s = Math.sin(i / 50);
			return `${t},${(1 + s).toFixed(4)},${(12 + s).toFixed(3)},${(3 + s / 3).toFixed(4)},${(40 + s).toFixed(3)},${(65 + 3 * s).toFixed(3)},${(230 - s).toFixed(2)},${(1460 + 9 * s).toFixed(1)},${(67 + s).toFixed(2)},0`;
		}
	);
}
