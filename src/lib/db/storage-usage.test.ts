import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { afterEach, describe, expect, it } from 'vitest';
import { buildWorkspace } from './backup-test-fixtures';
import { readChunks } from './datasets';
import { VigilDb } from './db';
import { workspaceUsage } from './storage-usage';

const opened: VigilDb[] = [];
afterEach(async () => {
	for (const db of opened.splice(0)) await db.delete();
});

describe('workspace usage', () => {
	it('lists datasets and model versions by size, with the bytes of their columns and weights', async () => {
		const db = new VigilDb(`usage-${Date.now()}`, { indexedDB, IDBKeyRange });
		opened.push(db);
		const { pump, derived } = await buildWorkspace(db);
		// A row from before `sizeBytes` was filled: computed from rows × bytes per row.
		await db.datasets.update(derived, { sizeBytes: 0 });
		const usage = await workspaceUsage(db);

		const chunkBytes = async (id: number) =>
			(await readChunks(db, id)).reduce(
				(n, c) => n + [c.t, ...c.channels, ...c.labels].reduce((m, x) => m + x.byteLength, 0),
				0
			);
		const pumpBytes = await chunkBytes(pump);
		expect(pumpBytes).toBe(2037 * (8 + 2 * 4 + 1));
		const topologyBytes = JSON.stringify({
			class_name: 'Sequential',
			config: { layers: [] }
		}).length;
		expect(usage.items).toEqual([
			{ kind: 'dataset', id: pump, name: 'pump', detail: '2,037 rows', bytes: pumpBytes },
			{
				kind: 'model-version',
				id: 1,
				name: 'pump model',
				detail: 'version 1',
				bytes: 5000 * 4 + topologyBytes
			},
			{
				kind: 'model-version',
				id: 2,
				name: 'pump model',
				detail: 'version 2',
				bytes: 5000 * 4 + topologyBytes
			},
			{
				kind: 'dataset',
				id: derived,
				name: 'pump fixed',
				detail: '300 rows',
				bytes: await chunkBytes(derived)
			}
		]);
		expect(usage.datasetBytes).toBe(pumpBytes + 300 * 12);
		expect(usage.modelBytes).toBe(2 * (20_000 + topologyBytes));
	});
});
