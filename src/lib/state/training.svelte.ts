import { proxy } from 'comlink';
import { liveQuery } from 'dexie';
import { errorKind } from '../core/error-kinds';
import { listModels, listSegments, VigilDb, type ModelRow, type SegmentRow } from '../db';
import type { DetectorApi } from '../../../workers/detector.worker';
import { createTrainingWorker } from './training-worker';
import { WorkerBridge } from './worker-bridge';

/** What the Train page sends: datasets, rows, channels, config, model, notes (worker's type). */
export type TrainRequest = Parameters<DetectorApi['trainFromDatasets']>[0];
export type TrainEvent = Parameters<Parameters<DetectorApi['trainFromDatasets']>[1]>[0];
export type TrainOutcome = Awaited<ReturnType<DetectorApi['trainFromDatasets']>>;
/** The presets (full configs) and the choices of each enumerated field. */
export type ConfigCatalog = Awaited<ReturnType<DetectorApi['presets']>>;
export type ModelConfig = ConfigCatalog['presets'][string];
export type BackendName = NonNullable<TrainRequest['backend']>;

export type TrainingPhase =
	| 'idle'
	| 'reading'
	| 'backend'
	| 'training'
	| 'calibrating'
	| 'saving'
	| 'done'
	| 'failed'
	| 'cancelled';

const RUNNING: readonly TrainingPhase[] = [
	'reading',
	'backend',
	'training',
	'calibrating',
	'saving'
];

/** Batch losses kept for the live chart; past this every other point is dropped (bounded). */
export const MAX_BATCH_POINTS = 2000;

/** The training worker is torn down after a minute idle (it holds tfjs and its memory). */
const IDLE_MS = 60_000;

/**
 * The app's one training job (`trainingJob`): a module-level singleton, so a training keeps
 * running, and its progress stays visible, when the user leaves the Train page and comes back.
 * Training runs in its own detector worker (training-worker.ts); cancel terminates it, and the
 * worker saves the version only at the very end, in one transaction, so nothing half-saved stays.
 */
export class TrainingJob {
	phase = $state<TrainingPhase>('idle');
	/** The model being trained, for headings. */
	title = $state('');
	maxEpochs = $state(0);
	/** Epochs finished so far. */
	epochsDone = $state(0);
	/** Batches finished in the current epoch, of `batchesPerEpoch`. */
	batchesDone = $state(0);
	batchesPerEpoch = $state(0);
	windowsPerSecond = $state(0);
	/** Upper bound: it assumes every epoch runs (early stopping ends sooner). */
	etaSeconds = $state<number | undefined>();
	backend = $state.raw<TrainOutcome['backend'] | undefined>();
	data = $state.raw<Extract<TrainEvent, { kind: 'data' }> | undefined>();
	/** Per finished epoch: mean training loss and validation loss. */
	history = $state.raw<{ loss: number[]; valLoss: number[] }>({ loss: [], valLoss: [] });
	/** Batch losses at fractional epochs (epoch + share of its batches done), for the live chart. */
	batchLosses = $state.raw<{ atEpoch: number[]; loss: number[] }>({ atEpoch: [], loss: [] });
	error = $state<string | undefined>();
	result = $state.raw<TrainOutcome | undefined>();
	catalog = $state.raw<ConfigCatalog | undefined>();

	readonly #bridge: WorkerBridge<DetectorApi>;
	readonly #candidates: BackendName[] | undefined;
	#controller: AbortController | undefined;

