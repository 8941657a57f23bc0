import type { Page } from '@playwright/test';
import type { NewModelVersion } from '../../src/lib/db/models';
import type { EpochLoss } from '../../src/lib/components/models/training-history-options';
import {
	SAMPLE_CHANNELS,
	sampleLossHistory,
	sampleVersion
} from '../../src/lib/db/model-test-fixtures';
import { PRESETS } from '../../src/lib/ml/presets';
import { expect, test } from './fixtures';

/**
 * Nothing trains in the app yet, so the model is written the way the Train page will leave it:
 * rows in the app's own IndexedDB (`vigil`), with raw IndexedDB calls and the table names of
 * db/schema.ts. The training dataset is imported through the Data page for real, so the
 * lineage link and hash check run against a real dataset.
 */

const HISTORY_EPOCHS = 12;

function csv(rows: number): string {
	const lines = [`time,${SAMPLE_CHANNELS.join(',')}`];
	for (let i = 0; i < rows; i++) {
		const t = new Date(Date.UTC(2026, 2, 1, 8) + i * 1000).toISOString();
		lines.push(`${t},${(4.2 + Math.sin(i / 9) / 3).toFixed(3)},${31 + (i % 7)},${60 + i / 100}`);
	}
	return lines.join('\n') + '\n';
}

async function importDataset(page: Page): Promise<{ id: number; sha256: string }> {
	await page.goto('/data');
	await page.getByTestId('csv-input').setInputFiles({
		name: 'pump-normal.csv',
		mimeType: 'text/csv',
		buffer: Buffer.from(csv(600))
	});
	await page.getByLabel('Dataset name').fill('Pump normal run');
	await page.getByRole('button', { name: 'Import', exact: true }).click();
	await expect(page.getByRole('status').filter({ hasText: 'rows stored' })).toContainText(
		'600 rows stored'
	);
	return page.evaluate(async () => {
		const db = await new Promise<IDBDatabase>((resolve, reject) => {
			const request = indexedDB.open('vigil');
			request.onsuccess = () => resolve(request.result);
			request.onerror = () => reject(request.error);
		});
		const rows = await new Promise<{ id: number; name: string; sha256: string }[]>((resolve) => {
			const request = db.transaction('datasets').objectStore('datasets').getAll();
			request.onsuccess = () => resolve(request.result);
		});
		db.close();
		const row = rows.find((r) => r.name === 'Pump normal run')!;
		return { id: row.id, sha256: row.sha256 };
	});
}

/**
 * Writes a model and its versions, each with 4 KiB of weights and, when `history` is given, the
 * training run that produced it.
 */
async function seedModel(
	page: Page,
	name: string,
	versions: { fields: NewModelVersion; history: EpochLoss[] | null }[]
) {
	await page.evaluate(
		async ({ name, versions }) => {
			const db = await new Promise<IDBDatabase>((resolve, reject) => {
				const request = indexedDB.open('vigil');
				request.onsuccess = () => resolve(request.result);
				request.onerror = () => reject(request.error);
			});
			const tables = ['models', 'modelVersions', 'modelArtifacts', 'trainingRuns'];
			const tx = db.transaction(tables, 'readwrite');
			const add = (table: string, row: object) =>
				new Promise<number>((resolve, reject) => {
					const request = tx.objectStore(table).add(row);
					request.onsuccess = () => resolve(request.result as number);
					request.onerror = () => reject(request.error);
				});
			const start = Date.now() - 3_600_000;
			const modelId = await add('models', {
				name,
				notes: '',
				createdAt: start,
				updatedAt: start + versions.length * 60_000
			});
			for (const [i, { fields, history }] of versions.entries()) {
				const createdAt = start + (i + 1) * 60_000;
				await add('modelArtifacts', {
					key: fields.artifactKey,
					modelTopology: { class_name: 'Sequential', config: { layers: [] } },
					weightSpecs: [],
					weightData: new ArrayBuffer(4096),
					format: 'layers-model',
					generatedBy: null,
					convertedBy: null,
					trainingConfig: null,
					userDefinedMetadata: null,
					weightsSha256: '',
					savedAt: createdAt
				});
				const versionId = await add('modelVersions', {
					...fields,
					modelId,
					version: i + 1,
					createdAt
				});
				if (!history) continue;
				await add('trainingRuns', {
					modelId,
					modelVersionId: versionId,
					datasetId: fields.trainingDatasetId,
					status: 'done',
					backend: fields.backend,
					lossHistory: history,
					error: null,
					startedAt: createdAt - fields.trainingDurationMs,
					endedAt: createdAt
				});
			}
			await new Promise((resolve) => (tx.oncomplete = resolve));
			db.close();
		},
		{ name, versions }
	);
}

