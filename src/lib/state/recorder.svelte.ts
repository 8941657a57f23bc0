import { assert } from '../core/assert';
import { frameLength, type Frame } from '../core/frame';
import { VigilDb } from '../db/db';
import { beginRecording, type RecordingResult, type RecordingWriter } from '../db/recording';
import type { RecoveredRecording } from '../db/recording-recovery';
import { MAX_MARKER_NOTE_CHARS } from '../db/segments';
import type { ChannelInfo } from '../io/source';
import { appUpdate } from './app-update.svelte';
import { liveStream } from './live-stream.svelte';
import { describeError, problems } from './problems.svelte';
import { channelList, PendingSamples, rateOf, sameChannels } from './recorder-buffer';
import type {
	Failure,
	RecordedPart,
	RecorderBatch,
	RecorderMarker,
	RecorderOptions
} from './recorder-types';
import { holdLock, recoverAbandonedRecordings } from './recorder-recovery';

/**
 * How often pending samples are written. A crash loses what is pending plus a write in flight,
 * so half a second keeps the loss under the promised one second even when a write is slow.
 */
export const FLUSH_INTERVAL_MS = 500;
/** With no samples arriving, `updatedAt` is still touched this often, so the row looks alive. */
const HEARTBEAT_MS = 2000;

/**
 * Records the live stream into datasets, crash-safe: samples are written at least every
 * `FLUSH_INTERVAL_MS`, when the page is hidden and on `pagehide`; writes are serialized and a
 * failed one is retried once. A module-level singleton (`recorder`) keeps recording while the
 * user moves between pages.
 *
 * Channel changes mid-recording (a header line renamed them, the user added one) finish the
 * current dataset and continue in a new part (`… (part 2)`): a dataset has one channel layout,
 * and refusing would drop the samples that keep arriving.
 */
export class Recorder {
	recording = $state(false);
	/** Stopping: the last samples are being written. */
	stopping = $state(false);
	/** Wall-clock time since start, ms (refreshed every `FLUSH_INTERVAL_MS`). */
	durationMs = $state(0);
	/** Rows received since start (all parts). */
	samples = $state(0);
	/** Sample rate of the last chunk written, from the samples' timestamps; 0 until known. */
	rateHz = $state(0);
	invalidLines = $state(0);
	markers = $state.raw<readonly RecorderMarker[]>([]);
	/** The dataset being written now. */
	current = $state.raw<RecordedPart | undefined>();
	/** Datasets finished by the current or last recording, oldest first. */
	parts = $state.raw<readonly RecordedPart[]>([]);
	/** Why recording stopped on its own, and what to do. */
	error = $state<string | undefined>();
	/** Something the user should know that is not a failure (a new part began). */
	notice = $state<string | undefined>();

	readonly #db: VigilDb;
	readonly #locks: LockManager | null;
	readonly #report: (message: string, where: string) => void;
	#writer: RecordingWriter | undefined;
	/** The channel layout `#writer` was opened with; pending samples follow `#channels`. */
	#writerChannels: readonly ChannelInfo[] = [];
	#channels: readonly ChannelInfo[] = [];
	#pending = new PendingSamples();
	#chain: Promise<void> = Promise.resolve();
	#flushQueued = false;
	#timer: ReturnType<typeof setInterval> | undefined;
	#release: () => void = () => undefined;
	#start = { atMs: 0, name: '', sourceLabel: '', part: 1 };
	#counts = { samples: 0, invalid: 0 };
	#lastFlushAtMs = 0;
	#lastWriteAtMs = 0;
	#lastSample: { t: number; arrivalMs: number } | undefined;
	/** The last frame pushed: the same frame twice (a listener wired twice) is taken once. */
	#lastFrame: Frame | undefined;
	#recovering: Promise<RecoveredRecording[]> | undefined;

	constructor(options: RecorderOptions = {}) {
		this.#db = options.db instanceof VigilDb ? options.db : new VigilDb(options.db);
		this.#locks =
			options.locks !== undefined ? options.locks : (globalThis.navigator?.locks ?? null);
		this.#report = options.report ?? ((message, where) => problems.report(message, where));
	}

