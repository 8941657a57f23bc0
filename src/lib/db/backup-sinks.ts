import type { ByteSink } from './backup-zip-writer';

/** Pieces are gathered up to this size before they become one Blob. */
const BLOB_BATCH_BYTES = 8 * 2 ** 20;

/**
 * Collects the archive as Blobs of about 8 MiB. Chromium keeps large Blobs in its blob store
 * (paged to disk beyond its memory limit), so the workspace never has to fit in this realm's
 * memory at once; `finish` gives the whole file as one Blob of those Blobs.
 */
export function blobSink(type = 'application/zip'): ByteSink & { finish(): Blob } {
	const blobs: Blob[] = [];
	let pending: Uint8Array[] = [];
	let pendingBytes = 0;
	const flush = () => {
		if (pending.length === 0) return;
		blobs.push(new Blob(pending as BlobPart[]));
		pending = [];
		pendingBytes = 0;
	};
	return {
		async write(bytes) {
			// The Blob constructor copies, so the writer's buffers are free once flushed.
			pending.push(bytes);
			pendingBytes += bytes.length;
			if (pendingBytes >= BLOB_BATCH_BYTES) flush();
		},
		finish() {
			flush();
			return new Blob(blobs, { type });
		}
	};
}

/**
 * Writes into a file the user chose (`showSaveFilePicker`). Chromium writes to a temporary file
 * and replaces the target only on `close`, so `abort` after a failure or cancel leaves no
 * half-written backup behind.
 */
export function writableSink(stream: FileSystemWritableFileStream): ByteSink & {
	close(): Promise<void>;
	abort(): Promise<void>;
} {
	return {
		async write(bytes) {
			await stream.write(bytes as Uint8Array<ArrayBuffer>);
		},
		close: () => stream.close(),
		abort: () => stream.abort()
	};
}
