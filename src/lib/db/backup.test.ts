import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { afterEach, describe, expect, it } from 'vitest';
import { BACKUP_TABLES, MANIFEST_PATH, type BackupManifest } from './backup-format';
import { restoreBackup, type RestoreProgress } from './backup-restore';
import { buildWorkspace, memorySink } from './backup-test-fixtures';
import { writeBackup } from './backup-write';
import { ZipReader } from './backup-zip-reader';
import { ZipWriter } from './backup-zip-writer';
import { getDataset, listDatasets, readChunks } from './datasets';
import { VigilDb } from './db';
import { listDiagnostics } from './diagnostics';
import { dbWeightsHandler } from './weights-handler';

const opened: VigilDb[] = [];
let counter = 0;
function freshDb(): VigilDb {
	const db = new VigilDb(`backup-test-${counter++}-${Date.now()}`, { indexedDB, IDBKeyRange });
	opened.push(db);
	return db;
}
afterEach(async () => {
	for (const db of opened.splice(0)) await db.delete();
});

async function backupOf(db: VigilDb, options: { zip64Threshold?: number } = {}) {
	const sink = memorySink();
	const outcome = await writeBackup(db, sink, { appVersion: 'test-build', ...options });
	if (!outcome.ok) throw new Error(outcome.error.message);
	return { blob: sink.blob(), manifest: outcome.manifest };
}

/** Everything in a database, with dataset ids replaced by names so two databases compare. */
async function contents(db: VigilDb) {
	const datasets = await listDatasets(db);
	const nameOf = (id: number | null) => datasets.find((d) => d.id === id)?.name ?? null;
	const chunks: Record<string, unknown[]> = {};
	for (const d of datasets) {
		chunks[d.name] = (await readChunks(db, d.id)).map(({ id: _id, datasetId: _d, ...c }) => ({
			...c,
			// Bytes, so NaN payloads and -0 must match exactly.
			t: new Uint8Array(c.t.buffer),
			channels: c.channels.map((x) => new Uint8Array(x.buffer)),
			labels: c.labels.map((x) => new Uint8Array(x.buffer))
		}));
	}
	return {
		datasets: datasets
			.map(({ id: _id, parentId, ...d }) => ({ ...d, parent: nameOf(parentId) }))
			.sort((a, b) => a.name.localeCompare(b.name)),
		chunks,
		segments: (await db.segments.toArray()).map(({ datasetId, ...s }) => ({
			...s,
			dataset: nameOf(datasetId)
		})),
		models: await db.models.toArray(),
		versions: (await db.modelVersions.toArray()).map(({ trainingDatasetId, ...v }) => ({
			...v,
			trainingDataset: nameOf(trainingDatasetId)
		})),
		artifacts: await db.modelArtifacts.toArray(),
		runs: (await db.trainingRuns.toArray()).map(({ datasetId, ...r }) => ({
			...r,
			dataset: nameOf(datasetId)
		})),
		// This device's own settings (its tfjs backend choice) are neither backed up nor replaced.
		settings: (await db.settings.toArray()).filter((s) => !s.key.startsWith('backend-choice|'))
	};
}

/** The same archive with some parts changed (`edit` returns new bytes, or null to drop a part). */
async function rewrite(
	blob: Blob,
	edit: (path: string, bytes: Uint8Array) => Uint8Array | null
): Promise<Blob> {
	const reader = await ZipReader.open(blob);
	const sink = memorySink();
	const zip = new ZipWriter(sink);
	for (const entry of reader.entries.values()) {
		const bytes = edit(entry.path, await reader.read(entry));
		if (bytes) await zip.add(entry.path, bytes);
	}
	await zip.finish();
	return sink.blob();
}

function editManifest(blob: Blob, change: (m: BackupManifest) => void): Promise<Blob> {
	return rewrite(blob, (path, bytes) => {
		if (path !== MANIFEST_PATH) return bytes;
		const manifest = JSON.parse(new TextDecoder().decode(bytes)) as BackupManifest;
		change(manifest);
		return new TextEncoder().encode(JSON.stringify(manifest));
	});
}

