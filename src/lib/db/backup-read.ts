import {
	BACKUP_FORMAT,
	BACKUP_FORMAT_VERSION,
	BACKUP_TABLES,
	MANIFEST_PATH,
	tablePath,
	type BackupManifest,
	type BackupTable,
	type ManifestPart
} from './backup-format';
import { decodeJson } from './backup-json';
import { checkTables, type BackupRows } from './backup-rows';
import { ZipFormatError, ZipReader, type ZipEntry } from './backup-zip-reader';
import { sha256Hex } from './hash';
import { DB_VERSION } from './migrations';

/** The file is not a backup this version can restore; `message` says what and where. */
export class BackupInvalidError extends Error {
	override name = 'BackupInvalidError';
}

/** A backup whose manifest and tables were read and checked; binary parts are read on demand. */
export interface OpenedBackup {
	manifest: BackupManifest;
	rows: BackupRows;
	/** Bytes of the binary parts (chunks and weights), what `verifyParts` hashes. */
	binaryBytes: number;
	/** Of which model weights. */
	artifactBytes: number;
	/** A part's bytes after checking size and SHA-256; throws `BackupInvalidError` otherwise. */
	readPart(path: string): Promise<Uint8Array<ArrayBuffer>>;
}

/**
 * Opens a backup file: the zip directory, the manifest (format, version, every part present with
 * its size) and every table (hash, JSON, row checks). Chunks and weights are not read yet: see
 * `verifyParts`. Throws `BackupInvalidError` naming the part at fault.
 */
export async function openBackup(file: Blob): Promise<OpenedBackup> {
	const zip = await asInvalid(() => ZipReader.open(file));
	const manifestEntry = zip.entries.get(MANIFEST_PATH);
	if (!manifestEntry) {
		throw new BackupInvalidError(`${MANIFEST_PATH} is missing: this is not a Vigil backup`);
	}
	const manifestText = new TextDecoder().decode(
		await asInvalid(() => zip.readChecked(manifestEntry))
	);
	const manifest = checkManifest(parseJson(manifestText, MANIFEST_PATH, JSON.parse));
	const entries = new Map<string, { part: ManifestPart; entry: ZipEntry }>();
	for (const part of manifest.parts) {
		const entry = zip.entries.get(part.path);
		if (!entry) {
			throw new BackupInvalidError(
				`${part.path}: listed in the manifest but missing from the file`
			);
		}
		if (entry.bytes !== part.bytes) {
			throw new BackupInvalidError(
				`${part.path}: ${entry.bytes} bytes in the file, ${part.bytes} in the manifest`
			);
		}
		entries.set(part.path, { part, entry });
	}
	const readPart = async (path: string) => {
		const found = entries.get(path);
		if (!found) throw new BackupInvalidError(`${path}: not listed in the manifest`);
		const bytes = await asInvalid(() => zip.read(found.entry));
		if (bytes.length !== found.part.bytes || (await sha256Hex(bytes)) !== found.part.sha256) {
			throw new BackupInvalidError(`${path}: SHA-256 mismatch (the file is damaged)`);
		}
		return bytes;
	};
	const tables = {} as Record<BackupTable, unknown[]>;
	for (const table of BACKUP_TABLES) {
		const path = tablePath(table);
		const rows = parseJson(new TextDecoder().decode(await readPart(path)), path, decodeJson);
		if (!Array.isArray(rows) || rows.length !== manifest.tables[table]) {
			throw new BackupInvalidError(
				`${path}: expected ${manifest.tables[table]} rows, found ${Array.isArray(rows) ? rows.length : 'no list'}`
			);
		}
		tables[table] = rows;
	}
	const partBytes = new Map(manifest.parts.map((p) => [p.path, p.bytes]));
	const rows = checkTables(tables, partBytes, (message) => new BackupInvalidError(message));
	const bytesOf = (parts: { path: string }[]) =>
		parts.reduce((n, part) => n + partBytes.get(part.path)!, 0);
	const artifactBytes = bytesOf(rows.artifacts);
	const binaryBytes = bytesOf(rows.chunks) + artifactBytes;
	return { manifest, rows, binaryBytes, artifactBytes, readPart };
}

/**
 * Reads every chunk and weights part and checks its SHA-256, before anything is written.
 * `onProgress` gets bytes checked so far; an abort of `signal` throws an `AbortError`.
 */