	/** Starts recording into a new dataset; returns why not if it cannot. */
	async start(options: {
		name?: string;
		channels: readonly ChannelInfo[];
		sourceLabel: string;
	}): Promise<{ ok: true; datasetId: number } | { ok: false; reason: string }> {
		if (this.recording || this.stopping) return { ok: false, reason: 'Already recording.' };
		if (options.channels.length === 0) {
			return { ok: false, reason: 'Nothing to record: the source has no channels yet.' };
		}
		const nowMs = Date.now();
		this.#start = {
			atMs: nowMs,
			name: options.name ?? '',
			sourceLabel: options.sourceLabel,
			part: 1
		};
		this.#channels = options.channels;
		this.#counts = { samples: 0, invalid: 0 };
		this.#pending = new PendingSamples();
		this.#lastSample = undefined;
		this.error = this.notice = undefined;
		this.markers = [];
		this.parts = [];
		this.durationMs = this.samples = this.rateHz = this.invalidLines = 0;
		// Accept samples at once: they wait in memory until the dataset exists. Timers too, so a
		// stop() during the start detaches them (a flush before the dataset exists writes nothing).
		this.recording = true;
		this.#lastFlushAtMs = this.#lastWriteAtMs = nowMs;
		this.#timer = setInterval(this.#tick, FLUSH_INTERVAL_MS);
		globalThis.document?.addEventListener('visibilitychange', this.#onHidden);
		globalThis.addEventListener?.('pagehide', this.#onHidden);
		const opened = await this.#enqueue(() => this.#open(options.channels, options.name));
		if (!opened) return { ok: false, reason: this.error ?? 'The recording could not start.' };
		return { ok: true, datasetId: opened.datasetId };
	}

	/** Buffers a batch in memory (written within `FLUSH_INTERVAL_MS`); ignored when not recording. */
	push(batch: RecorderBatch): void {
		if (!this.recording || batch.frame === this.#lastFrame) return;
		this.#lastFrame = batch.frame;
		const rows = frameLength(batch.frame);
		assert(
			batch.frame.channels.length === batch.channels.length,
			`batch has ${batch.frame.channels.length} columns for ${batch.channels.length} channels`
		);
		this.#counts.invalid += batch.invalidLines ?? 0;
		if (!sameChannels(batch.channels, this.#channels)) this.#newPart(batch.channels);
		const nowMs = Date.now();
		if (rows > 0) {
			this.#pending.add(batch.frame);
			this.#counts.samples += rows;
			this.#lastSample = { t: batch.frame.t[rows - 1]!, arrivalMs: nowMs };
		}
		// Timers are throttled in background tabs; arriving samples still get written on time.
		if (nowMs - this.#lastFlushAtMs >= FLUSH_INTERVAL_MS) void this.flush();
	}

	/** Writes what is pending now (after any write in progress). */
	flush(): Promise<void> {
		if (this.#flushQueued) return this.#chain;
		this.#flushQueued = true;
		return this.#enqueue(async () => {
			this.#flushQueued = false;
			await this.#writePending();
		}).then(() => undefined);
	}

	/**
	 * A marker with a note at the current time on the samples' clock: the newest sample's time
	 * plus the time since it arrived, so a device clock that is off still lines up with its data.
	 */
	async addMarker(note: string): Promise<string | undefined> {
		if (!this.recording) return 'Markers can be added while recording.';
		const nowMs = Date.now();
		const atMs = this.#lastSample
			? this.#lastSample.t + (nowMs - this.#lastSample.arrivalMs)
			: nowMs;
		await this.#enqueue(async () => {
			const writer = this.#writer;
			if (!writer) return;
			const added = await writer.addMarker(atMs, note);
			if (!added.ok) return this.#fail(added.error, writer);
			const text = note.trim().slice(0, MAX_MARKER_NOTE_CHARS);
			const marker = { id: added.value, datasetId: writer.datasetId, atMs, note: text };
			this.markers = [...this.markers, marker];
		});
		return undefined;
	}

	/** Writes the rest, finishes the dataset (status `ready`) and stops. */
	async stop(): Promise<void> {
		if (!this.recording) return this.#chain;
		this.#publish();
		this.recording = false;
		this.stopping = true;
		this.#detach();
		await this.flush();
		await this.#enqueue(async () => {
			const writer = this.#writer;
			if (writer) await this.#close(writer);
		});
		this.#publish();
		this.stopping = false;
	}

