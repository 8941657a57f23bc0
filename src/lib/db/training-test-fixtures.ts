/**
 * Small generated datasets for the training tests (db in Node, state in Chromium). Not a test
 * file itself (no `.test.`), so Vitest does not run it.
 */
import { beginDatasetImport } from './dataset-import';
import type { VigilDb } from './db';
import type { DatasetRow } from './schema';

/** 2026-03-01 00:00 UTC: where generated recordings start. */
export const FIXTURE_START_MS = Date.UTC(2026, 2, 1);

/**
 * Stores a ready dataset of `rows` rows at `stepMs`, with channels named `channels`: smooth sines
 * with a little noise, channel `c` at its own frequency, `offset` added to every value. Written
 * in chunks of 500 rows, as an import would.
 */
export async function storeSineDataset(
	db: VigilDb,
	options: { name: string; rows: number; channels: string[]; stepMs?: number; offset?: number }
): Promise<DatasetRow> {
	const { name, rows, channels, stepMs = 1000, offset = 0 } = options;
	const started = await beginDatasetImport(db, {
		name,
		source: 'generated',
		channels: channels.map((n) => ({ name: n, unit: '' })),
		labelColumns: [],
		sampleRateHz: 1000 / stepMs
	});
	if (!started.ok) throw new Error(started.error.message);
	const job = started.value;
	for (let from = 0; from < rows; from += 500) {
		const to = Math.min(rows, from + 500);
		const t = Float64Array.from(
			{ length: to - from },
			(_, i) => FIXTURE_START_MS + (from + i) * stepMs
		);
		const columns = channels.map((_, c) =>
			Float32Array.from(
				{ length: to - from },
				(_, i) => offset + Math.sin((from + i) / (4 + c)) + 0.05 * Math.cos((from + i) * 7.3 + c)
			)
		);
		const written = await job.writeChunk({ frame: { t, channels: columns }, labels: [] });
		if (!written.ok) throw new Error(written.error.message);
	}
	const committed = await job.commit();
	if (!committed.ok) throw new Error(committed.error.message);
	return committed.value;
}
