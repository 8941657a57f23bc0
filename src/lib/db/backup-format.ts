/**
 * The backup file format: one zip with `manifest.json`, one JSON part per table and one raw
 * binary part per chunk and per model's weights. Every name below is persisted in users' backup
 * files: change them only with a new `BACKUP_FORMAT_VERSION` and a reader for the old one.
 */
import type { ChunkRow, ModelArtifactRow } from './schema';
import { BATCH_SCORES_PREFIX } from './setting-keys';

// DO NOT RENAME: persisted in backup files
export const BACKUP_FORMAT = 'vigil-backup';
/** Raise it when a reader of the current version could not read what the writer now writes. */
export const BACKUP_FORMAT_VERSION = 1;
export const MANIFEST_PATH = 'manifest.json';

// DO NOT RENAME: persisted in backup files
/** The tables a backup carries, each as `tables/<name>.json` (an array of rows). */
export const BACKUP_TABLES = [
	'datasets',
	'chunks',
	'segments',
	'models',
	'modelVersions',
	'modelArtifacts',
	'trainingRuns',
	'settings',
	'diagnostics'
] as const;
export type BackupTable = (typeof BACKUP_TABLES)[number];

export function tablePath(table: BackupTable): string {
	return `tables/${table}.json`;
}

/** `datasets/3/chunk-12.bin`: the chunk's columns, raw (see `encodeChunk`). */
export function chunkPath(datasetId: number, seq: number): string {
	return `datasets/${datasetId}/chunk-${seq}.bin`;
}

/** `models/weights-2.bin`: the `weightData` of the n-th artifact row (keys may hold any text). */
export function weightsPath(index: number): string {
	return `models/weights-${index}.bin`;
}

/**
 * Settings that describe this device rather than the user's work (which tfjs backend ran fastest
 * here): neither backed up nor replaced by a restore. Add a prefix here for any new such key.
 */
// DO NOT RENAME: persisted in IndexedDB (settings keys, see workers/detector.worker.ts)
export const DEVICE_SETTING_PREFIXES = ['backend-choice|'];

export function isDeviceSetting(key: string): boolean {
	return DEVICE_SETTING_PREFIXES.some((prefix) => key.startsWith(prefix));
}

/**
 * Settings that are results derived from the data (batch scores: typed arrays keyed by dataset
 * id, which a restore renumbers). Not backed up and not restored: scoring again recreates them.
 */
export function isDerivedSetting(key: string): boolean {
	return key.startsWith(BATCH_SCORES_PREFIX);
}

/** One part of the archive and its checksum. */
export interface ManifestPart {
	path: string;
	bytes: number;
	/** Hex SHA-256 of the part's bytes. */
	sha256: string;
}

// DO NOT RENAME: persisted in backup files
export interface BackupManifest {
	format: typeof BACKUP_FORMAT;
	formatVersion: number;
	/** The Vigil build that wrote it (informational). */
	appVersion: string;
	/** The IndexedDB schema version the rows were read from. */
	schemaVersion: number;
	/** ISO 8601. */
	createdAt: string;
	/** Row count per table. */
	tables: Record<BackupTable, number>;
	/** Bytes of all parts together. */
	totalBytes: number;
	/** Every part except the manifest itself, in archive order. */
	parts: ManifestPart[];
}

// DO NOT RENAME: persisted in backup files
/** A chunk row as `tables/chunks.json` keeps it: its columns are in the binary part `path`. */
export type BackupChunkRow = Omit<ChunkRow, 't' | 'channels' | 'labels'> & {
	channelCount: number;
	labelCount: number;
	path: string;
};

// DO NOT RENAME: persisted in backup files
/** An artifact row as `tables/modelArtifacts.json` keeps it: its weights are in the part `path`. */
export type BackupArtifactRow = Omit<ModelArtifactRow, 'weightData'> & { path: string };

/** Bytes of a chunk part: `t` as float64, each channel as float32, each label as uint8. */
export function chunkPartBytes(rows: number, channelCount: number, labelCount: number): number {
	return rows * (8 + 4 * channelCount + labelCount);
}

/** A chunk's columns as one little-endian buffer: `t`, then channels, then labels, each whole. */
export function encodeChunk(chunk: Pick<ChunkRow, 't' | 'channels' | 'labels'>): Uint8Array {
	assertLittleEndian();
	const rows = chunk.t.length;
	const out = new Uint8Array(chunkPartBytes(rows, chunk.channels.length, chunk.labels.length));
	let at = 0;
	for (const column of [chunk.t, ...chunk.channels, ...chunk.labels]) {
		out.set(new Uint8Array(column.buffer, column.byteOffset, column.byteLength), at);
		at += column.byteLength;
	}
	return out;
}

/**
 * The columns of a chunk part, each in its own buffer (structured clone would store the whole
 * buffer of a view). The caller has checked `bytes.length === chunkPartBytes(…)`.
 */
export function decodeChunk(
	bytes: Uint8Array,
	rows: number,
	channelCount: number,
	labelCount: number
): Pick<ChunkRow, 't' | 'channels' | 'labels'> {
	assertLittleEndian();
	let at = bytes.byteOffset;
	const take = (length: number) => {
		const copy = bytes.buffer.slice(at, at + length) as ArrayBuffer;
		at += length;
		return copy;
	};
	return {
		t: new Float64Array(take(rows * 8)),
		channels: Array.from({ length: channelCount }, () => new Float32Array(take(rows * 4))),
		labels: Array.from({ length: labelCount }, () => new Uint8Array(take(rows)))
	};
}

/** Typed arrays use the platform's byte order; every platform browsers run on is little-endian. */
function assertLittleEndian(): void {
	if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1) {
		throw new Error('Backups need a little-endian platform; this one is big-endian.');
	}
}
