import { proxy, transfer, wrap } from 'comlink';
import { afterEach, describe, expect, it } from 'vitest';
import type { BackupApi } from '../../../workers/backup.worker';
import type { RestoreOutcome, RestoreProgress } from '../db/backup-restore';
import { buildWorkspace } from '../db/backup-test-fixtures';
import type { BackupOutcome } from '../db/backup-write';
import { listDatasets, readChunks } from '../db/datasets';
import { VigilDb } from '../db/db';
import { createBackupWorker } from './backup-worker';

const workers: Worker[] = [];
const dbs: VigilDb[] = [];
afterEach(async () => {
	for (const worker of workers.splice(0)) worker.terminate();
	for (const db of dbs.splice(0)) await db.delete();
});

/** The real worker, working on its own database `name` (which the test also opens). */
async function start(name: string) {
	const worker = createBackupWorker();
	workers.push(worker);
	const api = wrap<BackupApi>(worker);
	await api.useDatabase(name);
	const db = new VigilDb(name);
	dbs.push(db);
	return { api, db };
}

function cancelPort() {
	const channel = new MessageChannel();
	return { cancel: () => channel.port1.postMessage('cancel'), port: channel.port2 };
}

async function backup(
	api: Awaited<ReturnType<typeof start>>['api'],
	target: FileSystemFileHandle | null
): Promise<BackupOutcome & { blob?: Blob }> {
	const { port } = cancelPort();
	return api.backup(
		target,
		'browser-test',
		proxy(() => undefined),
		transfer(port, [port])
	) as Promise<BackupOutcome & { blob?: Blob }>;
}

async function restore(
	api: Awaited<ReturnType<typeof start>>['api'],
	file: File,
	onProgress: (p: RestoreProgress) => void = () => undefined,
	port = cancelPort().port
): Promise<RestoreOutcome> {
	return api.restore(file, proxy(onProgress), transfer(port, [port])) as Promise<RestoreOutcome>;
}

/** Dataset names with their raw column bytes, to compare two databases. */
async function datasetBytes(db: VigilDb) {
	const out: Record<string, number[]> = {};
	for (const dataset of await listDatasets(db)) {
		const bytes: number[] = [];
		for (const chunk of await readChunks(db, dataset.id)) {
			for (const column of [chunk.t, ...chunk.channels, ...chunk.labels]) {
				bytes.push(...new Uint8Array(column.buffer));
			}
		}
		out[dataset.name] = bytes;
	}
	return out;
}

describe('backup worker (real IndexedDB and Worker in Chromium)', () => {
	it('backs up to a Blob for download and restores it into another database', async () => {
		const source = await start(`backup-src-${Date.now()}`);
		await buildWorkspace(source.db);
		const outcome = await backup(source.api, null);
		if (!outcome.ok) throw new Error(outcome.error.message);
		expect(outcome.blob!.size).toBe(outcome.archiveBytes);

		const target = await start(`backup-dst-${Date.now()}`);
		const file = new File([outcome.blob!], 'vigil-backup.zip');
		const described = await target.api.describe(file);
		expect(described).toMatchObject({
			ok: true,
			summary: { appVersion: 'browser-test', models: 1, modelVersions: 2 }
		});
		const result = await restore(target.api, file);
		expect(result).toMatchObject({ ok: true, summary: { datasets: 2, rows: 2337 } });
		expect(await datasetBytes(target.db)).toEqual(await datasetBytes(source.db));
		expect(await target.db.modelArtifacts.count()).toBe(2);
	});

	it('writes into a file handle (the save dialog path; here a private OPFS file)', async () => {
		const source = await start(`backup-fs-${Date.now()}`);
		await buildWorkspace(source.db);
		const root = await navigator.storage.getDirectory();
		const handle = await root.getFileHandle(`backup-${Date.now()}.zip`, { create: true });
		try {
			const outcome = await backup(source.api, handle);
			if (!outcome.ok) throw new Error(outcome.error.message);
			expect(outcome.blob).toBeUndefined();
			const file = await handle.getFile();
			expect(file.size).toBe(outcome.archiveBytes);
			const target = await start(`backup-fs-dst-${Date.now()}`);
			expect((await restore(target.api, file)).ok).toBe(true);
			expect(await datasetBytes(target.db)).toEqual(await datasetBytes(source.db));
		} finally {
			await root.removeEntry(handle.name);
		}
	});

	it('a cancel sent while the restore writes leaves the target as it was', async () => {
		const source = await start(`backup-cancel-src-${Date.now()}`);
		await buildWorkspace(source.db);
		const outcome = await backup(source.api, null);
		if (!outcome.ok) throw new Error(outcome.error.message);
		const target = await start(`backup-cancel-dst-${Date.now()}`);
		await target.db.datasets.add({
			name: 'keep me',
			status: 'ready',
			channels: [],
			labelColumns: [],
			sampleRateHz: null,
			rowCount: 0,
			chunkCount: 0,
			startMs: null,
			endMs: null,
			source: '',
			sha256: '',
			sizeBytes: 0,
			notes: '',
			parentId: null,
			createdAt: 1,
			updatedAt: 1
		});
		const { cancel, port } = cancelPort();
		const result = await restore(
			target.api,
			new File([outcome.blob!], 'b.zip'),
			(p) => p.phase === 'writing' && cancel(),
			port
		);
		expect(result.ok || result.error.kind).toBe('cancelled');
		expect((await target.db.datasets.toArray()).map((d) => d.name)).toEqual(['keep me']);
		expect(await target.db.chunks.count()).toBe(0);
	});
});
