// @ts-check
import { createWriteStream } from 'node:fs';

/**
 * Writes a header line, then `lineAt(0)` … `lineAt(rows − 1)` (called in that order), to `path` in
 * blocks of about 1 MiB, waiting when the stream asks to (generated CSVs run to hundreds of MB).
 * @param {string} path @param {string} header @param {number} rows
 * @param {(row: number) => string} lineAt a line without its newline
 */
export async function writeLines(path, header, rows, lineAt) {
	const out = createWriteStream(path);
	let block = header + '\n';
	for (let i = 0; i < rows; i++) {
		block += lineAt(i) + '\n';
		if (block.length > 1 << 20) {
			if (!out.write(block))
				await new Promise((resolve) => out.once('drain', () => resolve(undefined)));
			block = '';
		}
	}
	out.write(block);
	await new Promise((resolve) => out.end(() => resolve(undefined)));
}
