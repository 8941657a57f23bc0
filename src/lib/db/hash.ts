/** Bytes to hash: one buffer or view, or several, hashed as if concatenated. */
export type HashInput = ArrayBuffer | ArrayBufferView | (ArrayBuffer | ArrayBufferView)[];

/**
 * Hex SHA-256 of `input` via `crypto.subtle` (Node 20, browsers and workers alike). WebCrypto
 * has no incremental digest, so several parts are copied into one buffer first: hash per chunk
 * and then the digests (`sha256OfDigests`) rather than a whole dataset at once.
 */
export async function sha256Hex(input: HashInput): Promise<string> {
	const digest = await crypto.subtle.digest('SHA-256', concatBytes(input));
	return toHex(new Uint8Array(digest));
}

/** Hex SHA-256 of the concatenated raw digests given as hex strings (a one-level hash list). */
export async function sha256OfDigests(hexDigests: string[]): Promise<string> {
	const bytes = new Uint8Array(hexDigests.length * 32);
	hexDigests.forEach((hex, i) => {
		for (let b = 0; b < 32; b++) bytes[i * 32 + b] = parseInt(hex.slice(b * 2, b * 2 + 2), 16);
	});
	return sha256Hex(bytes);
}

function concatBytes(input: HashInput): Uint8Array<ArrayBuffer> {
	const parts = (Array.isArray(input) ? input : [input]).map(asBytes);
	const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
	let offset = 0;
	for (const part of parts) {
		out.set(part, offset);
		offset += part.byteLength;
	}
	return out;
}

function asBytes(part: ArrayBuffer | ArrayBufferView): Uint8Array {
	return part instanceof ArrayBuffer
		? new Uint8Array(part)
		: new Uint8Array(part.buffer, part.byteOffset, part.byteLength);
}

function toHex(bytes: Uint8Array): string {
	let hex = '';
	for (const b of bytes) hex += b.toString(16).padStart(2, '0');
	return hex;
}