/**
 * Opens a model's page from a fresh load of the list. Deeper pages are reached by their links,
 * not loaded directly: under `vite preview` the service worker answers every navigation with the
 * precached `/` shell, whose asset paths are relative, so a reload two levels deep fails (see
 * the report; production serves the absolute-path fallback page).
 */
async function openModel(page: Page, name: string) {
	await page.goto('/models');
	await page.getByTestId('model-list').getByRole('link', { name, exact: true }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(name);
}

test('models and versions: list, version page, aliases, rename, delete', async ({ page }) => {
	await page.goto('/models');
	await expect(page.getByRole('heading', { level: 1, name: 'Models' })).toBeVisible();
	await expect(page.getByTestId('models-empty')).toContainText('No models yet.');
	await expect(
		page.getByTestId('models-empty').getByRole('link', { name: 'train a model' })
	).toHaveAttribute('href', '/models/train');

	const dataset = await importDataset(page);
	// v1 as an older writer left it (one dataset in the row's own fields, no training run: its
	// history comes from the engine data); v2 as the Train page writes it (engineData.lineage).
	const v1History = sampleLossHistory(7);
	const v2History = sampleLossHistory(HISTORY_EPOCHS);
	await seedModel(page, 'Pump A', [
		{
			fields: sampleVersion({
				preset: 'skab-lstm-ae',
				config: { ...PRESETS['skab-lstm-ae'] },
				artifactKey: 'e2e-pump-a/1',
				trainingDatasetId: dataset.id,
				trainingDatasetSha256: 'ab'.repeat(32),
				engineData: {
					...sampleVersion().engineData,
					training: {
						history: {
							loss: v1History.map((e) => e.loss),
							valLoss: v1History.map((e) => e.valLoss)
						}
					}
				}
			}),
			history: null
		},
		{
			fields: sampleVersion({
				config: { ...PRESETS.default },
				artifactKey: 'e2e-pump-a/2',
				trainingDatasetId: dataset.id,
				trainingDatasetSha256: dataset.sha256,
				engineData: {
					...sampleVersion().engineData,
					lineage: {
						datasets: [
							{
								datasetId: dataset.id,
								name: 'pump-normal',
								sha256: dataset.sha256,
								sampleRateHz: 1,
								ranges: sampleVersion().trainingSegments.map((r, i) => ({
									...r,
									segmentIds: [i + 1]
								})),
								rows: 600
							}
						],
						rows: 600,
						usedRows: 598,
						parts: 2
					}
				}
			}),
			history: v2History
		}
	]);

	// The list.
	await page.goto('/models');
	const list = page.getByTestId('model-list');
	const row = list.getByRole('row').filter({ hasText: 'Pump A' });
	await expect(row.getByRole('cell').nth(1)).toHaveText('2');
	await expect(row.getByRole('link', { name: 'Version 2 of Pump A' })).toBeVisible();
	await expect(row.getByRole('cell').nth(6)).toHaveText(/^\d+ KiB$/);

	// Version 2's page: facts, history chart, config, lineage that matches, scaler.
	await row.getByRole('link', { name: 'Pump A', exact: true }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Pump A' })).toBeVisible();
	await page.getByRole('link', { name: 'Version 2' }).click();
	await expect(page).toHaveURL(/\/models\/\d+\/v\/2$/);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Pump A · version 2');
	await expect(page.getByTestId('version-facts')).toContainText('wasm');
	await expect(page.getByTestId('threshold')).toContainText('3.75 (Peaks over threshold');
	await expect(page.getByTestId('history-chart').locator('[data-rows]')).toHaveAttribute(
		'data-rows',
		String(HISTORY_EPOCHS)
	);
	await expect(page.getByTestId('history-summary')).toContainText(`${HISTORY_EPOCHS} epochs`);
	const config = page.getByTestId('config-table');
	await expect(config.getByRole('row', { name: /^Window windowLength/ })).toContainText('30 rows');
	await expect(config.getByRole('row', { name: /^Architecture/ })).toContainText(
		'LSTM autoencoder'
	);
	const lineage = page.getByTestId('lineage');
	await expect(lineage.getByRole('link', { name: 'Pump normal run' })).toBeVisible();
	await expect(lineage).toContainText(dataset.sha256);
	await expect(page.getByTestId('lineage-match')).toHaveText(
		'Yes: the stored dataset still has this SHA-256.'
	);
	await expect(page.getByTestId('training-segments').getByRole('row')).toHaveCount(3);
	await expect(lineage).toContainText('600 rows read, 598 used in 2 continuous part(s)');
	await expect(lineage).toContainText('Name when trained');
	await expect(page.getByTestId('scaler-table')).toContainText('temperature');

	// Notes are saved and come back after a reload.
	await page.getByLabel('Notes on this version').fill('Trained after the seal change.');
	await page.getByRole('button', { name: 'Save notes' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Notes saved.' })).toBeVisible();
	await openModel(page, 'Pump A');
	await page.getByRole('link', { name: 'Version 2' }).click();
	await expect(page.getByLabel('Notes on this version')).toHaveValue(
		'Trained after the seal change.'
	);

	// Version 1 was trained on data with another hash: the page says so.
	await page.getByRole('link', { name: /Pump A: all versions/ }).click();
	await page.getByRole('link', { name: 'Version 1' }).click();
	await expect(page.getByTestId('lineage-match')).toContainText('No: the stored dataset’s SHA-256');
	await expect(page.getByTestId('config-table')).toContainText('100'); // SKAB's 100 units
	await expect(page.getByTestId('history-summary')).toContainText('7 epochs');

	// Aliases: champion on v2, then moved to v1.
	await page.getByRole('link', { name: /Pump A: all versions/ }).click();
	const versions = page.getByTestId('versions-table');
	await page.getByRole('button', { name: 'Set an alias on version 2' }).click();
	await page.getByRole('button', { name: 'Make version 2 champion' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'now champion' })).toHaveText(
		'Version 2 is now champion.'
	);
	await expect(versions.locator('tr[data-version="2"]')).toContainText('champion');
	await page.getByRole('button', { name: 'Set an alias on version 1' }).click();
	await page.getByLabel('Alias for version 1').fill('champion');
	await expect(
		page.getByText('“champion” is on version 2 now: setting it here moves it.')
	).toBeVisible();
	await page.getByLabel('Alias for version 1').press('Enter');
	await expect(page.getByRole('status').filter({ hasText: 'Moved' })).toHaveText(
		'Moved champion from version 2 to version 1.'
	);
	await expect(versions.locator('tr[data-version="2"]')).not.toContainText('champion');
	await expect(versions.locator('tr[data-version="1"]')).toContainText('champion');

	// Rename: a blank name is refused, Escape cancels, Enter saves.
	await page.getByRole('button', { name: 'Rename Pump A' }).click();
	await page.getByLabel('New name for Pump A').fill(' ');
	await page.getByLabel('New name for Pump A').press('Enter');
	await expect(page.getByRole('alert').filter({ hasText: 'A model needs a name.' })).toBeVisible();
	await page.getByLabel('New name for Pump A').press('Escape');
	await page.getByRole('button', { name: 'Rename Pump A' }).click();
	await page.getByLabel('New name for Pump A').fill('Pump A, line 2');
	await page.getByLabel('New name for Pump A').press('Enter');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Pump A, line 2');

	// Delete version 1 after a confirmation naming its alias.
	await page.getByRole('button', { name: 'Delete version 1' }).click();
	await expect(page.getByRole('alertdialog')).toContainText(
		'Delete version 1? Its weights and training history are lost, and its aliases champion with them.'
	);
	await page.getByRole('alertdialog').getByRole('button', { name: 'Delete version 1' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Deleted' })).toHaveText(
		'Deleted version 1.'
	);
	await expect(versions.locator('tr[data-version]')).toHaveCount(1);
	await openModel(page, 'Pump A, line 2');
	await expect(page.getByTestId('versions-table').locator('tr[data-version]')).toHaveCount(1);

	// Delete the model: the confirmation names what goes; then the list is empty again.
	await page.getByRole('button', { name: 'Set an alias on version 2' }).click();
	await page.getByRole('button', { name: 'Make version 2 challenger' }).click();
	await page.getByRole('button', { name: 'Delete Pump A, line 2' }).click();
	await expect(page.getByRole('alertdialog')).toHaveText(
		'Delete “Pump A, line 2” with its 1 version (2), their weights and training histories? ' +
			'Its aliases challenger (version 2) go with it. This cannot be undone. ' +
			'Delete “Pump A, line 2” Keep'
	);
	await page.getByRole('button', { name: 'Delete “Pump A, line 2”' }).click();
	await expect(page).toHaveURL(/\/models$/);
	await expect(page.getByTestId('models-empty')).toBeVisible();
	// Its weights went with it.
	const artifacts = await page.evaluate(
		() =>
			new Promise<number>((resolve) => {
				const open = indexedDB.open('vigil');
				open.onsuccess = () => {
					const request = open.result
						.transaction('modelArtifacts')
						.objectStore('modelArtifacts')
						.count();
					request.onsuccess = () => {
						open.result.close();
						resolve(request.result);
					};
				};
			})
	);
	expect(artifacts).toBe(0);
});