	/** `candidates` limits the backends considered (tests: no software WebGPU timing). */
	constructor(options: { candidates?: BackendName[]; createWorker?: () => Worker } = {}) {
		this.#candidates = options.candidates;
		this.#bridge = new WorkerBridge<DetectorApi>({
			create: options.createWorker ?? createTrainingWorker,
			idleMs: IDLE_MS,
			name: 'The training worker'
		});
	}

	get running(): boolean {
		return RUNNING.includes(this.phase);
	}

	/** Cancel is refused while saving: the save is one transaction, about to commit or not. */
	get cancellable(): boolean {
		return this.running && this.phase !== 'saving';
	}

	/** 0…1 over all `maxEpochs` (an early stop jumps to the end). */
	get progress(): number {
		if (this.phase === 'done') return 1;
		if (this.maxEpochs === 0) return 0;
		const batchShare = this.batchesPerEpoch > 0 ? this.batchesDone / this.batchesPerEpoch : 0;
		return Math.min(1, (this.epochsDone + batchShare) / this.maxEpochs);
	}

	/** Loads the presets and field choices once (starts the worker). */
	async loadCatalog(): Promise<ConfigCatalog> {
		this.catalog ??= await this.#bridge.call((api) => api.presets());
		return this.catalog;
	}

	/** What is wrong with a config, each message naming its field (`[]` when it is valid). */
	validate(config: unknown): Promise<string[]> {
		return this.#bridge.call((api) => api.validateConfig(config));
	}

	/**
	 * Trains and saves a version; resolves when it ends, however it ends (`phase` says how).
	 * Refused while another training runs.
	 */
	async start(request: TrainRequest, title: string): Promise<void> {
		if (this.running) return;
		this.#reset();
		this.title = title;
		this.maxEpochs = (request.config as { maxEpochs?: number }).maxEpochs ?? 0;
		this.phase = 'reading';
		const controller = new AbortController();
		this.#controller = controller;
		try {
			if (this.#candidates) {
				const candidates = this.#candidates;
				await this.#bridge.call((api) => api.configure(candidates), controller.signal);
			}
			const outcome = await this.#bridge.call(
				(api) =>
					api.trainFromDatasets(
						request,
						proxy((event) => this.#onEvent(event))
					),
				controller.signal
			);
			this.result = outcome;
			this.phase = 'done';
		} catch (error) {
			this.#fail(error);
		} finally {
			this.#controller = undefined;
		}
	}

	/** Stops the training (the worker is terminated); nothing of it is saved. */
	cancel(): void {
		if (this.cancellable) this.#controller?.abort();
	}

	/** Back to the form ("Train another"); the last result is dropped. */
	reset(): void {
		if (!this.running) this.#reset();
	}

	/** Terminates the worker (tests; the app keeps it until idle). */
	stop(): void {
		this.#bridge.stop();
	}

	#onEvent(event: TrainEvent): void {
		if (!this.running) return; // a late message after a cancel
		switch (event.kind) {
			case 'reading':
				this.phase = 'reading';
				break;
			case 'data':
				this.data = event;
				this.phase = 'backend';
				break;
			case 'backend':
				this.backend = event.choice;
				this.phase = 'training';
				break;
			case 'batch':
				this.batchesDone = event.batch + 1;
				this.batchesPerEpoch = event.batchesPerEpoch;
				this.windowsPerSecond = event.windowsPerSecond;
				this.etaSeconds = event.etaSeconds;
				this.#addBatchLoss(event.epoch + (event.batch + 1) / event.batchesPerEpoch, event.loss);
				break;
			case 'epoch':
				this.epochsDone = event.epoch + 1;
				this.batchesDone = 0;
				this.windowsPerSecond = event.windowsPerSecond;
				this.etaSeconds = event.etaSeconds;
				this.history = {
					loss: [...this.history.loss, event.loss],
					valLoss: [...this.history.valLoss, event.valLoss]
				};
				break;
			case 'calibrating':
				this.phase = 'calibrating';
				break;
			case 'saving':
				this.phase = 'saving';
				break;
		}
	}

	#addBatchLoss(atEpoch: number, loss: number): void {
		let { atEpoch: xs, loss: ys } = this.batchLosses;
		if (xs.length >= MAX_BATCH_POINTS) {
			xs = xs.filter((_, i) => i % 2 === 0);
			ys = ys.filter((_, i) => i % 2 === 0);
		}
		this.batchLosses = { atEpoch: [...xs, atEpoch], loss: [...ys, loss] };
	}

	#fail(error: unknown): void {
		const kind = errorKind(error);
		const message = (error as Error | undefined)?.message ?? String(error);
		if (kind === 'AbortError') {
			this.phase = 'cancelled';
			this.error = undefined;
			return;
		}
		this.phase = 'failed';
		this.error =
			kind === 'InvalidConfig' || kind === 'QuotaExceededError' || kind === 'WorkerCrashed'
				? message
				: `Training failed unexpectedly: ${message}`;
	}

	#reset(): void {
		this.phase = 'idle';
		this.title = '';
		this.maxEpochs = 0;
		this.epochsDone = 0;
		this.batchesDone = 0;
		this.batchesPerEpoch = 0;
		this.windowsPerSecond = 0;
		this.etaSeconds = undefined;
		this.backend = undefined;
		this.data = undefined;
		this.history = { loss: [], valLoss: [] };
		this.batchLosses = { atEpoch: [], loss: [] };
		this.error = undefined;
		this.result = undefined;
	}
}

