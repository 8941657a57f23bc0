import { DEFAULT_CHUNK_ROWS } from '../core/csv';
import type { Table } from '../core/fixes';
import { planSortGroups, type ChunkSpan } from '../core/fixes-sort-plan';
import { fixTables, hasFixes, type FixChoices } from '../core/fixes-stream';
import { concatTables } from '../core/fixes-table';
import { ValidationAccumulator } from '../core/validation-accumulator';
import { beginDatasetImport, type DatasetImport } from './dataset-import';
import { chunksBySeq, chunksInOrder, getDataset } from './datasets';
import type { VigilDb } from './db';
import { storageCall, type StorageFailure } from './errors';
import type { ChunkRow, DatasetRow } from './schema';
import { limitsOf, saveValidation } from './validation-store';

export interface FixProgress {
	/** Known once the new version's row exists (a cancel removes it by this id). */
	datasetId: number | null;
	/** Rows of the original read so far, and in all. */
	rowsRead: number;
	totalRows: number;
	phase: 'planning' | 'writing';
}

export type FixResult =
	| { ok: true; dataset: DatasetRow; notes: string[] }
	| { ok: false; reason: string; failure?: StorageFailure };

export interface FixRequest {
	signal?: AbortSignal;
	onProgress?: (progress: FixProgress) => void;
	/** Rows per written chunk (default `DEFAULT_CHUNK_ROWS`, as an import). */
	chunkRows?: number;
	/** Memory limit of one sort group (default `SORT_GROUP_MAX_BYTES`; tests lower it). */
	sortMaxBytes?: number;
}

/**
 * Writes a new dataset: `sourceId`'s rows with `choices` applied, named `… (fixed)`, with
 * `parentId` = the original, which is never changed. Streams chunk by chunk (sorting holds one
 * group of overlapping chunks at a time, refused past `SORT_GROUP_MAX_BYTES`); the new version
 * is validated as it is written, its segments are copied from the original. A cancel (`signal`)
 * or a failure leaves no trace of the new version (`beginDatasetImport`).
 */
export async function writeFixedVersion(
	db: VigilDb,
	sourceId: number,
	choices: FixChoices,
	request: FixRequest = {}
): Promise<FixResult> {
	const source = await getDataset(db, sourceId);
	if (!source) return { ok: false, reason: 'the dataset does not exist any more' };
	if (!hasFixes(choices)) return { ok: false, reason: 'no fix was chosen' };
	const names = source.channels.map((c) => c.name);
	const unknown = choices.dropChannels.filter((name) => !names.includes(name));
	if (unknown.length > 0) return { ok: false, reason: `no channel named ${unknown.join(', ')}` };
	if (choices.dropChannels.length === names.length)
		return { ok: false, reason: 'dropping every channel would leave nothing' };
	const notes: string[] = [];
	const progress = (p: Omit<FixProgress, 'totalRows'>) =>
		request.onProgress?.({ ...p, totalRows: source.rowCount });
	const sorted = (source.validation?.summary.backwards.count ?? 1) === 0;
	let effective = choices;
	if (choices.sort && sorted) {
		effective = { ...choices, sort: false };
		notes.push('already in time order: not sorted');
	}
	progress({ datasetId: null, rowsRead: 0, phase: 'planning' });
	const read = await reader(db, source, effective.sort, request.sortMaxBytes);
	if (!read.ok) return read;

	const kept = source.channels.filter((c) => !choices.dropChannels.includes(c.name));
	const begun = await beginDatasetImport(db, {
		name: `${source.name} (fixed)`,
		source: `fix of dataset ${source.id}`,
		channels: kept,
		labelColumns: source.labelColumns,
		sampleRateHz: source.sampleRateHz,
		notes: describeFixes(choices),
		parentId: source.id
	});
	if (!begun.ok) return { ok: false, reason: begun.error.message, failure: begun.error };
	const target = begun.value;
	const fail = async (reason: string, failure?: StorageFailure): Promise<FixResult> => {
		await target.abort();
		return { ok: false, reason, failure };
	};
	try {
		const validation = new ValidationAccumulator({
			channelNames: kept.map((c) => c.name),
			limits: limitsOf(source.validation)
		});
		let rowsRead = 0;
		// Called again for the main pass after a first-value pass (fill): progress starts over.
		const counted = async function* () {
			rowsRead = 0;
			for await (const table of read.tables()) {
				rowsRead += table.frame.t.length;
				yield table;
			}
		};
		const chunkRows = request.chunkRows ?? DEFAULT_CHUNK_ROWS;
		for await (const table of fixTables(counted, effective, chunkRows)) {
			if (request.signal?.aborted) return await fail('cancelled');
			const written = await target.writeChunk({ frame: table.frame, labels: table.labels });
			if (!written.ok) return await fail(written.error.message, written.error);
			validation.push(table.frame);
			progress({ datasetId: target.datasetId, rowsRead, phase: 'writing' });
		}
		if (request.signal?.aborted) return await fail('cancelled');
		return await finish(db, target, source, validation, notes, fail);
	} catch (error) {
		return fail(error instanceof Error ? error.message : String(error));
	}
}

