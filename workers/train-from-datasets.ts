/**
 * The Train page's job, as the detector worker runs it: read the chosen rows from IndexedDB,
 * cut them where windows may not cross, train and calibrate (ml), save the model version with its
 * weights, lineage and training run in one transaction (db). Lives in workers/ because it needs
 * both ml and db, which may not import each other.
 */
import { kindError } from '../src/lib/core/error-kinds';
import type { VigilDb } from '../src/lib/db';
import {
	modelChoiceProblem,
	readTrainingData,
	saveTrainedVersion,
	type DatasetLineage,
	type TrainedVersion,
	type TrainingSelection
} from '../src/lib/db/training-data';
import type { BackendChoice, BackendChoiceCache } from '../src/lib/ml/backends/choice';
import type { BackendName, BackendProbe } from '../src/lib/ml/backends/probe';
import { concatenateRuns, contiguousRuns } from '../src/lib/ml/detector/part-windows';
import { toStoredVersion } from '../src/lib/ml/detector/stored-version';
import { trainOnParts, type PartsTrainEvent } from '../src/lib/ml/detector/train-parts';

/**
 * A time step longer than this many sampling periods is a pause in the recording: no window
 * crosses it. 10: sensor clocks jitter by a period or two; a pause is far longer.
 */
export const GAP_PERIODS = 10;

export interface DatasetTrainRequest {
	selection: TrainingSelection;
	/** Plain config (validated here; errors name the field). */
	config: unknown;
	/** The preset the config started from (recorded with the version). */
	preset: string;
	backend?: BackendName;
	model: TrainedVersion['model'];
	notes: string;
	appVersion: string;
}

export type DatasetTrainEvent =
	| PartsTrainEvent
	| { kind: 'reading' }
	| {
			kind: 'data';
			/** Rows read, and rows left out for missing values. */
			rows: number;
			droppedRows: number;
			/** Contiguous parts the rows fell into (segments, datasets, pauses). */
			parts: number;
	  }
	| { kind: 'saving' };

export interface DatasetTrainOutcome {
	modelId: number;
	versionId: number;
	version: number;
	backend: BackendChoice;
	threshold: number;
	thresholdDetail: Record<string, number>;
	/** One per training window, for the histogram (transferred). */
	trainingScores: Float32Array;
	history: { loss: number[]; valLoss: number[] };
	bestEpoch: number;
	stoppedEarly: boolean;
	trainingMs: number;
	warnings: string[];
}

export interface DatasetTrainEnvironment {
	db: VigilDb;
	/** The working backends (probed once per worker: called after the rows are read). */
	probe: () => Promise<readonly BackendProbe[]>;
	cache?: BackendChoiceCache;
	onEvent: (event: DatasetTrainEvent) => void;
}

/** Trains and saves; refusals reject with an `InvalidConfig` or `QuotaExceededError` kind. */
export async function trainFromDatasets(
	request: DatasetTrainRequest,
	env: DatasetTrainEnvironment
): Promise<DatasetTrainOutcome> {
	const { db, onEvent } = env;
	const startedAt = Date.now();
	onEvent({ kind: 'reading' });
	// Checked now as well as in the save: a refusal must not come after minutes of training.
	const problem = await modelChoiceProblem(db, request.model);
	if (problem) throw kindError('InvalidConfig', problem);
	const read = await readTrainingData(db, request.selection);
	if (!read.ok) throw kindError('InvalidConfig', read.error);
	const rateOf = new Map(read.lineage.map((d) => [d.datasetId, d.sampleRateHz]));
	const runs = read.blocks.map((block) => {
		const rate = rateOf.get(block.datasetId);
		return contiguousRuns(block, rate ? (GAP_PERIODS * 1000) / rate : Infinity);
	});
	const { channels, partStarts } = concatenateRuns(read.blocks, runs);
	const rows = read.blocks.reduce((n, b) => n + b.t.length, 0);
	onEvent({
		kind: 'data',
		rows,
		droppedRows: rows - (channels[0]?.length ?? 0),
		parts: partStarts.length
	});
	const trained = await trainOnParts(
		{
			channels,
			partStarts,
			channelNames: request.selection.channels,
			config: request.config,
			backend: request.backend
		},
		{ probes: await env.probe(), cache: env.cache, onEvent }
	);
	if (!trained.ok) {
		throw kindError(
			'InvalidConfig',
			trained.kind === 'invalid-config' ? trained.errors.join('; ') : trained.reason
		);
	}
	onEvent({ kind: 'saving' });
	const { artifacts, fields } = toStoredVersion(trained.data);
	const { training } = trained.data;
	const first = read.lineage[0]!;
	const saved = await saveTrainedVersion(db, {
		model: request.model,
		version: {
			...fields,
			engineData: {
				...fields.engineData,
				lineage: {
					datasets: read.lineage,
					rows,
					usedRows: channels[0]?.length ?? 0,
					parts: partStarts.length
				}
			},
			preset: request.preset,
			backend: trained.backend.backend,
			trainingDurationMs: training.durationMs,
			trainingDatasetId: first.datasetId,
			trainingDatasetSha256: first.sha256,
			trainingSegments: segmentsOf(read.lineage),
			metrics: {
				bestValLoss: trained.bestValLoss,
				trainLoss: training.history.loss[training.bestEpoch] ?? NaN,
				bestEpoch: training.bestEpoch,
				epochs: training.history.loss.length,
				stoppedEarly: training.stoppedEarly ? 1 : 0,
				trainWindows: trained.trainWindows,
				validationWindows: trained.validationWindows
			},
			appVersion: request.appVersion,
			notes: request.notes.trim()
		},
		artifacts,
		run: {
			datasetId: first.datasetId,
			backend: trained.backend.backend,
			lossHistory: training.history.loss.map((loss, epoch) => ({
				epoch,
				loss,
				valLoss: training.history.valLoss[epoch] ?? null
			})),
			startedAt
		}
	});
	if (!saved.ok) {
		throw kindError(
			saved.kind === 'quota-exceeded' ? 'QuotaExceededError' : 'InvalidConfig',
			saved.error
		);
	}
	return {
		modelId: saved.modelId,
		versionId: saved.versionId,
		version: saved.version,
		backend: trained.backend,
		threshold: trained.data.threshold,
		thresholdDetail: trained.data.thresholdDetail,
		trainingScores: trained.trainingScores,
		history: training.history,
		bestEpoch: training.bestEpoch,
		stoppedEarly: training.stoppedEarly,
		trainingMs: training.durationMs,
		warnings: trained.warnings
	};
}

/** Every range trained on, all datasets (the version's `trainingSegments` has no dataset field). */
function segmentsOf(lineage: DatasetLineage[]): TrainedVersion['version']['trainingSegments'] {
	return lineage.flatMap((d) =>
		d.ranges.map(({ startMs, endMs, kind }) => ({ startMs, endMs, kind }))
	);
}