describe('workspace backup', () => {
	it('round trip: a fresh database gets identical rows and bytes in every table', async () => {
		const source = freshDb();
		await buildWorkspace(source);
		const { blob, manifest } = await backupOf(source);
		expect(manifest).toMatchObject({ format: 'vigil-backup', formatVersion: 1 });
		expect(manifest.appVersion).toBe('test-build');
		expect(manifest.tables).toEqual({
			datasets: 2, // the unfinished import is left out
			chunks: 4,
			segments: 2,
			models: 1,
			modelVersions: 2,
			modelArtifacts: 2,
			trainingRuns: 1,
			settings: 1, // the device's backend choice is left out
			diagnostics: 1
		});
		expect(manifest.parts.map((p) => p.path)).toContain('datasets/1/chunk-2.bin');

		const target = freshDb();
		await target.settings.put({ key: 'backend-choice|train|30x8', value: { backend: 'cpu' } });
		const restored = await restoreBackup(target, blob);
		expect(restored).toEqual({
			ok: true,
			summary: {
				datasets: 2,
				rows: 2337,
				models: 1,
				modelVersions: 2,
				backupCreatedAt: manifest.createdAt
			}
		});
		expect(await contents(target)).toEqual(await contents(source));
		expect(await target.settings.get('backend-choice|train|30x8')).toEqual({
			key: 'backend-choice|train|30x8',
			value: { backend: 'cpu' } // this device's choice stays
		});
		// Values JSON alone would have lost came back typed.
		const version = (await target.modelVersions.toArray())[0]!;
		expect(version.metrics).toEqual({ f1: 0.75, auc: NaN, far: Infinity });
		expect(version.scaler?.mean).toBeInstanceOf(Float32Array);
		expect(version.engineData.at).toEqual(new Date(1.7e12));
		// The weights load through the tfjs handler, which checks their SHA-256.
		const artifacts = await dbWeightsHandler(target, 'pump-model-v2').load();
		expect(new Float32Array(artifacts.weightData as ArrayBuffer)[1]).toBeCloseTo(Math.cos(1), 6);
		expect((await listDiagnostics(target)).map((d) => d.message)).toEqual([
			'Workspace restored from a backup'
		]);
	});

	it('restoring over a changed workspace replaces it exactly', async () => {
		const db = freshDb();
		const { pump } = await buildWorkspace(db);
		const before = await contents(db);
		const { blob } = await backupOf(db);
		await db.datasets.delete(pump);
		await db.chunks.where('datasetId').equals(pump).delete();
		await db.models.clear();
		await db.settings.put({ key: 'live-settings', value: 'changed' });
		const restored = await restoreBackup(db, blob);
		expect(restored.ok).toBe(true);
		expect(await contents(db)).toEqual(before);
		// Nothing staged is left behind, and the old import in progress was not touched.
		expect(await db.datasets.where('status').equals('importing').count()).toBe(1);
	});

	it('writes Zip64 records when needed and restores from them', async () => {
		const source = freshDb();
		await buildWorkspace(source);
		const { blob } = await backupOf(source, { zip64Threshold: 1000 });
		const target = freshDb();
		expect((await restoreBackup(target, blob)).ok).toBe(true);
		expect(await contents(target)).toEqual(await contents(source));
	});

	it('reports progress in phase order and ends at the total', async () => {
		const source = freshDb();
		await buildWorkspace(source);
		const { blob } = await backupOf(source);
		const seen: RestoreProgress[] = [];
		await restoreBackup(freshDb(), blob, { onProgress: (p) => seen.push(p) });
		const phases = [...new Set(seen.map((p) => p.phase))];
		expect(phases).toEqual(['checking', 'writing', 'replacing']);
		const lastWrite = seen.filter((p) => p.phase === 'writing').at(-1)!;
		expect(lastWrite.bytesDone).toBe(lastWrite.bytesTotal);
	});
});

