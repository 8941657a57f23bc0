import { assert } from '../core/assert';
import type { Frame } from '../core/frame';
import type { VigilDb } from './db';
import { storageFailureOf } from './errors';
import type { StorageFailure } from './errors';
import { chunkFacts, RecordingTotals } from './recording-totals';
import { restoreDataset } from './restore';
import type { ChannelInfo, DatasetRow } from './schema';
import { addMarker } from './segments';

/** What a recording knows before its first sample. */
export interface NewRecording {
	/** Defaults to `Recording YYYY-MM-DD HH:MM` (local time of the start). */
	name?: string;
	/** Where the samples come from, for the dataset's `source`: "simulated pump", "COM3 @ 115200". */
	sourceLabel: string;
	channels: readonly ChannelInfo[];
	notes?: string;
}

/**
 * Expected failures of a recording: storage ones, and `not-recording` when the dataset is no
 * longer a recording in progress (another tab recovered it while this one slept, or it was
 * deleted). Anything else is thrown.
 */
export type RecordingFailure = StorageFailure | { kind: 'not-recording'; message: string };
export type RecordingResult<T> = { ok: true; value: T } | { ok: false; error: RecordingFailure };

/** `Recording 2026-11-30 14:05` in local time. */
export function recordingName(atMs: number): string {
	return `Recording ${localTimeText(atMs).slice(0, 16)}`;
}

/** `2026-11-30 14:05:07` in local time. */
export function localTimeText(atMs: number): string {
	const d = new Date(atMs);
	const two = (n: number) => String(n).padStart(2, '0');
	return (
		`${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ` +
		`${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`
	);
}

/**
 * Starts a recording: a dataset row with status `recording` (unlisted until finished). Chunks go
 * in through the returned writer; a crash leaves the row for `recoverInterruptedRecordings`.
 */
export async function beginRecording(
	db: VigilDb,
	meta: NewRecording,
	nowMs = Date.now()
): Promise<RecordingResult<RecordingWriter>> {
	assert(meta.channels.length > 0, 'a recording needs at least one channel');
	const name = meta.name?.trim() || recordingName(nowMs);
	const channels = meta.channels.map(({ name, unit }) => ({ name, unit }));
	return guard(async () => {
		const id = await db.datasets.add({
			name,
			status: 'recording',
			channels,
			labelColumns: [],
			sampleRateHz: null,
			rowCount: 0,
			chunkCount: 0,
			startMs: null,
			endMs: null,
			source: meta.sourceLabel,
			sha256: '',
			sizeBytes: 0,
			notes: meta.notes ?? `Recorded live from ${meta.sourceLabel}.`,
			parentId: null,
			createdAt: nowMs,
			updatedAt: nowMs
		});
		return new RecordingWriter(db, id, name, channels);
	});
}

/**
 * One recording in progress. Call its methods one at a time (await each): chunks are hashed in
 * order. Every write also updates the dataset's counts and `updatedAt`, so a recording in
 * progress shows its size and crash recovery can tell a live one from a dead one.
 */
export class RecordingWriter {
	readonly #totals = new RecordingTotals();
	#busy = false;
	#finished = false;

	constructor(
		private readonly db: VigilDb,
		readonly datasetId: number,
		readonly name: string,
		readonly channels: readonly ChannelInfo[]
	) {}

	/** Rows stored so far. */
	get rowCount(): number {
		return this.#totals.rows;
	}

