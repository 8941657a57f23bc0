import { assert } from '../core/assert';
import { crc32 } from './backup-crc32';

/** Where the archive's bytes go, in order: a file on disk, Blob parts, memory in tests. */
export interface ByteSink {
	write(bytes: Uint8Array): Promise<void>;
}

/** Values at or above this need Zip64 records (the classic fields are 32 and 16 bits wide). */
const ZIP32_LIMIT = 0xffffffff;
const ENTRY_LIMIT = 0xffff;
/** One part is written in one piece, so it must fit one ArrayBuffer comfortably. */
export const MAX_PART_BYTES = 2 ** 31 - 1;

interface CentralEntry {
	name: Uint8Array;
	crc: number;
	bytes: number;
	offset: number;
}

/**
 * A streaming zip writer for stored (uncompressed) entries, with Zip64 when the archive passes
 * 4 GiB or 65,535 entries. Each part is written whole (local header, then its bytes), so sizes and
 * CRC go in the local header and no data descriptor is needed; only the central directory (about
 * 60 bytes per entry) stays in memory.
 *
 * Own code rather than fflate's `Zip`: fflate 0.8 writes 32-bit offsets and a 16-bit entry count
 * with no Zip64, so archives past 4 GiB came out corrupt, and a workspace can be that large.
 */
export class ZipWriter {
	#offset = 0;
	#entries: CentralEntry[] = [];
	#finished = false;
	readonly #zip64Threshold: number;
	readonly #dosTime: DosTime;

	/**
	 * `modifiedAt` is the time every entry carries (now by default). `zip64Threshold` is for tests:
	 * a small value forces the Zip64 records on a small archive.
	 */
	constructor(
		private readonly sink: ByteSink,
		options: { modifiedAt?: Date; zip64Threshold?: number } = {}
	) {
		this.#zip64Threshold = options.zip64Threshold ?? ZIP32_LIMIT;
		this.#dosTime = dosTime(options.modifiedAt ?? new Date());
	}

	/** Bytes written so far. */
	get bytesWritten(): number {
		return this.#offset;
	}