describe('a damaged or foreign backup is refused before anything is written', () => {
	async function setup() {
		const source = freshDb();
		await buildWorkspace(source);
		const { blob } = await backupOf(source);
		const target = freshDb();
		await buildWorkspace(target);
		await target.datasets.update(1, { name: 'precious' });
		return { blob, target, before: await contents(target) };
	}

	async function expectUntouched(target: VigilDb, before: Awaited<ReturnType<typeof contents>>) {
		expect(await contents(target)).toEqual(before);
		expect(await target.datasets.where('status').equals('importing').count()).toBe(1);
	}

	it('a corrupted chunk part is named with its SHA-256 mismatch', async () => {
		const { blob, target, before } = await setup();
		const reader = await ZipReader.open(blob);
		const entry = reader.entries.get('datasets/1/chunk-1.bin')!;
		const bytes = new Uint8Array(await blob.arrayBuffer());
		bytes[entry.localHeaderOffset + 30 + entry.path.length + 100]! ^= 0x01;
		const result = await restoreBackup(target, new Blob([bytes]));
		expect(result).toEqual({
			ok: false,
			error: {
				kind: 'invalid',
				message:
					'datasets/1/chunk-1.bin: SHA-256 mismatch (the file is damaged). Nothing was changed: the workspace is as it was.'
			}
		});
		await expectUntouched(target, before);
	});

	it('a truncated file is called truncated', async () => {
		const { blob, target, before } = await setup();
		for (const cut of [blob.size - 10, Math.floor(blob.size * 0.6)]) {
			const result = await restoreBackup(target, blob.slice(0, cut));
			expect(result.ok || result.error.message).toMatch(
				/^no end-of-archive record: the file is truncated/
			);
		}
		await expectUntouched(target, before);
	});

	it('a newer format version asks for an update', async () => {
		const { blob, target, before } = await setup();
		const newer = await editManifest(blob, (m) => (m.formatVersion = 2));
		const result = await restoreBackup(target, newer);
		expect(result.ok || result.error.message).toMatch(
			/^This backup was made by a newer Vigil \(backup format 2; this version reads up to 1\)/
		);
		const future = await editManifest(blob, (m) => (m.schemaVersion = 99));
		expect((await restoreBackup(target, future)).ok).toBe(false);
		await expectUntouched(target, before);
	});

	it('a zip that is not a backup, a missing part and a wrong table count are named', async () => {
		const { blob, target, before } = await setup();
		const cases: [Blob, string][] = [
			[
				await rewrite(blob, (path, b) => (path === MANIFEST_PATH ? null : b)),
				'manifest.json is missing: this is not a Vigil backup'
			],
			[
				await rewrite(blob, (path, b) => (path === 'models/weights-1.bin' ? null : b)),
				'models/weights-1.bin: listed in the manifest but missing from the file'
			],
			[
				await editManifest(blob, (m) => (m.format = 'zip' as 'vigil-backup')),
				'manifest.json: not a Vigil backup manifest'
			],
			[
				await editManifest(blob, (m) => (m.tables.segments = 5)),
				'tables/segments.json: expected 5 rows, found 2'
			]
		];
		for (const [file, message] of cases) {
			const result = await restoreBackup(target, file);
			expect(result.ok || result.error.message).toBe(
				`${message}. Nothing was changed: the workspace is as it was.`
			);
		}
		await expectUntouched(target, before);
	});

	it('a table row that contradicts its parts is named by table and row', async () => {
		const { blob, target, before } = await setup();
		const reader = await ZipReader.open(blob);
		const chunksJson = new TextDecoder().decode(
			await reader.read(reader.entries.get('tables/chunks.json')!)
		);
		const rows = JSON.parse(chunksJson) as { rows: number }[];
		rows[2]!.rows = 999;
		// Re-hash the edited table, as a careless tool might: the row check still catches it.
		const edited = new TextEncoder().encode(JSON.stringify(rows));
		const { sha256Hex } = await import('./hash');
		const digest = await sha256Hex(edited);
		const file = await rewrite(blob, (path, bytes) => {
			if (path === 'tables/chunks.json') return edited;
			if (path !== MANIFEST_PATH) return bytes;
			const m = JSON.parse(new TextDecoder().decode(bytes)) as BackupManifest;
			const part = m.parts.find((p) => p.path === 'tables/chunks.json')!;
			Object.assign(part, { bytes: edited.length, sha256: digest });
			return new TextEncoder().encode(JSON.stringify(m));
		});
		const result = await restoreBackup(target, file);
		expect(result.ok || result.error.message).toMatch(
			/^tables\/chunks\.json row 3: datasets\/1\/chunk-2\.bin has 629 bytes, 999 rows need 16983/
		);
		await expectUntouched(target, before);
	});
});