	/**
	 * Appends `frame` as one chunk, or with no rows only touches `updatedAt` (a heartbeat). The
	 * columns are copied when they are views into a bigger buffer. On failure nothing of this
	 * chunk is stored and everything before it stays.
	 */
	async append(frame: Frame, nowMs = Date.now()): Promise<RecordingResult<void>> {
		assert(!this.#finished, `append to finished recording ${this.datasetId}`);
		// Writes in parallel would race for `seq` and scramble the hash order: a caller bug.
		assert(!this.#busy, `append to recording ${this.datasetId} while another write is running`);
		const rows = frame.t.length;
		assert(
			frame.channels.length === this.channels.length,
			`chunk has ${frame.channels.length} channels, recording ${this.datasetId} has ${this.channels.length}`
		);
		for (const column of frame.channels) {
			assert(column.length === rows, `chunk column has ${column.length} rows, t has ${rows}`);
		}
		this.#busy = true;
		try {
			const t = ownBuffer(frame.t);
			const channels = frame.channels.map(ownBuffer);
			const facts = rows > 0 ? await chunkFacts(t, channels) : undefined;
			const seq = this.#totals.chunks;
			const result = await this.#inRecording(nowMs, async () => {
				if (facts) {
					await this.db.chunks.add({
						datasetId: this.datasetId,
						seq,
						rows,
						startMs: facts.startMs,
						endMs: facts.endMs,
						t,
						channels,
						labels: []
					});
				}
				return { ...this.#totals.counts(facts), updatedAt: nowMs };
			});
			if (result.ok && facts) this.#totals.add(facts);
			return result.ok ? { ok: true, value: undefined } : result;
		} finally {
			this.#busy = false;
		}
	}

	/** A marker at `atMs` (epoch ms) with a note; returns its segment id. */
	async addMarker(atMs: number, note: string): Promise<RecordingResult<number>> {
		return guard(() => addMarker(this.db, this.datasetId, atMs, note));
	}

	/** Marks the dataset `ready` with its counts, time range, estimated rate and hash. */
	async finish(nowMs = Date.now()): Promise<RecordingResult<DatasetRow>> {
		assert(!this.#busy, `finish recording ${this.datasetId} while a write is running`);
		const summary = await this.#totals.summary();
		const result = await this.#inRecording(nowMs, async () => ({
			...summary,
			status: 'ready' as const,
			updatedAt: nowMs
		}));
		if (!result.ok) return result;
		this.#finished = true;
		const row = await this.db.datasets.get(this.datasetId);
		assert(row, `recording ${this.datasetId} vanished while finishing`);
		return { ok: true, value: restoreDataset(row) };
	}

	/**
	 * Runs `work` in one transaction with the dataset row, then applies the changes it returns,
	 * if the dataset is still a recording in progress; otherwise nothing is written.
	 */
	#inRecording(
		nowMs: number,
		work: () => Promise<Partial<DatasetRow>>
	): Promise<RecordingResult<void>> {
		const { db, datasetId, name } = this;
		return guard(() =>
			db.transaction('rw', db.chunks, db.datasets, async () => {
				const row = await db.datasets.get(datasetId);
				if (row?.status !== 'recording') throw new NotRecordingError(name, row !== undefined);
				await db.datasets.update(datasetId, { ...(await work()), updatedAt: nowMs });
			})
		);
	}
}

/** Thrown inside a transaction to abort it when the dataset stopped being a recording. */
class NotRecordingError extends Error {
	constructor(name: string, exists: boolean) {
		super(
			exists
				? `“${name}” was already closed, probably by another Vigil tab while this one was asleep. ` +
						'What was recorded until then is kept; start a new recording to go on.'
				: `“${name}” was deleted while recording. Start a new recording to go on.`
		);
		this.name = 'NotRecordingError';
	}
}

async function guard<T>(work: () => Promise<T>): Promise<RecordingResult<T>> {
	try {
		return { ok: true, value: await work() };
	} catch (error) {
		if (error instanceof NotRecordingError) {
			return { ok: false, error: { kind: 'not-recording', message: error.message } };
		}
		const failure = storageFailureOf(error);
		if (failure === null) throw error;
		return { ok: false, error: failure };
	}
}

/**
 * The array itself, or a copy when it is a view into a larger buffer: structured clone stores the
 * whole underlying buffer of a view (the same care as `dataset-import.ts` takes).
 */
function ownBuffer<T extends Float64Array | Float32Array>(column: T): T {
	const whole = column.byteOffset === 0 && column.byteLength === column.buffer.byteLength;
	return whole ? column : (column.slice() as T);
}