export const trainingJob = new TrainingJob();

/**
 * The Train page's form values, kept here (not in the page) so that leaving the page and coming
 * back finds them as they were, and the stored things the form offers (normal segments of the
 * chosen datasets, models), live from IndexedDB while watched.
 */
export class TrainSetup {
	datasetIds = $state<number[]>([]);
	rowsMode = $state<'segments' | 'range'>('segments');
	segmentIds = $state<number[]>([]);
	/** UTC text as typed (state/time-text.ts). */
	rangeFrom = $state('');
	rangeTo = $state('');
	channels = $state<string[]>([]);
	preset = $state('default');
	/** The config as edited; numbers may be null while a field is empty. */
	draft = $state<Record<string, unknown> | undefined>();
	backend = $state<'auto' | BackendName>('auto');
	modelChoice = $state<'new' | 'existing'>('new');
	modelName = $state('');
	modelId = $state<number | undefined>();
	notes = $state('');
	/** The worker's validation messages for `draft` (each names its field). */
	configErrors = $state.raw<string[]>([]);
	/** Normal segments of the chosen datasets, by dataset then start. */
	normalSegments = $state.raw<SegmentRow[]>([]);
	models = $state.raw<ModelRow[]>([]);

	readonly #db: VigilDb;
	/** Segments the form has offered before: a new one starts checked, a seen one keeps its box. */
	readonly #seenSegments: Record<number, true> = {};

	constructor(db = new VigilDb()) {
		this.#db = db;
	}

	/** Keeps `models` current; returns the stop function. */
	watchModels(): () => void {
		const subscription = liveQuery(() => listModels(this.#db)).subscribe({
			next: (rows) => (this.models = rows),
			error: () => (this.models = [])
		});
		return () => subscription.unsubscribe();
	}

	/** Keeps `normalSegments` current for these datasets; returns the stop function. */
	watchSegments(datasetIds: readonly number[]): () => void {
		const ids = [...datasetIds];
		const query = async () =>
			(await Promise.all(ids.map((id) => listSegments(this.#db, id))))
				.flat()
				.filter((segment) => segment.kind === 'normal');
		const subscription = liveQuery(query).subscribe({
			next: (rows) => (this.normalSegments = rows),
			error: () => (this.normalSegments = [])
		});
		return () => subscription.unsubscribe();
	}

	/**
	 * Follows a new list of normal segments: segments offered for the first time are checked,
	 * choices about segments seen before are kept, vanished segments are dropped.
	 */
	adoptSegments(segments: readonly SegmentRow[]): void {
		const present = segments.map((s) => s.id);
		const fresh = present.filter((id) => !this.#seenSegments[id]);
		for (const id of fresh) this.#seenSegments[id] = true;
		const kept = this.segmentIds.filter((id) => present.includes(id));
		if (fresh.length > 0 || kept.length !== this.segmentIds.length) {
			this.segmentIds = [...kept, ...fresh];
		}
	}

	/** Starts the draft over from a preset (a deep copy: the form edits it in place). */
	applyPreset(name: string, catalog: ConfigCatalog): void {
		const preset = catalog.presets[name];
		if (!preset) return;
		this.preset = name;
		this.draft = structuredClone(preset) as unknown as Record<string, unknown>;
	}
}

export const trainSetup = new TrainSetup();

export type { DatasetRow, ModelRow, SegmentRow } from '../db';
