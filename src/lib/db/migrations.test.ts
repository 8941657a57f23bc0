import { Dexie } from 'dexie';
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { readRange } from './datasets';
import { VigilDb } from './db';
import { DB_VERSION } from './migrations';

const fake = { indexedDB, IDBKeyRange };

function request<T>(req: IDBRequest<T>): Promise<T> {
	return new Promise((resolve, reject) => {
		req.onsuccess = () => resolve(req.result);
		req.onerror = () => reject(req.error);
	});
}

/**
 * Builds a version-1 database by hand with the raw IndexedDB API, as a v1 build left it on a
 * user's disk: Dexie stores version n as IndexedDB version 10 n, and names compound indexes
 * `[a+b]`. Independent of `SCHEMA_V1`, so editing that constant cannot make this test lie.
 */
async function buildV1(name: string): Promise<void> {
	const open = indexedDB.open(name, 10);
	open.onupgradeneeded = () => {
		const db = open.result;
		const datasets = db.createObjectStore('datasets', { keyPath: 'id', autoIncrement: true });
		datasets.createIndex('name', 'name');
		datasets.createIndex('createdAt', 'createdAt');
		const chunks = db.createObjectStore('chunks', { keyPath: 'id', autoIncrement: true });
		chunks.createIndex('datasetId', 'datasetId');
		chunks.createIndex('[datasetId+seq]', ['datasetId', 'seq']);
		db.createObjectStore('segments', { keyPath: 'id', autoIncrement: true }).createIndex(
			'datasetId',
			'datasetId'
		);
		db.createObjectStore('settings', { keyPath: 'key' });
		db.createObjectStore('diagnostics', { keyPath: 'id', autoIncrement: true }).createIndex(
			'at',
			'at'
		);
		// v1 rows: no status, no labelColumns, no parentId; chunks without startMs/endMs.
		datasets.put({
			id: 1,
			name: 'old pump',
			channels: [{ name: 'p', unit: 'bar' }],
			rowCount: 3,
			source: 'old.csv',
			createdAt: 5,
			updatedAt: 5
		});
		chunks.put({
			id: 1,
			datasetId: 1,
			seq: 0,
			rows: 3,
			t: Float64Array.from([3000, 1000, 2000]),
			channels: [Float32Array.from([3, 1, 2])],
			labels: []
		});
	};
	const db = await request(open);
	db.close();
}

describe('migrations', () => {
	it('upgrades a hand-built version-1 database to the current version', async () => {
		const name = `migration-v1-${Date.now()}`;
		await buildV1(name);
		const db = new VigilDb(name, fake);
		await db.open();
		expect(db.verno).toBe(DB_VERSION);

		const dataset = await db.datasets.get(1);
		expect(dataset).toMatchObject({
			name: 'old pump',
			status: 'ready',
			labelColumns: [],
			parentId: null
		});
		const chunk = await db.chunks.get(1);
		expect(chunk).toMatchObject({ startMs: 1000, endMs: 3000 });
		// The new [datasetId+startMs] index finds the migrated chunk.
		const rows = await readRange(db, 1, 1500, 2500);
		expect(Array.from(rows.frame.t)).toEqual([2000]);
		expect(Array.from(rows.frame.channels[0]!)).toEqual([2]);
		// And the v2 tables exist.
		expect(await db.modelVersions.count()).toBe(0);
		await db.delete();
	});

	it('closes and tells the UI when another tab opens a newer version', async () => {
		const name = `versionchange-${Date.now()}`;
		let told = 0;
		const db = new VigilDb(name, { ...fake, onVersionChange: () => told++ });
		await db.open();
		const newer = new Dexie(name, fake);
		newer.version(DB_VERSION + 1).stores({ extra: '++id' });
		await newer.open(); // would block forever if the old connection stayed open
		expect(told).toBe(1);
		expect(db.isOpen()).toBe(false);
		await expect(db.datasets.count()).rejects.toMatchObject({ name: 'DatabaseClosedError' });
		await newer.delete();
	});
});
