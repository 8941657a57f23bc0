import { Dexie } from 'dexie';
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { afterEach, describe, expect, it } from 'vitest';
import { VigilDb } from './db';
import { listDiagnostics, logDiagnostic, MAX_DIAGNOSTICS } from './diagnostics';
import { isQuotaExceeded, storageCall } from './errors';
import { sha256Hex, sha256OfDigests } from './hash';
import { restoreDataset, restoreModelVersion } from './restore';
import { addSegment, listSegments } from './segments';
import { getSetting, setSetting } from './settings';

const opened: VigilDb[] = [];
let counter = 0;
function freshDb(): VigilDb {
	const db = new VigilDb(`support-test-${counter++}-${Date.now()}`, { indexedDB, IDBKeyRange });
	opened.push(db);
	return db;
}
afterEach(async () => {
	for (const db of opened.splice(0)) await db.delete();
});

describe('sha256Hex', () => {
	it('matches the FIPS 180-2 test vector and hashes parts as if concatenated', async () => {
		const abc = new TextEncoder().encode('abc');
		expect(await sha256Hex(abc)).toBe(
			'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'
		);
		expect(await sha256Hex([abc.subarray(0, 1), abc.subarray(1).slice().buffer])).toBe(
			await sha256Hex(abc)
		);
		const digest = await sha256Hex(abc);
		expect(await sha256OfDigests([digest])).not.toBe(digest);
	});
});

describe('storage errors', () => {
	it('recognises QuotaExceededError by name, also wrapped by Dexie', () => {
		const quota = new DOMException('full', 'QuotaExceededError');
		expect(isQuotaExceeded(quota)).toBe(true);
		expect(isQuotaExceeded(new Dexie.AbortError('transaction aborted', quota))).toBe(true);
		expect(isQuotaExceeded(new Dexie.QuotaExceededError('full'))).toBe(true);
		expect(isQuotaExceeded(new Dexie.AbortError('aborted'))).toBe(false);
		expect(isQuotaExceeded('QuotaExceededError')).toBe(false);
	});

	it('turns a quota error into a result and rethrows anything else', async () => {
		const full = await storageCall(() =>
			Promise.reject(new DOMException('x', 'QuotaExceededError'))
		);
		expect(full).toMatchObject({ ok: false, error: { kind: 'quota-exceeded' } });
		expect(await storageCall(() => Promise.resolve(3))).toEqual({ ok: true, value: 3 });
		await expect(storageCall(() => Promise.reject(new TypeError('bug')))).rejects.toThrow('bug');
	});
});

describe('restore', () => {
	it('fills defaults for fields an older build did not write, keeping the rest', () => {
		const row = restoreDataset({ id: 4, name: 'old', rowCount: 9 });
		expect(row).toMatchObject({
			id: 4,
			name: 'old',
			rowCount: 9,
			status: 'ready',
			labelColumns: []
		});
		expect(row.sha256).toBe('');
		const version = restoreModelVersion({ id: 1, modelId: 2, version: 3, threshold: undefined });
		expect(version).toMatchObject({ threshold: null, aliases: [], config: {} });
	});
});

describe('segments, settings, diagnostics', () => {
	it('keeps segments per dataset by start time, with swapped ends put right', async () => {
		const db = freshDb();
		await addSegment(db, 1, { startMs: 500, endMs: 900 }, 'anomaly', 'valve');
		await addSegment(db, 1, { startMs: 300, endMs: 100 }, 'maintenance');
		await addSegment(db, 2, { startMs: 0, endMs: 1 }, 'normal');
		const rows = await listSegments(db, 1);
		expect(rows.map((s) => [s.startMs, s.endMs, s.kind, s.note])).toEqual([
			[100, 300, 'maintenance', ''],
			[500, 900, 'anomaly', 'valve']
		]);
	});

	it('stores settings with a fallback for unset keys', async () => {
		const db = freshDb();
		expect(await getSetting(db, 'theme', 'dark')).toBe('dark');
		await setSetting(db, 'theme', 'light');
		expect(await getSetting(db, 'theme', 'dark')).toBe('light');
	});

	it('caps the diagnostics log, dropping the oldest', async () => {
		const db = freshDb();
		await db.diagnostics.bulkAdd(
			Array.from({ length: MAX_DIAGNOSTICS }, (_, i) => ({
				at: i,
				level: 'info' as const,
				message: `m${i}`,
				detail: ''
			}))
		);
		await logDiagnostic(db, 'error', 'newest', 'stack');
		const log = await listDiagnostics(db);
		expect(log).toHaveLength(MAX_DIAGNOSTICS);
		expect(log[0]!.message).toBe('newest');
		expect(log.at(-1)!.message).toBe('m1');
	});
});
