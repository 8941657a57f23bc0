// @ts-check
/**
 * The detection benchmark's steps through the app's own pages, as a user clicks them (the same
 * labels as tests/e2e/train.spec.ts and detect.spec.ts): import a CSV on the Data page, train on
 * the Train page, score a dataset on its page's Anomaly scores panel.
 */

import { basename } from 'node:path';

/** @typedef {import('playwright').Page} Page */

const MAIN_NAV = 'Main';
/** Training the default preset on an hour of SKAB takes minutes on 2 cores: allow plenty. */
const TRAIN_TIMEOUT_MS = 30 * 60_000;
const SCORE_TIMEOUT_MS = 30 * 60_000;

/**
 * Imports one file on the Data page (reached through the main navigation) under `name` and
 * checks the stored row count. Returns the seconds from "Import" to "rows stored".
 * @param {Page} page
 * @param {{ name: string, file: string | { name: string, mimeType: string, buffer: Buffer }, rows: number }} what
 */
export async function importCsv(page, { name, file, rows }) {
	await page
		.getByRole('navigation', { name: MAIN_NAV })
		.getByRole('link', { name: 'Data' })
		.click();
	await page.getByTestId('csv-input').setInputFiles(file);
	// Earlier imports' cards stay on the page: work inside this file's card.
	const fileName = typeof file === 'string' ? basename(file) : file.name;
	const card = page.getByRole('article', { name: `Import of ${fileName}` }).last();
	await card.getByLabel('Dataset name').fill(name);
	const started = Date.now();
	await card.getByRole('button', { name: 'Import', exact: true }).click();
	const status = card.getByRole('status').filter({ hasText: /rows stored|failed|cannot/ });
	await status.waitFor({ timeout: 600_000 });
	const seconds = (Date.now() - started) / 1000;
	const text = (await status.textContent()) ?? '';
	const stored = Number(text.match(/([\d,]+) rows stored/)?.[1]?.replaceAll(',', ''));
	if (stored !== rows)
		throw new Error(`${name}: expected ${rows} rows stored, the page says "${text}"`);
	return seconds;
}

/**
 * Trains the `default` preset, unchanged, on all of `dataset` ("A time range" as offered: the
 * whole dataset) on `backend` (`auto` = "Fastest here"), saved as a new model `modelName`.
 * Measures the wall time from the Train click to the saved result and keeps the last windows/s
 * the progress showed (the result does not repeat it).
 * @param {Page} page
 * @param {{ dataset: string, backend: string, modelName: string }} what
 */
export async function trainDefault(page, { dataset, backend, modelName }) {
	await page
		.getByRole('navigation', { name: MAIN_NAV })
		.getByRole('link', { name: 'Models' })
		.click();
	await page.getByRole('link', { name: /Train a model/ }).click();
	await page.getByRole('heading', { name: 'Train a model' }).waitFor();
	// After an earlier training the page shows its result: start a fresh form.
	const another = page.getByRole('button', { name: 'Train another' });
	if (await another.isVisible()) await another.click();
	const datasetBox = page.getByRole('checkbox', { name: new RegExp(`^${dataset}\\b`) });
	if (!(await datasetBox.isChecked())) await datasetBox.check();
	await page.getByRole('radio', { name: /A time range/ }).check();
	const preset = await page.getByLabel('Preset').inputValue();
	if (preset !== 'default')
		throw new Error(`the Train page offers preset "${preset}", not default`);
	await page.getByLabel('Backend').selectOption(backend);
	await page.getByRole('radio', { name: 'A new model' }).check();
	await page.getByLabel('Model name').fill(modelName);

	const started = Date.now();
	await page.getByRole('button', { name: 'Train', exact: true }).click();
	const result = page.getByTestId('training-result');
	let windowsPerSecond = NaN;
	// Poll the progress's speed until the result shows (the last figure is the steadiest).
	while (!(await result.isVisible())) {
		if (Date.now() - started > TRAIN_TIMEOUT_MS) throw new Error(`training ${modelName} timed out`);
		const failed = page.getByRole('alert');
		if (await failed.first().isVisible()) {
			const text = await failed.first().textContent();
			if (!(await result.isVisible())) throw new Error(`training ${modelName} failed: ${text}`);
		}
		const speed = await page
			.getByTestId('training-speed')
			.textContent({ timeout: 50 })
			.catch(() => null);
		const parsed = Number(speed?.match(/([\d,]+) windows\/s/)?.[1]?.replaceAll(',', ''));
		if (parsed > 0) windowsPerSecond = parsed;
		await page.waitForTimeout(500);
	}
	const wallSeconds = (Date.now() - started) / 1000;
	const facts = await readResultFacts(page);
	return { modelName, backendAsked: backend, wallSeconds, windowsPerSecond, ...facts };
}

