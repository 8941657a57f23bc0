import { exportModel, importModel, type ModelArtifactsData } from '../artifacts';
import type { FittedDetector } from './fit';

/** DO NOT RENAME: stored with model versions and inside .vigil bundles. */
export const DETECTOR_DATA_FORMAT = 'vigil-detector-1';

/**
 * A fitted detector as plain, structured-cloneable data: the model's topology and weights (an
 * ArrayBuffer, transferable), plus everything needed to score the same way: which channels are
 * differenced, the scaler, the per-channel error scale, the threshold and training metadata.
 */
export interface DetectorData {
	format: typeof DETECTOR_DATA_FORMAT;
	model: ModelArtifactsData;
	channelNames: string[];
	differenced: number[];
	/** Absent in detectors stored before the stuck-sensor rule (constant-runs.ts). */
	longestConstantRun?: number[];
	scaler: { mean: number[]; std: number[] };
	errorScale: number[] | null;
	threshold: number;
	thresholdDetail: Record<string, number>;
	training: {
		history: { loss: number[]; valLoss: number[] };
		bestEpoch: number;
		stoppedEarly: boolean;
		durationMs: number;
	};
}

export async function exportDetector(
	detector: FittedDetector,
	channelNames: string[]
): Promise<DetectorData> {
	return {
		format: DETECTOR_DATA_FORMAT,
		model: await exportModel(detector.model, detector.config, detector.scaler.mean.length),
		channelNames,
		differenced: Array.from(detector.differenced),
		...(detector.longestConstantRun
			? { longestConstantRun: Array.from(detector.longestConstantRun) }
			: {}),
		scaler: { mean: Array.from(detector.scaler.mean), std: Array.from(detector.scaler.std) },
		errorScale: detector.errorScale ? Array.from(detector.errorScale) : null,
		threshold: detector.threshold,
		thresholdDetail: { ...detector.thresholdDetail },
		training: {
			history: {
				loss: [...detector.training.history.loss],
				valLoss: [...detector.training.history.valLoss]
			},
			bestEpoch: detector.training.bestEpoch,
			stoppedEarly: detector.training.stoppedEarly,
			durationMs: detector.training.durationMs
		}
	};
}

export type DetectorImport =
	{ ok: true; detector: FittedDetector; channelNames: string[] } | { ok: false; errors: string[] };

/** Rebuilds a detector from `DetectorData`, checking that its parts agree. */
export async function importDetector(data: unknown): Promise<DetectorImport> {
	const d = data as Partial<DetectorData> | null;
	if (!d || d.format !== DETECTOR_DATA_FORMAT)
		return { ok: false, errors: [`not a detector (format ${String(d?.format)})`] };
	const imported = await importModel(d.model);
	if (!imported.ok) return { ok: false, errors: [...imported.errors] };
	const channels = imported.channelCount;
	const lengths = [
		d.channelNames?.length,
		d.differenced?.length,
		d.scaler?.mean.length,
		d.scaler?.std.length
	];
	if (
		lengths.some((n) => n !== channels) ||
		(d.errorScale && d.errorScale.length !== channels) ||
		(d.longestConstantRun && d.longestConstantRun.length !== channels)
	) {
		imported.model.dispose();
		return {
			ok: false,
			errors: [
				`the model has ${channels} channels but names, scaler or transforms disagree (${lengths.join(', ')})`
			]
		};
	}
	if (typeof d.threshold !== 'number' || !Number.isFinite(d.threshold)) {
		imported.model.dispose();
		return { ok: false, errors: [`threshold must be a finite number, got ${String(d.threshold)}`] };
	}
	const training = d.training!;
	return {
		ok: true,
		channelNames: d.channelNames!,
		detector: {
			model: imported.model,
			config: imported.config,
			differenced: Uint8Array.from(d.differenced!),
			longestConstantRun: d.longestConstantRun ? Uint32Array.from(d.longestConstantRun) : undefined,
			errorScale: d.errorScale ? Float32Array.from(d.errorScale) : undefined,
			scaler: { mean: Float64Array.from(d.scaler!.mean), std: Float64Array.from(d.scaler!.std) },
			threshold: d.threshold,
			thresholdDetail: d.thresholdDetail ?? {},
			trainingScores: new Float32Array(0),
			training: { ...training, bestValLoss: NaN, trainWindows: 0, validationWindows: 0 },
			warnings: [],
			scoreMs: 0
		}
	};
}
