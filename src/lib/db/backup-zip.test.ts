import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { crc32 } from './backup-crc32';
import { ZipFormatError, ZipReader } from './backup-zip-reader';
import { ZipWriter, type ByteSink } from './backup-zip-writer';

/** Collects what the writer emits, as a Blob (the shape a backup file has when read back). */
function memorySink(): ByteSink & { blob(): Blob; pieces: Uint8Array[] } {
	const pieces: Uint8Array[] = [];
	return {
		pieces,
		async write(bytes) {
			pieces.push(bytes.slice());
		},
		blob: () => new Blob(pieces as BlobPart[])
	};
}

async function archive(
	files: Record<string, Uint8Array>,
	options: { zip64Threshold?: number } = {}
): Promise<Blob> {
	const sink = memorySink();
	const zip = new ZipWriter(sink, { modifiedAt: new Date(2026, 10, 22, 13, 45, 30), ...options });
	for (const [path, bytes] of Object.entries(files)) await zip.add(path, bytes);
	await zip.finish();
	return sink.blob();
}

const FILES = {
	'manifest.json': strToU8('{"format":"test"}'),
	'datasets/3/chunk-12.bin': Uint8Array.from({ length: 5000 }, (_, i) => (i * 31) % 251),
	'empty.bin': new Uint8Array(0),
	'names/Überdruck °C.json': strToU8('[1,2,3]')
};

describe('crc32', () => {
	it('matches the standard check value and continues across pieces', () => {
		expect(crc32(strToU8('123456789'))).toBe(0xcbf43926);
		const bytes = FILES['datasets/3/chunk-12.bin'];
		expect(crc32(bytes.subarray(1237), crc32(bytes.subarray(0, 1237)))).toBe(crc32(bytes));
		expect(crc32(new Uint8Array(0))).toBe(0);
	});
});

describe('ZipWriter', () => {
	it('writes an archive fflate (an independent reader) unpacks to the same bytes', async () => {
		const blob = await archive(FILES);
		const unpacked = unzipSync(new Uint8Array(await blob.arrayBuffer()));
		expect(Object.keys(unpacked).sort()).toEqual(Object.keys(FILES).sort());
		for (const [path, bytes] of Object.entries(FILES)) expect(unpacked[path]).toEqual(bytes);
	});

	it('writes Zip64 records that fflate and our reader both follow', async () => {
		const blob = await archive(FILES, { zip64Threshold: 100 });
		const bytes = new Uint8Array(await blob.arrayBuffer());
		// The Zip64 end record and locator are really there, and the classic fields say "see Zip64".
		const view = new DataView(bytes.buffer);
		expect(view.getUint32(bytes.length - 22, true)).toBe(0x06054b50);
		expect(view.getUint32(bytes.length - 22 - 20, true)).toBe(0x07064b50);
		expect(view.getUint32(bytes.length - 22 + 16, true)).toBe(0xffffffff);
		const unpacked = unzipSync(bytes);
		expect(unpacked['datasets/3/chunk-12.bin']).toEqual(FILES['datasets/3/chunk-12.bin']);
		const reader = await ZipReader.open(blob);
		for (const [path, content] of Object.entries(FILES)) {
			expect(await reader.readChecked(reader.entries.get(path)!)).toEqual(content);
		}
		expect(reader.entries.get('names/Überdruck °C.json')!.localHeaderOffset).toBeGreaterThan(100);
	});

	it('produces archives the system unzip accepts, when it is installed', async () => {
		const blob = await archive(FILES, { zip64Threshold: 100 });
		const dir = mkdtempSync(join(tmpdir(), 'vigil-zip-'));
		const path = join(dir, 'test.zip');
		writeFileSync(path, new Uint8Array(await blob.arrayBuffer()));
		let listing: string;
		try {
			listing = execFileSync('python3', ['-m', 'zipfile', '-t', path], { encoding: 'utf8' });
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code === 'ENOENT') return expect(true).toBe(true);
			throw error;
		}
		expect(listing).toContain('Done testing');
	});
});

describe('ZipReader', () => {
	it('reads stored and deflated entries (a backup re-zipped by another tool)', async () => {
		const deflated = zipSync({ 'a.json': strToU8('{"x":1}'.repeat(100)) }, { level: 9 });
		const reader = await ZipReader.open(new Blob([deflated]));
		const entry = reader.entries.get('a.json')!;
		expect(entry.method).toBe(8);
		expect(strFromU8(await reader.readChecked(entry))).toBe('{"x":1}'.repeat(100));
	});

	it('says the file is truncated when its end is missing, at any cut', async () => {
		const blob = await archive(FILES);
		for (const cut of [blob.size - 1, blob.size - 30, Math.floor(blob.size / 2), 10, 0]) {
			await expect(ZipReader.open(blob.slice(0, cut))).rejects.toThrow(/truncated/);
		}
		await expect(ZipReader.open(new Blob([strToU8('not a zip at all')]))).rejects.toThrow(
			ZipFormatError
		);
	});

	it('finds a damaged entry through its CRC-32', async () => {
		const blob = await archive(FILES);
		const bytes = new Uint8Array(await blob.arrayBuffer());
		const reader = await ZipReader.open(blob);
		const entry = reader.entries.get('manifest.json')!;
		bytes[entry.localHeaderOffset + 30 + 'manifest.json'.length + 2]! ^= 0xff;
		const damaged = await ZipReader.open(new Blob([bytes]));
		await expect(damaged.readChecked(damaged.entries.get('manifest.json')!)).rejects.toThrow(
			'manifest.json: CRC-32 mismatch'
		);
	});
});
