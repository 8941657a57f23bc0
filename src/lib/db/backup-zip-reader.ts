import { inflateSync } from 'fflate';
import { crc32 } from './backup-crc32';

/** One entry of a zip's central directory. Offsets and sizes in bytes. */
export interface ZipEntry {
	path: string;
	/** 0 stored, 8 deflate (a backup re-zipped by another tool). */
	method: number;
	crc: number;
	compressedBytes: number;
	bytes: number;
	localHeaderOffset: number;
}

/** Why a file could not be read as a zip; `message` says what and where, for the user. */
export class ZipFormatError extends Error {
	override name = 'ZipFormatError';
}

const EOCD_BYTES = 22;
const MAX_COMMENT = 0xffff;

/**
 * Reads a zip from a Blob (a File) by random access: the end record, then the central directory,
 * then each entry's bytes on demand. Nothing beyond the directory is held in memory, so a backup
 * larger than memory can be checked part by part.
 */
export class ZipReader {
	private constructor(
		private readonly blob: Blob,
		readonly entries: ReadonlyMap<string, ZipEntry>
	) {}

	/** Opens `blob`; throws `ZipFormatError` when it is not a zip or is cut short. */
	static async open(blob: Blob): Promise<ZipReader> {
		const tailStart = Math.max(0, blob.size - EOCD_BYTES - MAX_COMMENT);
		const tail = await bytesOf(blob, tailStart, blob.size);
		const eocdAt = findBackwards(tail, 0x06054b50);
		if (eocdAt < 0) {
			throw new ZipFormatError(
				'no end-of-archive record: the file is truncated (an incomplete download or copy) or is not a zip file'
			);
		}
		const end = new DataView(tail.buffer, tail.byteOffset + eocdAt);
		let count = end.getUint16(10, true);
		let directoryBytes = end.getUint32(12, true);
		let directoryOffset = end.getUint32(16, true);
		const eocdOffset = tailStart + eocdAt;
		if (count === 0xffff || directoryBytes === 0xffffffff || directoryOffset === 0xffffffff) {
			({ count, directoryBytes, directoryOffset } = await readZip64End(blob, eocdOffset));
		}
		if (directoryOffset + directoryBytes > eocdOffset) {
			throw new ZipFormatError(
				`the central directory (bytes ${directoryOffset}–${directoryOffset + directoryBytes}) runs past the end record at ${eocdOffset}: the file is damaged`
			);
		}
		const directory = await bytesOf(blob, directoryOffset, directoryOffset + directoryBytes);
		return new ZipReader(blob, parseDirectory(directory, count, directoryOffset));
	}

	/**
	 * The content of `entry`, inflated if it was deflated. Throws `ZipFormatError` when its bytes
	 * lie outside the file (truncated) or its local header does not match the directory.
	 */
	async read(entry: ZipEntry): Promise<Uint8Array<ArrayBuffer>> {
		const header = await bytesOf(this.blob, entry.localHeaderOffset, entry.localHeaderOffset + 30);
		const view = new DataView(header.buffer, header.byteOffset);
		if (header.length < 30 || view.getUint32(0, true) !== 0x04034b50) {
			throw new ZipFormatError(`${entry.path}: no local header at byte ${entry.localHeaderOffset}`);
		}
		const start =
			entry.localHeaderOffset + 30 + view.getUint16(26, true) + view.getUint16(28, true);
		const stop = start + entry.compressedBytes;
		if (stop > this.blob.size) {
			throw new ZipFormatError(
				`${entry.path}: its data ends at byte ${stop} but the file has ${this.blob.size}: the file is truncated`
			);
		}
		const raw = await bytesOf(this.blob, start, stop);
		if (entry.method === 0) return raw;
		if (entry.method === 8) return inflateSync(raw, { out: new Uint8Array(entry.bytes) });
		throw new ZipFormatError(`${entry.path}: compression method ${entry.method} is not supported`);
	}

	/** Like `read`, and checks the CRC-32 the directory records (for parts no SHA-256 covers). */
	async readChecked(entry: ZipEntry): Promise<Uint8Array<ArrayBuffer>> {
		const bytes = await this.read(entry);
		if (bytes.length !== entry.bytes || crc32(bytes) !== entry.crc) {
			throw new ZipFormatError(`${entry.path}: CRC-32 mismatch (the file is damaged)`);
		}
		return bytes;
	}
}