/** The Train page's result: epochs, training time, backend, windows. @param {Page} page */
async function readResultFacts(page) {
	const result = page.getByTestId('training-result');
	const fact = async (/** @type {string} */ term) =>
		((await result.locator(`dt:text-is("${term}") + dd`).textContent()) ?? '')
			.replace(/\s+/g, ' ')
			.trim();
	const epochsText = await fact('Epochs');
	const backendText = await fact('Backend');
	const windowsText = (await result.getByText(/windows; /).textContent()) ?? '';
	return {
		epochs: Number(epochsText.match(/^(\d+)/)?.[1]),
		bestEpoch: Number(epochsText.match(/best (\d+)/)?.[1]),
		stoppedEarly: epochsText.includes('stopped early'),
		epochsText,
		trainingTimeText: await fact('Training time'),
		backend: backendText.split(',')[0]?.trim() ?? '',
		backendText,
		windows: Number(windowsText.match(/([\d,]+) windows/)?.[1]?.replaceAll(',', '')),
		threshold: Number(await result.getByTestId('threshold').textContent())
	};
}

/**
 * Scores dataset `dataset` with the version labelled `versionLabel` on the dataset's page, twice:
 * the first run on this device also times every backend for the model's shape (the choice is
 * then kept in IndexedDB), the second opens with the kept choice. Each from the Score click
 * until its stored result is shown, with its phases as the panel showed them.
 * @param {Page} page
 * @param {{ dataset: string, versionLabel: RegExp, rows: number }} what
 */
export async function scoreDataset(page, { dataset, versionLabel, rows }) {
	await page
		.getByRole('navigation', { name: MAIN_NAV })
		.getByRole('link', { name: 'Data' })
		.click();
	await page.getByRole('link', { name: dataset, exact: true }).click();
	const panel = page.getByTestId('scoring-panel');
	const select = panel.getByLabel('Model version');
	// The versions arrive from IndexedDB after the panel shows.
	let labels = /** @type {string[]} */ ([]);
	let label;
	for (const started = Date.now(); !label && Date.now() - started < 30_000;) {
		await page.waitForTimeout(200);
		labels = (await select.locator('option').allTextContents()).map((l) => l.trim());
		label = labels.find((l) => versionLabel.test(l));
	}
	if (!label) throw new Error(`no version matching ${versionLabel} among ${labels.join(' | ')}`);
	await select.selectOption({ label });
	return [await scoreOnce(page, rows), await scoreOnce(page, rows)];
}

/**
 * One Score click on the open dataset page until its result is shown.
 * @param {Page} page @param {number} rows
 */