export async function verifyParts(
	backup: OpenedBackup,
	options: { signal?: AbortSignal; onProgress?: (bytesDone: number, part: string) => void } = {}
): Promise<void> {
	let bytesDone = 0;
	for (const { path } of [...backup.rows.chunks, ...backup.rows.artifacts]) {
		options.signal?.throwIfAborted();
		bytesDone += (await backup.readPart(path)).length;
		options.onProgress?.(bytesDone, path);
	}
}

function checkManifest(value: unknown): BackupManifest {
	const m = value as Partial<BackupManifest> | null;
	if (typeof m !== 'object' || m === null || m.format !== BACKUP_FORMAT) {
		throw new BackupInvalidError(`${MANIFEST_PATH}: not a Vigil backup manifest`);
	}
	if (!Number.isInteger(m.formatVersion) || m.formatVersion! < 1) {
		throw new BackupInvalidError(
			`${MANIFEST_PATH}: format version ${String(m.formatVersion)} is not valid`
		);
	}
	if (m.formatVersion! > BACKUP_FORMAT_VERSION) {
		throw new BackupInvalidError(
			`This backup was made by a newer Vigil (backup format ${m.formatVersion}; this version reads up to ${BACKUP_FORMAT_VERSION}). Update Vigil, then restore it.`
		);
	}
	if (!Number.isInteger(m.schemaVersion) || m.schemaVersion! > DB_VERSION) {
		throw new BackupInvalidError(
			`This backup was made by a newer Vigil (database version ${String(m.schemaVersion)}; this version has ${DB_VERSION}). Update Vigil, then restore it.`
		);
	}
	if (typeof m.tables !== 'object' || m.tables === null) {
		throw new BackupInvalidError(`${MANIFEST_PATH}: the table row counts are missing`);
	}
	for (const table of BACKUP_TABLES) {
		if (!Number.isInteger(m.tables[table]) || m.tables[table]! < 0) {
			throw new BackupInvalidError(`${MANIFEST_PATH}: no row count for table ${table}`);
		}
	}
	if (!Array.isArray(m.parts)) throw new BackupInvalidError(`${MANIFEST_PATH}: no list of parts`);
	m.parts.forEach((part: Partial<ManifestPart> | null, i) => {
		const ok =
			typeof part?.path === 'string' &&
			Number.isInteger(part.bytes) &&
			part.bytes! >= 0 &&
			typeof part.sha256 === 'string' &&
			/^[0-9a-f]{64}$/.test(part.sha256);
		if (!ok) throw new BackupInvalidError(`${MANIFEST_PATH}: part ${i + 1} is malformed`);
	});
	return m as BackupManifest;
}

function parseJson(text: string, path: string, parse: (text: string) => unknown): unknown {
	try {
		return parse(text);
	} catch (error) {
		throw new BackupInvalidError(`${path}: not valid JSON (${(error as Error).message})`);
	}
}

async function asInvalid<T>(work: () => Promise<T>): Promise<T> {
	try {
		return await work();
	} catch (error) {
		if (error instanceof ZipFormatError) throw new BackupInvalidError(error.message);
		throw error;
	}
}

/** What a backup holds, shown before the user confirms a restore. */
export interface BackupSummary {
	/** ISO 8601. */
	createdAt: string;
	appVersion: string;
	datasets: { name: string; rowCount: number }[];
	models: number;
	modelVersions: number;
	/** Bytes of all parts. */
	totalBytes: number;
}

/**
 * Opens a backup and describes it (manifest and tables checked; chunk hashes are checked by the
 * restore itself, before it writes). An invalid file gives its reason.
 */
export async function describeBackup(
	file: Blob
): Promise<{ ok: true; summary: BackupSummary } | { ok: false; message: string }> {
	try {
		const { manifest, rows } = await openBackup(file);
		return {
			ok: true,
			summary: {
				createdAt: manifest.createdAt,
				appVersion: manifest.appVersion,
				datasets: rows.datasets.map((d) => ({ name: d.name, rowCount: d.rowCount })),
				models: rows.models.length,
				modelVersions: rows.modelVersions.length,
				totalBytes: manifest.totalBytes
			}
		};
	} catch (error) {
		if (error instanceof BackupInvalidError) return { ok: false, message: error.message };
		if ((error as { name?: unknown } | null)?.name === 'NotReadableError') {
			return { ok: false, message: 'The file could not be read (was it moved or changed?).' };
		}
		throw error;
	}
}
