/**
 * JSON for rows that IndexedDB stored by structured clone, which JSON alone would damage:
 * `NaN` and `±Infinity` (JSON writes `null`), typed arrays and ArrayBuffers (JSON writes an
 * object of indices or `{}`), and `Date`. Each becomes a tagged object `{ "$vigil": kind, … }`
 * and comes back as it was. Bulk data (chunks, weights) never goes through here: it is stored
 * as raw binary parts.
 */

// DO NOT RENAME: persisted in backup files
const TAG = '$vigil';

type TypedArrayName =
	| 'Float64Array'
	| 'Float32Array'
	| 'Int32Array'
	| 'Uint32Array'
	| 'Int16Array'
	| 'Uint16Array'
	| 'Int8Array'
	| 'Uint8Array'
	| 'Uint8ClampedArray';

const TYPED_ARRAYS: Record<TypedArrayName, { new (buffer: ArrayBuffer): ArrayBufferView }> = {
	Float64Array,
	Float32Array,
	Int32Array,
	Uint32Array,
	Int16Array,
	Uint16Array,
	Int8Array,
	Uint8Array,
	Uint8ClampedArray
};

/** A value JSON cannot carry: `where` is the path to it, for the message. */
export class BackupEncodeError extends Error {
	override name = 'BackupEncodeError';
}

/** JSON text of `value`, with the tagged forms above. `where` names it in error messages. */
export function encodeJson(value: unknown, where: string): string {
	return JSON.stringify(tag(value, where));
}

/** The value `encodeJson` wrote; throws `SyntaxError` on text that is not JSON. */
export function decodeJson(text: string): unknown {
	return JSON.parse(text, (_key, value: unknown) => untag(value));
}

function tag(value: unknown, where: string): unknown {
	if (typeof value === 'number') {
		if (Number.isFinite(value)) return value;
		return { [TAG]: 'number', value: String(value) };
	}
	if (value === null || typeof value !== 'object') {
		if (typeof value === 'bigint' || typeof value === 'symbol' || typeof value === 'function') {
			throw new BackupEncodeError(`${where}: a ${typeof value} cannot be backed up`);
		}
		return value;
	}
	if (value instanceof Date) return { [TAG]: 'Date', value: value.getTime() };
	if (value instanceof ArrayBuffer) return { [TAG]: 'ArrayBuffer', base64: toBase64(value) };
	if (ArrayBuffer.isView(value)) {
		const kind = value.constructor.name as TypedArrayName;
		if (!(kind in TYPED_ARRAYS))
			throw new BackupEncodeError(`${where}: a ${kind} cannot be backed up`);
		const bytes = value.buffer.slice(value.byteOffset, value.byteOffset + value.byteLength);
		return { [TAG]: kind, base64: toBase64(bytes as ArrayBuffer) };
	}
	if (Array.isArray(value)) return value.map((item, i) => tag(item, `${where}[${i}]`));
	const prototype = Object.getPrototypeOf(value) as unknown;
	if (prototype !== Object.prototype && prototype !== null) {
		const kind = (value as { constructor?: { name?: string } }).constructor?.name ?? 'object';
		throw new BackupEncodeError(`${where}: a ${kind} cannot be backed up`);
	}
	if (TAG in value) throw new BackupEncodeError(`${where}: a field is named ${TAG}`);
	const out: Record<string, unknown> = {};
	for (const [key, item] of Object.entries(value)) {
		if (item !== undefined) out[key] = tag(item, `${where}.${key}`);
	}
	return out;
}

function untag(value: unknown): unknown {
	if (value === null || typeof value !== 'object' || !(TAG in value)) return value;
	const tagged = value as { [TAG]: string; value?: unknown; base64?: unknown };
	const kind = tagged[TAG];
	if (kind === 'number') return Number(tagged.value);
	if (kind === 'Date') return new Date(Number(tagged.value));
	if (typeof tagged.base64 !== 'string') throw new SyntaxError(`tagged ${kind} without base64`);
	const buffer = fromBase64(tagged.base64);
	if (kind === 'ArrayBuffer') return buffer;
	const Typed = TYPED_ARRAYS[kind as TypedArrayName];
	if (!Typed) throw new SyntaxError(`unknown tagged value ${kind}`);
	return new Typed(buffer);
}

function toBase64(buffer: ArrayBuffer): string {
	const bytes = new Uint8Array(buffer);
	let binary = '';
	for (let i = 0; i < bytes.length; i += 0x8000) {
		binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
	}
	return btoa(binary);
}

function fromBase64(text: string): ArrayBuffer {
	const binary = atob(text);
	const bytes = new Uint8Array(binary.length);
	for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
	return bytes.buffer;
}