async function finish(
	db: VigilDb,
	target: DatasetImport,
	source: DatasetRow,
	validation: ValidationAccumulator,
	notes: string[],
	fail: (reason: string, failure?: StorageFailure) => Promise<FixResult>
): Promise<FixResult> {
	const summary = validation.summary();
	if (summary.rows === 0) return fail('the fixes left no rows');
	const copied = await storageCall(async () => {
		await saveValidation(db, target.datasetId, summary);
		// Segments mark times, which the fixes keep: they hold for the new version too.
		const segments = await db.segments.where('datasetId').equals(source.id).toArray();
		await db.segments.bulkAdd(
			segments.map(({ id: _id, ...segment }) => ({ ...segment, datasetId: target.datasetId }))
		);
	});
	if (!copied.ok) return fail(copied.error.message, copied.error);
	const committed = await target.commit();
	if (!committed.ok) return fail(committed.error.message, committed.error);
	return { ok: true, dataset: committed.value, notes };
}

type Reader = { ok: true; tables: () => AsyncIterable<Table> } | { ok: false; reason: string };

/** Reads the source in file order, or per sort group when sorting (planned from chunk ranges). */
async function reader(
	db: VigilDb,
	source: DatasetRow,
	sort: boolean,
	sortMaxBytes?: number
): Promise<Reader> {
	const channelNames = source.channels.map((c) => c.name);
	const asTable = (chunk: ChunkRow): Table => ({
		frame: { t: chunk.t, channels: chunk.channels },
		labels: chunk.labels,
		channelNames
	});
	if (!sort) {
		return {
			ok: true,
			tables: async function* () {
				for await (const chunk of chunksInOrder(db, source.id)) yield asTable(chunk);
			}
		};
	}
	const spans: ChunkSpan[] = [];
	// A cursor reads one chunk at a time: the plan needs only each chunk's range.
	await db.chunks
		.where('datasetId')
		.equals(source.id)
		.each((chunk) =>
			spans.push({ seq: chunk.seq, startMs: chunk.startMs, endMs: chunk.endMs, rows: chunk.rows })
		);
	const bytesPerRow = 8 + 4 * source.channels.length + source.labelColumns.length;
	const plan = planSortGroups(spans, bytesPerRow, sortMaxBytes);
	if (!plan.ok) return { ok: false, reason: plan.message };
	return {
		ok: true,
		tables: async function* () {
			for (const group of plan.groups) {
				const chunks = await chunksBySeq(db, source.id, group);
				yield concatTables(chunks.map(asTable));
			}
		}
	};
}

/** The fixes in words, for the new version's notes. */
export function describeFixes(choices: FixChoices): string {
	const parts: string[] = [];
	if (choices.sort) parts.push('sorted by time');
	if (choices.dropDuplicates) parts.push('repeated timestamps dropped');
	if (choices.interpolateMaxRun > 0)
		parts.push(`runs of up to ${choices.interpolateMaxRun} missing values interpolated`);
	if (choices.missing === 'drop-rows') parts.push('rows with missing values dropped');
	if (choices.missing === 'fill-previous')
		parts.push('missing values filled from the previous one');
	if (choices.dropChannels.length > 0)
		parts.push(`channels dropped: ${choices.dropChannels.join(', ')}`);
	return `Fixed: ${parts.join('; ')}.`;
}