	/**
	 * Run at app start: finalizes recordings a crash or a killed tab left behind (never while
	 * another tab still holds one) and tells the user. Looks again once the fresh ones go stale.
	 */
	recoverInterrupted(): Promise<RecoveredRecording[]> {
		this.#recovering ??= recoverAbandonedRecordings(this.#db, this.#locks, {
			ownDatasetId: this.#writer?.datasetId,
			report: (message) => this.#report(message, 'Recording')
		})
			.then(({ recovered, recheckInMs }) => {
				if (recheckInMs !== null)
					setTimeout(() => void this.recoverInterrupted(), recheckInMs + 100);
				return recovered;
			})
			.finally(() => (this.#recovering = undefined));
		return this.#recovering;
	}

	/** Why reloading now would lose data, for the app-update guard. */
	reloadBlocker(): string | undefined {
		return this.recording || this.stopping
			? 'A recording is running: stop it first (Live page), then reload to update.'
			: undefined;
	}

	readonly #tick = (): void => {
		this.#publish();
		void this.flush();
	};

	readonly #onHidden = (event: Event): void => {
		if (event.type === 'pagehide' || document.visibilityState === 'hidden') void this.flush();
	};

	/** Runs tasks one after another: never two writes at once. A task that throws stops recording. */
	#enqueue<T>(task: () => Promise<T>): Promise<T | undefined> {
		const run = this.#chain.then(task).catch(async (error: unknown) => {
			await this.#fail({ kind: 'unexpected', message: describeError(error) }, this.#writer).catch(
				() => undefined
			);
			return undefined;
		});
		this.#chain = run.then(() => undefined);
		return run;
	}

	/** Opens a dataset for `channels`; `continues` names the part before it, if any. */
	async #open(
		channels: readonly ChannelInfo[],
		name?: string,
		continues?: string
	): Promise<RecordedPart | undefined> {
		const started = await beginRecording(this.#db, {
			name,
			channels,
			sourceLabel: this.#start.sourceLabel,
			notes: continues
				? `Recorded live from ${this.#start.sourceLabel}; continues “${continues}” after the ` +
					`channels changed to ${channelList(channels)}.`
				: undefined
		});
		if (!started.ok) {
			await this.#fail(started.error, undefined);
			return undefined;
		}
		const writer = started.value;
		this.#writer = writer;
		this.#writerChannels = channels;
		this.#release = holdLock(this.#locks, writer.datasetId);
		this.current = { datasetId: writer.datasetId, name: writer.name };
		if (this.#start.part === 1) this.#start.name = writer.name;
		return this.current;
	}

	async #writePending(): Promise<void> {
		const writer = this.#writer;
		// A part change is queued: these samples belong to the next part's layout.
		if (!writer || this.#writerChannels !== this.#channels) return;
		const nowMs = Date.now();
		if (this.#pending.rows === 0 && nowMs - this.#lastWriteAtMs < HEARTBEAT_MS) return;
		this.#lastFlushAtMs = nowMs;
		await this.#append(writer, this.#pending.take(writer.channels.length), nowMs);
	}

	/** Appends with one retry; a second failure, or an expected one, stops the recording. */
	async #append(writer: RecordingWriter, frame: Frame, nowMs: number): Promise<boolean> {
		let result: RecordingResult<void> | { ok: false; error: Failure };
		try {
			result = await writer.append(frame, nowMs);
		} catch {
			try {
				result = await writer.append(frame, nowMs);
			} catch (error) {
				result = {
					ok: false as const,
					error: {
						kind: 'unexpected' as const,
						message: `a write failed twice (${describeError(error)})`
					}
				};
			}
		}
		if (!result.ok) {
			await this.#fail(result.error, writer, frame.t.length);
			return false;
		}
		this.#lastWriteAtMs = nowMs;
		this.rateHz = rateOf(frame) ?? this.rateHz;
		return true;
	}

	/** The source's channels changed: finish this part with its samples, continue in a new one. */
	#newPart(channels: readonly ChannelInfo[]): void {
		const before = this.#channels;
		const frame = this.#pending.take(before.length);
		this.#channels = channels;
		void this.#enqueue(async () => {
			const writer = this.#writer;
			if (!writer) return;
			if (frame.t.length > 0 && !(await this.#append(writer, frame, Date.now()))) return;
			if (!(await this.#close(writer))) return;
			this.#start.part++;
			const name = `${this.#start.name} (part ${this.#start.part})`;
			const part = await this.#open(channels, name, writer.name);
			if (!part) return;
			this.notice =
				`The source's channels changed (${channelList(before)} → ${channelList(channels)}): ` +
				`“${writer.name}” was saved and recording goes on in “${part.name}”.`;
		});
		// Not `flush()`: one queued before the part change skips these samples (wrong layout).
		void this.#enqueue(() => this.#writePending());
	}

	/** Finishes `writer`'s dataset and lets go of its lock; false (and stopped) if that failed. */
	async #close(writer: RecordingWriter): Promise<boolean> {
		const finished = await writer.finish();
		this.#release();
		this.#writer = undefined;
		if (!finished.ok) {
			await this.#fail(finished.error, undefined);
			return false;
		}
		this.parts = [...this.parts, { datasetId: writer.datasetId, name: writer.name }];
		this.current = undefined;
		return true;
	}

	/** Stops recording after a failure, keeps (finishes) what was written, and says what to do. */
	async #fail(failure: Failure, writer: RecordingWriter | undefined, lostRows = 0): Promise<void> {
		const wasRecording = this.recording || this.stopping;
		this.recording = false;
		this.#detach();
		const name = writer?.name ?? this.current?.name ?? 'The recording';
		let kept = '';
		if (writer && failure.kind !== 'closed' && failure.kind !== 'not-recording') {
			this.#writer = undefined;
			const finished = await writer.finish().catch(() => undefined);
			kept = finished?.ok
				? ` The ${finished.value.rowCount.toLocaleString('en')} rows written before are kept in “${name}” on the Data page.`
				: ' What was written is kept and will be completed the next time Vigil starts.';
			if (finished?.ok) this.parts = [...this.parts, { datasetId: writer.datasetId, name }];
		} else if (failure.kind === 'closed') {
			kept = ' What was written is kept and will be completed when Vigil is reloaded.';
		}
		this.#writer = undefined;
		this.#release();
		this.current = undefined;
		const lost =
			lostRows > 0 ? ` The last ${lostRows.toLocaleString('en')} samples could not be saved.` : '';
		this.error = `“${name}” stopped: ${failure.message}${lost}${kept}`;
		this.#publish();
		if (wasRecording) this.#report(this.error, 'Recording');
	}

	#detach(): void {
		clearInterval(this.#timer);
		this.#timer = undefined;
		globalThis.document?.removeEventListener('visibilitychange', this.#onHidden);
		globalThis.removeEventListener?.('pagehide', this.#onHidden);
	}

	#publish(): void {
		if (this.recording) this.durationMs = Date.now() - this.#start.atMs;
		this.samples = this.#counts.samples;
		this.invalidLines = this.#counts.invalid;
	}
}

/** The app's one recorder: it outlives page changes, like `liveStream`. */
export const recorder = new Recorder();

// Every batch of the app's live stream, whichever page is shown (`push` ignores them unless
// recording). Subscribed here, once, so nothing else needs to wire the recorder to the stream.
liveStream.addBatchListener((batch) => recorder.push(batch));

// An app update never reloads the page under a running recording.
appUpdate.guard(() => recorder.reloadBlocker());

export type { ChannelInfo } from '../io/source';
export type {
	RecordedPart,
	RecorderBatch,
	RecorderMarker,
	RecorderOptions
} from './recorder-types';
