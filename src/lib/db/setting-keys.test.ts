import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { isDerivedSetting, isDeviceSetting } from './backup-format';
import { deleteDataset } from './datasets';
import { VigilDb } from './db';
import { BATCH_SCORES_PREFIX } from './setting-keys';

describe('batch-score settings', () => {
	it('go with their dataset when it is deleted, and only with it (dataset 1 is not 11)', async () => {
		const db = new VigilDb(`setting-keys-${Date.now()}`, { indexedDB, IDBKeyRange });
		await db.settings.bulkPut([
			{ key: `${BATCH_SCORES_PREFIX}1|2`, value: { datasetId: 1 } },
			{ key: `${BATCH_SCORES_PREFIX}11|2`, value: { datasetId: 11 } },
			{ key: 'theme', value: 'dark' }
		]);
		await deleteDataset(db, 1);
		expect((await db.settings.toArray()).map((row) => row.key).sort()).toEqual([
			`${BATCH_SCORES_PREFIX}11|2`,
			'theme'
		]);
		db.close();
	});

	it('are derived (left out of backups), not device settings (kept through a restore)', () => {
		expect(isDerivedSetting(`${BATCH_SCORES_PREFIX}3|4`)).toBe(true);
		expect(isDeviceSetting(`${BATCH_SCORES_PREFIX}3|4`)).toBe(false);
		expect(isDerivedSetting('backend-choice|train|x')).toBe(false);
	});
});
