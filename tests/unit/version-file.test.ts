import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type {
	StoredArtifacts,
	StoredDetectorFields
} from '../../src/lib/ml/detector/stored-version';
import { readVersionFile, toVersionFile, VERSION_FILE_FORMAT } from '../../scripts/version-file';

/** Stored rows as IndexedDB holds them; 13 weight bytes so base64 needs padding. */
function storedRows(): { fields: StoredDetectorFields; artifacts: StoredArtifacts } {
	const weights = Uint8Array.from({ length: 13 }, (_, i) => (i * 37 + 5) % 256);
	return {
		fields: {
			config: { windowLength: 10, layers: [{ units: 8 }] },
			scaler: { mean: [1, 2], std: [0.5, 0.25] },
			threshold: 1.75,
			engineData: { format: 'vigil-detector-1', channelNames: ['a', 'b'], differenced: [0, 1] }
		},
		artifacts: {
			modelTopology: { class_name: 'Sequential' },
			weightSpecs: [{ name: 'w', shape: [13], dtype: 'float32' }],
			weightData: weights.buffer
		}
	};
}

describe('version file (what `npm run cli -- evaluate --model` reads)', () => {
	it('reads back the stored fields and exactly the weight bytes, in a buffer of their own', () => {
		const rows = storedRows();
		const text = JSON.stringify(toVersionFile(rows.fields, rows.artifacts));
		const read = readVersionFile(text, 'v.json');
		if (!read.ok) throw new Error(read.errors.join('; '));
		expect(read.fields).toEqual(rows.fields);
		expect(read.artifacts.modelTopology).toEqual(rows.artifacts.modelTopology);
		expect(read.artifacts.weightSpecs).toEqual(rows.artifacts.weightSpecs);
		// Node's small Buffers share an 8 KiB pool: the weights must not come back as a view on it.
		expect(read.artifacts.weightData).toBeInstanceOf(ArrayBuffer);
		expect(read.artifacts.weightData.byteLength).toBe(13);
		expect(Array.from(new Uint8Array(read.artifacts.weightData))).toEqual(
			Array.from(new Uint8Array(rows.artifacts.weightData))
		);
	});

	it('writes base64 weights with their SHA-256 and the format tag', () => {
		const rows = storedRows();
		const file = toVersionFile(rows.fields, rows.artifacts);
		expect(file.format).toBe(VERSION_FILE_FORMAT);
		const bytes = new Uint8Array(rows.artifacts.weightData);
		expect(file.artifacts.weightDataBase64).toBe(Buffer.from(bytes).toString('base64'));
		expect(file.artifacts.weightDataBase64.endsWith('=')).toBe(true);
		expect(file.artifacts.weightsSha256).toBe(createHash('sha256').update(bytes).digest('hex'));
	});

	it('names the file and what is wrong: not JSON, another format, missing parts', () => {
		expect(readVersionFile('{"format": ', 'a.json')).toMatchObject({
			ok: false,
			errors: [expect.stringMatching(/^a\.json: not JSON/)]
		});
		expect(readVersionFile('{"format": "vigil-version-json-0"}', 'b.json')).toEqual({
			ok: false,
			errors: [`b.json: format must be "${VERSION_FILE_FORMAT}", got "vigil-version-json-0"`]
		});
		expect(readVersionFile('[1]', 'c.json')).toEqual({
			ok: false,
			errors: ['c.json: not a JSON object']
		});
		const read = readVersionFile(
			JSON.stringify({ format: VERSION_FILE_FORMAT, version: { config: 3, threshold: 'x' } }),
			'd.json'
		);
		expect(read.ok).toBe(false);
		if (read.ok) return;
		expect(read.errors).toEqual([
			'd.json: version.config must be an object',
			'd.json: version.scaler must be an object or null',
			'd.json: version.threshold must be a number or null',
			'd.json: version.engineData must be an object',
			'd.json: artifacts must be an object'
		]);
	});

	it('refuses damaged weights: characters outside base64, or bytes that fail their hash', () => {
		const rows = storedRows();
		const file = toVersionFile(rows.fields, rows.artifacts);
		const garbled = {
			...file.artifacts,
			weightDataBase64: `*${file.artifacts.weightDataBase64.slice(1)}`
		};
		expect(readVersionFile(JSON.stringify({ ...file, artifacts: garbled }), 'e.json')).toEqual({
			ok: false,
			errors: ['e.json: artifacts.weightDataBase64 must be padded base64 text']
		});
		// Valid base64 of other bytes: only the hash can tell.
		const other = Buffer.from(new Uint8Array(13).fill(1)).toString('base64');
		const swapped = { ...file.artifacts, weightDataBase64: other };
		const read = readVersionFile(JSON.stringify({ ...file, artifacts: swapped }), 'f.json');
		expect(read).toMatchObject({
			ok: false,
			errors: [expect.stringContaining(`f.json: the weights' SHA-256 is `)]
		});
		if (read.ok) return;
		expect(read.errors[0]).toContain(`the file says ${file.artifacts.weightsSha256}`);
	});
});