describe('a restore that stops half-way leaves the workspace as it was', () => {
	it('a quota error while writing chunks removes every staged chunk', async () => {
		const source = freshDb();
		await buildWorkspace(source);
		const { blob } = await backupOf(source);
		const target = freshDb();
		await buildWorkspace(target);
		const before = await contents(target);
		// fake-indexeddb has no quota: the third chunk write fails as Chromium's would, by name.
		let writes = 0;
		target.chunks.hook('creating', () => {
			if (++writes === 3) throw new DOMException('disk full', 'QuotaExceededError');
		});
		const result = await restoreBackup(target, blob);
		expect(result.ok || result.error.kind).toBe('quota-exceeded');
		expect(result.ok || result.error.message).toMatch(/^The browser ran out of storage space/);
		expect(writes).toBe(3);
		expect(await contents(target)).toEqual(before);
		expect(await target.chunks.count()).toBe(4 + 1); // the target's own, plus its unfinished import
	});

	it("a quota error wrapped in Dexie's AbortError was reported as a cancel", async () => {
		const source = freshDb();
		await buildWorkspace(source);
		const { blob } = await backupOf(source);
		const target = freshDb();
		// The shape Chromium gives through Dexie: the transaction's AbortError, quota inside.
		target.chunks.hook('creating', () => {
			const inner = new DOMException('disk full', 'QuotaExceededError');
			throw Object.assign(new Error('Transaction aborted'), { name: 'AbortError', inner });
		});
		const result = await restoreBackup(target, blob);
		expect(result.ok || result.error.kind).toBe('quota-exceeded');
		expect(await target.datasets.count()).toBe(0);
	});

	it('a cancel while writing removes every staged chunk', async () => {
		const source = freshDb();
		await buildWorkspace(source);
		const { blob } = await backupOf(source);
		const target = freshDb();
		const controller = new AbortController();
		const result = await restoreBackup(target, blob, {
			signal: controller.signal,
			onProgress: (p) => p.phase === 'writing' && controller.abort()
		});
		expect(result.ok || result.error.kind).toBe('cancelled');
		expect(await target.datasets.count()).toBe(0);
		expect(await target.chunks.count()).toBe(0);
	});

	it('a backup stops with "changed" when a dataset vanishes under it', async () => {
		const db = freshDb();
		const { pump } = await buildWorkspace(db);
		let deleted = false;
		const outcome = await writeBackup(db, memorySink(), {
			appVersion: 'x',
			onProgress: () => {
				if (deleted) return;
				deleted = true;
				void db.chunks.where('datasetId').equals(pump).delete();
			}
		});
		expect(outcome.ok || outcome.error.message).toBe(
			'The dataset “pump” was deleted or changed during the backup. Back up again.'
		);
		expect(await getDataset(db, pump)).not.toBeNull();
	});
});

it('every table has a part in the backup', () => {
	expect(BACKUP_TABLES).toHaveLength(9);
});
