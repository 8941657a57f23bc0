/**
 * A saved model version as one JSON file, for the Node runner (`npm run cli -- evaluate`): the
 * version's detector fields and its artifacts row exactly as IndexedDB holds them
 * (`db/schema.ts` ModelVersionRow and ModelArtifactRow), the weights as base64 with their SHA-256.
 * Mirroring the stored rows means exporting is a copy, and the runner rebuilds the detector
 * through `fromStoredVersion`, the function the detector worker opens a stored version with.
 * Not the future `.vigil` bundle. Node only (Buffer, node:crypto); no tfjs here, so tests and
 * the end-to-end test can import it cheaply.
 */
import { createHash } from 'node:crypto';
import type { StoredArtifacts, StoredDetectorFields } from '../src/lib/ml/detector/stored-version';

/** DO NOT RENAME: written into exported version files. */
export const VERSION_FILE_FORMAT = 'vigil-version-json-1';

export interface VersionFile {
	format: typeof VERSION_FILE_FORMAT;
	/** The model version row's fields the detector is rebuilt from. */
	version: StoredDetectorFields;
	artifacts: {
		modelTopology: unknown;
		weightSpecs: unknown[];
		/** All weights in `weightSpecs` order, base64 (RFC 4648, with padding). */
		weightDataBase64: string;
		/** Hex SHA-256 of the decoded weights, checked on read. */
		weightsSha256: string;
	};
}

export type VersionFileRead =
	| { ok: true; fields: StoredDetectorFields; artifacts: StoredArtifacts }
	| { ok: false; errors: string[] };

function sha256Hex(bytes: Uint8Array): string {
	return createHash('sha256').update(bytes).digest('hex');
}

/** Builds the file's content from a stored version's fields and its artifacts. */
export function toVersionFile(
	fields: StoredDetectorFields,
	artifacts: StoredArtifacts
): VersionFile {
	const bytes = new Uint8Array(artifacts.weightData);
	return {
		format: VERSION_FILE_FORMAT,
		version: {
			config: fields.config,
			scaler: fields.scaler,
			threshold: fields.threshold,
			engineData: fields.engineData
		},
		artifacts: {
			modelTopology: artifacts.modelTopology,
			weightSpecs: artifacts.weightSpecs,
			weightDataBase64: Buffer.from(bytes).toString('base64'),
			weightsSha256: sha256Hex(bytes)
		}
	};
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reads a version file's text. Every failure names the file (`where`) and the field; the
 * detector's own parts (topology, weight sizes, channel counts) are checked later by
 * `fromStoredVersion` and `importDetector`.
 */
export function readVersionFile(text: string, where: string): VersionFileRead {
	let parsed: unknown;
	try {
		parsed = JSON.parse(text);
	} catch (error) {
		return { ok: false, errors: [`${where}: not JSON (${(error as Error).message})`] };
	}
	if (!isRecord(parsed)) return { ok: false, errors: [`${where}: not a JSON object`] };
	if (parsed['format'] !== VERSION_FILE_FORMAT) {
		return {
			ok: false,
			errors: [
				`${where}: format must be "${VERSION_FILE_FORMAT}", got ${JSON.stringify(parsed['format'])}`
			]
		};
	}
	const errors: string[] = [];
	const version = parsed['version'];
	const artifacts = parsed['artifacts'];
	if (!isRecord(version)) errors.push(`${where}: version must be an object`);
	else {
		if (!isRecord(version['config'])) errors.push(`${where}: version.config must be an object`);
		if (version['scaler'] !== null && !isRecord(version['scaler']))
			errors.push(`${where}: version.scaler must be an object or null`);
		if (version['threshold'] !== null && typeof version['threshold'] !== 'number')
			errors.push(`${where}: version.threshold must be a number or null`);
		if (!isRecord(version['engineData']))
			errors.push(`${where}: version.engineData must be an object`);
	}
	let weights: ArrayBuffer | undefined;
	if (!isRecord(artifacts)) errors.push(`${where}: artifacts must be an object`);
	else {
		if (!Array.isArray(artifacts['weightSpecs']))
			errors.push(`${where}: artifacts.weightSpecs must be an array`);
		const encoded = artifacts['weightDataBase64'];
		// Buffer.from(…, 'base64') skips characters it does not know: check first, or a damaged
		// file would decode to other weights (the hash would catch it, with a vaguer message).
		if (typeof encoded !== 'string' || encoded.length % 4 !== 0 || !BASE64.test(encoded)) {
			errors.push(`${where}: artifacts.weightDataBase64 must be padded base64 text`);
		} else {
			// A copy into its own ArrayBuffer: a small Buffer is a view into Node's shared pool, and
			// importModel needs a buffer holding exactly the weights.
			const bytes = Uint8Array.from(Buffer.from(encoded, 'base64'));
			const actual = sha256Hex(bytes);
			if (actual !== artifacts['weightsSha256']) {
				errors.push(
					`${where}: the weights' SHA-256 is ${actual}, the file says ${String(artifacts['weightsSha256'])}`
				);
			} else weights = bytes.buffer;
		}
	}
	if (errors.length > 0 || !isRecord(version) || !isRecord(artifacts) || !weights) {
		return { ok: false, errors };
	}
	return {
		ok: true,
		fields: {
			config: version['config'] as Record<string, unknown>,
			scaler: (version['scaler'] as Record<string, unknown> | null) ?? null,
			threshold: (version['threshold'] as number | null) ?? null,
			engineData: version['engineData'] as Record<string, unknown>
		},
		artifacts: {
			modelTopology: artifacts['modelTopology'],
			weightSpecs: artifacts['weightSpecs'] as unknown[],
			weightData: weights
		}
	};
}
