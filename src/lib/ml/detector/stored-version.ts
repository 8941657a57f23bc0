import { MODEL_ARTIFACTS_FORMAT } from '../artifacts';
import { DETECTOR_DATA_FORMAT, type DetectorData } from './detector-data';

/**
 * How a detector is split across a model version's database rows: the tfjs part (topology, weight
 * specs, weights) goes to the artifacts row, which `db/weights-handler.ts` loads as a
 * `tf.io.IOHandler`; the scaler and threshold to their own fields; everything else the engine
 * needs to score the same way to the top level of `engineData` (which may hold other keys too:
the worker adds the lineage). Both directions live here so they cannot
 * drift apart. Structural types only: ml may not import db.
 */

/** The tfjs artifacts as the weights handler stores them (`modelTopology` is Keras JSON). */
export interface StoredArtifacts {
	modelTopology: unknown;
	weightSpecs: unknown[];
	weightData: ArrayBuffer;
}

/** The fields of a model version this module writes and reads. */
export interface StoredDetectorFields {
	config: Record<string, unknown>;
	scaler: Record<string, unknown> | null;
	threshold: number | null;
	engineData: Record<string, unknown>;
}

/** What `engineData` holds of the detector: its data except model, scaler and threshold. */
type DetectorRest = Omit<DetectorData, 'model' | 'scaler' | 'threshold'> & {
	modelFormat: string;
	channelCount: number;
};

/** Splits exported detector data into an artifacts row and a version's fields. */
export function toStoredVersion(data: DetectorData): {
	artifacts: StoredArtifacts;
	fields: StoredDetectorFields;
} {
	const { model, scaler, threshold, ...rest } = data;
	const detector: DetectorRest = {
		...rest,
		modelFormat: model.format,
		channelCount: model.channelCount
	};
	return {
		artifacts: {
			modelTopology: model.modelTopology,
			weightSpecs: [...model.weightSpecs],
			weightData: model.weightData
		},
		fields: {
			config: { ...model.config } as Record<string, unknown>,
			scaler: { mean: scaler.mean, std: scaler.std },
			threshold,
			engineData: { ...detector }
		}
	};
}

export type StoredReadResult = { ok: true; data: DetectorData } | { ok: false; error: string };

/**
 * Reassembles detector data from a stored version and its artifacts, for `importDetector` (which
 * checks every part: this only puts them back in place and refuses what was never a detector).
 */
export function fromStoredVersion(
	fields: StoredDetectorFields,
	artifacts: StoredArtifacts
): StoredReadResult {
	const stored = fields.engineData as Partial<DetectorRest>;
	if (stored.format !== DETECTOR_DATA_FORMAT) {
		return {
			ok: false,
			error: `this version holds no ${DETECTOR_DATA_FORMAT} detector (engineData.format is ${String(stored.format)})`
		};
	}
	const { modelFormat, channelCount } = stored as DetectorRest;
	const rest: Omit<DetectorRest, 'modelFormat' | 'channelCount'> = {
		format: DETECTOR_DATA_FORMAT,
		channelNames: stored.channelNames!,
		differenced: stored.differenced!,
		...(stored.longestConstantRun ? { longestConstantRun: stored.longestConstantRun } : {}),
		errorScale: stored.errorScale ?? null,
		thresholdDetail: stored.thresholdDetail ?? {},
		training: stored.training!
	};
	if (modelFormat !== MODEL_ARTIFACTS_FORMAT) {
		return { ok: false, error: `unknown model format ${String(modelFormat)}` };
	}
	return {
		ok: true,
		data: {
			...rest,
			model: {
				format: MODEL_ARTIFACTS_FORMAT,
				config: fields.config as unknown as DetectorData['model']['config'],
				channelCount,
				modelTopology: artifacts.modelTopology as object,
				weightSpecs: artifacts.weightSpecs as DetectorData['model']['weightSpecs'],
				weightData: artifacts.weightData
			},
			scaler: fields.scaler as DetectorData['scaler'],
			threshold: fields.threshold ?? NaN
		}
	};
}