async function bytesOf(blob: Blob, start: number, stop: number): Promise<Uint8Array<ArrayBuffer>> {
	return new Uint8Array(await blob.slice(start, stop).arrayBuffer());
}

function findBackwards(bytes: Uint8Array, signature: number): number {
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	for (let at = bytes.length - EOCD_BYTES; at >= 0; at--) {
		if (view.getUint32(at, true) === signature) return at;
	}
	return -1;
}

async function readZip64End(
	blob: Blob,
	eocdOffset: number
): Promise<{ count: number; directoryBytes: number; directoryOffset: number }> {
	const locator = await bytesOf(blob, eocdOffset - 20, eocdOffset);
	const locatorView = new DataView(locator.buffer);
	if (locator.length !== 20 || locatorView.getUint32(0, true) !== 0x07064b50) {
		throw new ZipFormatError('the Zip64 end locator is missing: the file is damaged');
	}
	const recordOffset = safeNumber(locatorView.getBigUint64(8, true), 'Zip64 record offset');
	const record = await bytesOf(blob, recordOffset, recordOffset + 56);
	const view = new DataView(record.buffer);
	if (record.length !== 56 || view.getUint32(0, true) !== 0x06064b50) {
		throw new ZipFormatError(`no Zip64 end record at byte ${recordOffset}: the file is damaged`);
	}
	return {
		count: safeNumber(view.getBigUint64(32, true), 'entry count'),
		directoryBytes: safeNumber(view.getBigUint64(40, true), 'directory size'),
		directoryOffset: safeNumber(view.getBigUint64(48, true), 'directory offset')
	};
}

function parseDirectory(
	bytes: Uint8Array,
	count: number,
	baseOffset: number
): Map<string, ZipEntry> {
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	const decoder = new TextDecoder();
	const entries = new Map<string, ZipEntry>();
	let at = 0;
	for (let n = 0; n < count; n++) {
		if (at + 46 > bytes.length || view.getUint32(at, true) !== 0x02014b50) {
			throw new ZipFormatError(
				`central directory entry ${n + 1} of ${count} at byte ${baseOffset + at} is damaged`
			);
		}
		const nameLength = view.getUint16(at + 28, true);
		const extraLength = view.getUint16(at + 30, true);
		const commentLength = view.getUint16(at + 32, true);
		const path = decoder.decode(bytes.subarray(at + 46, at + 46 + nameLength));
		const entry: ZipEntry = {
			path,
			method: view.getUint16(at + 10, true),
			crc: view.getUint32(at + 16, true),
			compressedBytes: view.getUint32(at + 20, true),
			bytes: view.getUint32(at + 24, true),
			localHeaderOffset: view.getUint32(at + 42, true)
		};
		applyZip64Extra(entry, view, at + 46 + nameLength, extraLength);
		if (entries.has(path)) throw new ZipFormatError(`${path} appears twice in the archive`);
		entries.set(path, entry);
		at += 46 + nameLength + extraLength + commentLength;
	}
	return entries;
}

/** Fills the fields the classic header set to 0xFFFFFFFF from the Zip64 extra field, in order. */
function applyZip64Extra(entry: ZipEntry, view: DataView, start: number, length: number): void {
	for (let at = start; at + 4 <= start + length;) {
		const id = view.getUint16(at, true);
		const size = view.getUint16(at + 2, true);
		if (id === 0x0001) {
			let field = at + 4;
			const next = (what: string) => {
				const value = safeNumber(view.getBigUint64(field, true), what);
				field += 8;
				return value;
			};
			if (entry.bytes === 0xffffffff) entry.bytes = next('size');
			if (entry.compressedBytes === 0xffffffff) entry.compressedBytes = next('compressed size');
			if (entry.localHeaderOffset === 0xffffffff) entry.localHeaderOffset = next('offset');
			return;
		}
		at += 4 + size;
	}
}

function safeNumber(value: bigint, what: string): number {
	if (value > BigInt(Number.MAX_SAFE_INTEGER)) {
		throw new ZipFormatError(`the ${what} ${value} is too large: the file is damaged`);
	}
	return Number(value);
}