async function scoreOnce(page, rows) {
	const panel = page.getByTestId('scoring-panel');
	// Watched inside the page (every 20 ms, no round trips): when each phase first shows.
	const watch = page.evaluate(watchScoringPanel, SCORE_TIMEOUT_MS);
	const started = Date.now();
	await panel.getByRole('button', { name: 'Score', exact: true }).click();
	const marks = await watch;
	if (marks.failed) throw new Error(`batch scoring failed: ${marks.failed}`);
	const seconds = (Date.now() - started) / 1000;
	const text = ((await panel.getByText(/^\s*Scored with/).textContent()) ?? '').replace(
		/\s+/g,
		' '
	);
	// From the first progress (one block scored) to "Saving…": the steady scoring rate.
	// (A save shorter than the 20 ms poll is never seen: count it as scoring.)
	const savingMs = Number.isNaN(marks.savingMs) ? marks.doneMs : marks.savingMs;
	const scoringS = (savingMs - marks.firstProgressMs) / 1000;
	return {
		rows,
		seconds,
		rowsPerSecond: rows / seconds,
		openingS: marks.firstProgressMs / 1000,
		scoringS,
		firstProgressRows: marks.firstProgressRows,
		steadyRowsPerSecond: (rows - marks.firstProgressRows) / scoringS,
		savingS: (marks.doneMs - savingMs) / 1000,
		engineSeconds: (await storedScoreMs(page)) / 1000,
		backend: text.match(/UTC \((\w+)\)/)?.[1] ?? '',
		spans: Number(text.match(/(\d+) spans? above/)?.[1])
	};
}

/**
 * Runs in the page: resolves with the ms (after its start) at which the scoring panel first
 * showed a row count, "Saving…", and the stored result ("Scored with"), or why it failed.
 * @param {number} timeoutMs
 * @returns {Promise<{ firstProgressMs: number, firstProgressRows: number, savingMs: number, doneMs: number, failed?: string }>}
 */
function watchScoringPanel(timeoutMs) {
	const panel = document.querySelector('[data-testid="scoring-panel"]');
	const started = performance.now();
	const marks = { firstProgressMs: NaN, firstProgressRows: NaN, savingMs: NaN, doneMs: NaN };
	let sawRunning = false;
	return new Promise((resolve) => {
		const timer = setInterval(() => {
			const now = performance.now() - started;
			const text = panel?.textContent ?? '';
			const progress = text.match(/([\d,]+) of [\d,]+ rows/);
			if (progress && Number.isNaN(marks.firstProgressMs)) {
				marks.firstProgressMs = now;
				marks.firstProgressRows = Number(progress[1]?.replaceAll(',', ''));
			}
			if (text.includes('Saving…') && Number.isNaN(marks.savingMs)) marks.savingMs = now;
			// A result shown before this run (a repeat) stays up while it runs: done is a result
			// shown after the progress bar has come and gone.
			const running = panel?.querySelector('progress') !== null;
			sawRunning ||= running;
			const alert = panel?.querySelector('[role="alert"]')?.textContent;
			if ((sawRunning && !running && text.includes('Scored with')) || alert || now > timeoutMs) {
				clearInterval(timer);
				marks.doneMs = now;
				resolve(alert || now > timeoutMs ? { ...marks, failed: alert ?? 'timed out' } : marks);
			}
		}, 20);
	});
}

/**
 * `scoreMs` of the newest stored batch-scoring result (db/scores.ts: a settings row per dataset
 * and version): the engine's own time in its score calls, to set beside the wall time.
 * @param {Page} page
 */
async function storedScoreMs(page) {
	return page.evaluate(
		() =>
			new Promise((resolve, reject) => {
				const open = indexedDB.open('vigil');
				open.onerror = () => reject(open.error);
				open.onsuccess = () => {
					const range = IDBKeyRange.bound('batch-scores|', 'batch-scores|\uffff');
					const request = open.result.transaction('settings').objectStore('settings').getAll(range);
					request.onsuccess = () => {
						open.result.close();
						const rows = request.result.map((/** @type {any} */ r) => r.value);
						rows.sort((/** @type {any} */ a, /** @type {any} */ b) => b.createdAt - a.createdAt);
						resolve(Number(rows[0]?.scoreMs));
					};
				};
			})
	);
}
