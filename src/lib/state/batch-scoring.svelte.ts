import { proxy } from 'comlink';
import { liveQuery } from 'dexie';
import { errorKind } from '../core/error-kinds';
import { VigilDb } from '../db';
import { datasetTimes, latestBatchScores, type BatchScoresRow } from '../db/scores';
import type { DetectorApi } from '../../../workers/detector.worker';
import type { ScoreDatasetEvent } from '../../../workers/score-dataset';
import type { PickedFile } from './save-file';
import { createTrainingWorker } from './training-worker';
import { WorkerBridge } from './worker-bridge';

export type { BatchMetrics, BatchScoresRow, ScoreSpan } from '../db/scores';

/** A saved model version as the Score picker lists it. */
export interface VersionChoice {
	versionId: number;
	/** `Pump model v3 (champion)`. */
	label: string;
}

export type BatchPhase =
	'idle' | 'opening' | 'scoring' | 'saving' | 'done' | 'cancelled' | 'failed';

type BackendName = Parameters<DetectorApi['configure']>[0][number];

const RUNNING: readonly BatchPhase[] = ['opening', 'scoring', 'saving'];
/** The worker holds a model's weights: let it go a minute after the last scoring. */
const IDLE_MS = 60_000;

/**
 * Batch scoring of one stored dataset: runs the detector worker's `scoreDataset` on its own worker
 * instance (a cancel terminates it, which must not stop live detection), shows progress, and
 * exposes the stored result (`result`), which reopening the page reads back (`load`).
 */
export class BatchScoring {
	phase = $state<BatchPhase>('idle');
	rowsDone = $state(0);
	rowsTotal = $state(0);
	error = $state<string | undefined>();
	result = $state.raw<BatchScoresRow | null>(null);
	versions = $state.raw<VersionChoice[]>([]);
	/** Every row's time (epoch ms), read with a result (for its chart and CSV); null without one. */
	timesMs = $state.raw<Float64Array | null>(null);
	/** False until `load` has read the stored result (or found none). */
	loaded = $state(false);

	readonly #db: VigilDb;
	readonly #bridge: WorkerBridge<DetectorApi>;
	readonly #candidates: BackendName[] | undefined;
	#controller: AbortController | undefined;

	/** `candidates` limits the backends considered (tests: no software WebGPU timing). */
	constructor(
		readonly datasetId: number,
		options: { db?: VigilDb | string; candidates?: BackendName[] } = {}
	) {
		this.#db = options.db instanceof VigilDb ? options.db : new VigilDb(options.db);
		this.#candidates = options.candidates;
		this.#bridge = new WorkerBridge<DetectorApi>({
			create: createTrainingWorker,
			idleMs: IDLE_MS,
			name: 'The scoring worker'
		});
	}

	get running(): boolean {
		return RUNNING.includes(this.phase);
	}

	/** 0…1 of the dataset's rows scored. */
	get progress(): number {
		return this.rowsTotal > 0 ? this.rowsDone / this.rowsTotal : 0;
	}

	/** Reads the stored result of this dataset, if any (the newest). */
	async load(): Promise<void> {
		const result = await latestBatchScores(this.#db, this.datasetId);
		this.timesMs = result ? await datasetTimes(this.#db, this.datasetId) : null;
		this.result = result;
		this.loaded = true;
	}

	/**
	 * Writes CSV `parts` where the user picked (`pickSaveFile`, called from the click first),
	 * or downloads them. Returns what happened, for the page to say.
	 */
	async saveCsv(picked: PickedFile, parts: string[], name: string): Promise<string> {
		if (picked.kind === 'cancelled') return '';
		const blob = new Blob(parts, { type: 'text/csv' });
		try {
			if (picked.kind === 'file') {
				const writable = await picked.handle.createWritable();
				await writable.write(blob);
				await writable.close();
				return `Saved the scores to ${picked.handle.name}.`;
			}
			const url = URL.createObjectURL(blob);
			Object.assign(document.createElement('a'), { href: url, download: name }).click();
			setTimeout(() => URL.revokeObjectURL(url), 10_000);
			return `Downloaded the scores (${name}).`;
		} catch (error) {
			return `The scores could not be saved: ${(error as Error).message}`;
		}
	}

	/** Keeps `versions` current while watched; returns the stop function. */
	watchVersions(): () => void {
		const subscription = liveQuery(() => versionChoices(this.#db)).subscribe({
			next: (rows) => (this.versions = rows),
			error: () => (this.versions = [])
		});
		return () => subscription.unsubscribe();
	}

	/** Scores the dataset with a version and stores the result; resolves however it ends. */
	async start(versionId: number, options: { blockRows?: number } = {}): Promise<void> {
		if (this.running) return;
		this.phase = 'opening';
		this.error = undefined;
		this.rowsDone = 0;
		this.rowsTotal = 0;
		const controller = new AbortController();
		this.#controller = controller;
		try {
			if (this.#candidates) {
				const candidates = this.#candidates;
				await this.#bridge.call((api) => api.configure(candidates), controller.signal);
			}
			const row = await this.#bridge.call(
				(api) =>
					api.scoreDataset(
						{ datasetId: this.datasetId, versionId, blockRows: options.blockRows },
						proxy((event) => this.#onEvent(event))
					),
				controller.signal
			);
			this.timesMs = await datasetTimes(this.#db, this.datasetId);
			this.result = row;
			this.phase = 'done';
		} catch (error) {
			this.#fail(error);
		} finally {
			this.#controller = undefined;
		}
	}

	/** Stops the scoring (the worker is terminated); nothing of it is stored. */
	cancel(): void {
		if (this.running && this.phase !== 'saving') this.#controller?.abort();
	}

	/** Terminates the worker (the page leaves; tests). */
	stop(): void {
		this.#controller?.abort();
		this.#bridge.stop();
	}

	#onEvent(event: ScoreDatasetEvent): void {
		if (!this.running) return; // a late message after a cancel
		if (event.kind === 'opening') this.phase = 'opening';
		else if (event.kind === 'saving') this.phase = 'saving';
		else {
			this.phase = 'scoring';
			this.rowsDone = event.rowsDone;
			this.rowsTotal = event.rowsTotal;
		}
	}

	#fail(error: unknown): void {
		const kind = errorKind(error);
		const message = (error as Error | undefined)?.message ?? String(error);
		if (kind === 'AbortError') {
			this.phase = 'cancelled';
			return;
		}
		this.phase = 'failed';
		this.error =
			kind === 'InvalidConfig' || kind === 'QuotaExceededError' || kind === 'WorkerCrashed'
				? message
				: `Scoring failed unexpectedly: ${message}`;
	}
}

/** Every saved version, newest model first, labelled with its model's name and aliases. */
async function versionChoices(db: VigilDb): Promise<VersionChoice[]> {
	const [models, versions] = await Promise.all([db.models.toArray(), db.modelVersions.toArray()]);
	const nameOf = new Map(models.map((m) => [m.id, m.name]));
	return versions
		.sort((a, b) => b.createdAt - a.createdAt)
		.map((v) => ({
			versionId: v.id,
			label: `${nameOf.get(v.modelId) ?? `Model ${v.modelId}`} v${v.version}${
				v.aliases.length > 0 ? ` (${v.aliases.join(', ')})` : ''
			}`
		}));
}
