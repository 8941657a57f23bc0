// @ts-check
/**
 * Import benchmark: a generated 1,000,000-row × 8-channel CSV imported through the Data page
 * (file chooser → import worker → IndexedDB) of the production build in headless Chromium.
 *
 *   npm run bench:import [-- --rows 1000000 --no-build --no-write]
 *
 * Measures the time from "Import" to stored, rows/s, the time until the dataset's overview charts
 * are drawn, and the IndexedDB usage. Ends with one line of JSON.
 */
import { execSync, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright';
import { CHROMIUM_LAUNCH } from '../tests/chromium.js';
import { measuredOn, waitForServer, writeBenchSection } from './report.mjs';

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
	await page.getByRole('link', { name: 'import-1m' }).click();
	await page.waitForFunction(
		() => {
			const charts = [...document.querySelectorAll('[data-testid="dataset-charts"] [data-rows]')];
			return charts.length === 8 && charts.every((c) => Number(c.getAttribute('data-rows')) > 0);
		},
		undefined,
		{ timeout: 600_000 }
	);
	const overviewSeconds = (Date.now() - overviewStarted) / 1000;
	const result = {
		rows: ROWS,
		fileMiB,
		importSeconds: seconds,
		rowsPerSecond: ROWS / seconds,
		overviewSeconds,
		indexedDbMiB: usageMiB,
		chromium: browser.version()
	};
	console.table(result);
	if (!values['no-write']) {
		await writeBenchSection('import', 'CSV import (Data page → import worker → IndexedDB)', [
			`Measured ${measuredOn()}, Chromium ${result.chromium} headless, production build. Command: \`npm run bench:import\`.`,
			'',
			'| rows × channels | file | import (parse + store) | rows/s | overview charts ready | storage used |',
			'|---|---|---|---|---|---|',
			`| ${ROWS.toLocaleString('en')} × 8 | ${fileMiB.toFixed(0)} MiB | ${seconds.toFixed(1)} s | ${Math.round(ROWS / seconds).toLocaleString('en')} | ${overviewSeconds.toFixed(1)} s | ${usageMiB.toFixed(0)} MiB |`
		]);
	}
	console.log(JSON.stringify({ bench: 'import', ...result }));
} finally {
	await browser.close();
	server.kill();
}

/** Writes a SKAB-like CSV: ISO time, 8 channels, one label column. @param {string} path @param {number} rows */
async function generate(path, rows) {
	const out = createWriteStream(path);
	out.write(
		'timestamp,vibration,current,pressure,temperature,flow,voltage,speed,acoustic,anomaly\n'
	);
	const start = Date.UTC(2026, 0, 1);
	let block = '';
	for (let i = 0; i < rows; i++) {
		const t = new Date(start + i * 10).toISOString();
		const s = Math.sin(i / 50);
		block += `${t},${(1 + s).toFixed(4)},${(12 + s).toFixed(3)},${(3 + s / 3).toFixed(4)},${(40 + s).toFixed(3)},${(65 + 3 * s).toFixed(3)},${(230 - s).toFixed(2)},${(1460 + 9 * s).toFixed(1)},${(67 + s).toFixed(2)},0\n`;
		if (block.length > 1 << 20) {
			if (!out.write(block))
				await new Promise((resolve) => out.once('drain', () => resolve(undefined)));
			block = '';
		}
	}
	out.write(block);
	await new Promise((resolve) => out.end(() => resolve(undefined)));
}