	/** Appends one stored entry named `path` (UTF-8, `/`-separated) with `bytes` as its content. */
	async add(path: string, bytes: Uint8Array): Promise<void> {
		assert(!this.#finished, `zip: add(${path}) after finish`);
		assert(bytes.length <= MAX_PART_BYTES, `zip: part ${path} has ${bytes.length} bytes`);
		const name = new TextEncoder().encode(path);
		assert(name.length > 0 && name.length <= 0xffff, `zip: bad entry name length ${name.length}`);
		const crc = crc32(bytes);
		const header = new Uint8Array(30 + name.length);
		const view = new DataView(header.buffer);
		view.setUint32(0, 0x04034b50, true);
		view.setUint16(4, 20, true); // version needed: 2.0
		view.setUint16(6, 0x0800, true); // flag: names are UTF-8
		view.setUint16(8, 0, true); // method: stored
		view.setUint16(10, this.#dosTime.time, true);
		view.setUint16(12, this.#dosTime.date, true);
		view.setUint32(14, crc, true);
		view.setUint32(18, bytes.length, true);
		view.setUint32(22, bytes.length, true);
		view.setUint16(26, name.length, true);
		view.setUint16(28, 0, true);
		header.set(name, 30);
		this.#entries.push({ name, crc, bytes: bytes.length, offset: this.#offset });
		await this.#write(header);
		if (bytes.length > 0) await this.#write(bytes);
	}

	/** Writes the central directory and the end records. Nothing can be added afterwards. */
	async finish(): Promise<void> {
		assert(!this.#finished, 'zip: finish called twice');
		this.#finished = true;
		const directoryOffset = this.#offset;
		const big = (n: number) => n >= this.#zip64Threshold;
		for (const entry of this.#entries) {
			await this.#write(centralHeader(entry, this.#dosTime, big(entry.offset)));
		}
		const directoryBytes = this.#offset - directoryOffset;
		const count = this.#entries.length;
		const zip64 =
			big(directoryOffset) || big(directoryBytes) || count >= ENTRY_LIMIT || big(this.#offset);
		if (zip64) {
			const recordOffset = this.#offset;
			await this.#write(zip64End(count, directoryBytes, directoryOffset));
			await this.#write(zip64Locator(recordOffset));
		}
		await this.#write(classicEnd(count, directoryBytes, directoryOffset, zip64));
	}

	async #write(bytes: Uint8Array): Promise<void> {
		await this.sink.write(bytes);
		this.#offset += bytes.length;
	}
}

function centralHeader(entry: CentralEntry, time: DosTime, offsetIn64: boolean): Uint8Array {
	const extraLength = offsetIn64 ? 12 : 0;
	const out = new Uint8Array(46 + entry.name.length + extraLength);
	const view = new DataView(out.buffer);
	view.setUint32(0, 0x02014b50, true);
	view.setUint16(4, 45, true); // made by: spec 4.5 (Zip64)
	view.setUint16(6, offsetIn64 ? 45 : 20, true);
	view.setUint16(8, 0x0800, true);
	view.setUint16(10, 0, true);
	view.setUint16(12, time.time, true);
	view.setUint16(14, time.date, true);
	view.setUint32(16, entry.crc, true);
	view.setUint32(20, entry.bytes, true);
	view.setUint32(24, entry.bytes, true);
	view.setUint16(28, entry.name.length, true);
	view.setUint16(30, extraLength, true);
	// comment length, disk number, internal and external attributes stay 0
	view.setUint32(42, offsetIn64 ? ZIP32_LIMIT : entry.offset, true);
	out.set(entry.name, 46);
	if (offsetIn64) {
		const at = 46 + entry.name.length;
		view.setUint16(at, 0x0001, true); // Zip64 extra: only the fields set to 0xFFFFFFFF follow
		view.setUint16(at + 2, 8, true);
		view.setBigUint64(at + 4, BigInt(entry.offset), true);
	}
	return out;
}

function zip64End(count: number, directoryBytes: number, directoryOffset: number): Uint8Array {
	const out = new Uint8Array(56);
	const view = new DataView(out.buffer);
	view.setUint32(0, 0x06064b50, true);
	view.setBigUint64(4, 44n, true); // size of the rest of this record
	view.setUint16(12, 45, true);
	view.setUint16(14, 45, true);
	// disk numbers (16, 20) stay 0
	view.setBigUint64(24, BigInt(count), true);
	view.setBigUint64(32, BigInt(count), true);
	view.setBigUint64(40, BigInt(directoryBytes), true);
	view.setBigUint64(48, BigInt(directoryOffset), true);
	return out;
}

function zip64Locator(recordOffset: number): Uint8Array {
	const out = new Uint8Array(20);
	const view = new DataView(out.buffer);
	view.setUint32(0, 0x07064b50, true);
	view.setBigUint64(8, BigInt(recordOffset), true);
	view.setUint32(16, 1, true); // total number of disks
	return out;
}

function classicEnd(
	count: number,
	directoryBytes: number,
	directoryOffset: number,
	zip64: boolean
): Uint8Array {
	const out = new Uint8Array(22);
	const view = new DataView(out.buffer);
	view.setUint32(0, 0x06054b50, true);
	const entries = zip64 ? ENTRY_LIMIT : count;
	view.setUint16(8, entries, true);
	view.setUint16(10, entries, true);
	view.setUint32(12, zip64 ? ZIP32_LIMIT : directoryBytes, true);
	view.setUint32(16, zip64 ? ZIP32_LIMIT : directoryOffset, true);
	return out;
}

interface DosTime {
	time: number;
	date: number;
}

/** MS-DOS local time as zip stores it (2-second steps, years from 1980). */
function dosTime(at: Date): DosTime {
	const year = Math.min(Math.max(at.getFullYear(), 1980), 2107);
	return {
		time: (at.getHours() << 11) | (at.getMinutes() << 5) | (at.getSeconds() >> 1),
		date: ((year - 1980) << 9) | ((at.getMonth() + 1) << 5) | at.getDate()
	};
}
