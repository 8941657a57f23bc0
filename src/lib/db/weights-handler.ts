import type { VigilDb } from './db';
import { isQuotaExceeded } from './errors';
import { sha256Hex } from './hash';

/**
 * The parts of tfjs's `io.ModelArtifacts` this store keeps, declared here because db/ may not
 * import @tensorflow. Structurally compatible: tfjs's objects fit these types and back.
 */
export interface WeightSpecLike {
	name: string;
	shape: number[];
	dtype: 'float32' | 'int32' | 'bool' | 'string' | 'complex64';
	group?: 'model' | 'optimizer';
	quantization?: {
		scale?: number;
		min?: number;
		dtype: 'uint16' | 'uint8' | 'float16';
		original_dtype?: 'float32' | 'int32' | 'bool' | 'string' | 'complex64';
	};
}

/** Like tfjs's `io.TrainingConfig` (Keras field names). */
export interface TrainingConfigLike {
	optimizer_config: object;
	loss: string | string[] | { [key: string]: string };
	metrics?: string[] | { [key: string]: string };
	weighted_metrics?: string[];
	sample_weight_mode?: string;
	loss_weights?: number[] | { [key: string]: number };
}

export interface ModelArtifactsLike {
	modelTopology?: object | ArrayBuffer;
	weightSpecs?: WeightSpecLike[];
	/** One buffer, or tfjs's sharded form (buffers in order), stored concatenated. */
	weightData?: ArrayBuffer | ArrayBuffer[];
	format?: string;
	generatedBy?: string;
	convertedBy?: string | null;
	trainingConfig?: TrainingConfigLike;
	userDefinedMetadata?: Record<string, NonNullable<unknown>>;
}

/** Like tfjs's `io.SaveResult`. */
export interface SaveResultLike {
	modelArtifactsInfo: {
		dateSaved: Date;
		modelTopologyType: 'JSON' | 'GraphDef';
		modelTopologyBytes?: number;
		weightSpecsBytes?: number;
		weightDataBytes?: number;
	};
}

/** A `tf.io.IOHandler` (`tf.loadLayersModel(handler)`, `model.save(handler)`) for one key. */
export interface DbWeightsHandler {
	save(artifacts: ModelArtifactsLike): Promise<SaveResultLike>;
	load(): Promise<ModelArtifactsLike>;
}

/** Thrown by `load` when no model is stored under the key, or its weights fail their hash. */
export class ModelArtifactError extends Error {
	override name = 'ModelArtifactError';
}

/**
 * Model weights in Vigil's database rather than tfjs's own `indexeddb://` store, so there is one
 * database and one migration story. `save` throws an error named `QuotaExceededError` when the
 * disk is full (tfjs calls the handler, so a result union cannot pass through it).
 */
export function dbWeightsHandler(db: VigilDb, key: string): DbWeightsHandler {
	return {
		async save(artifacts) {
			const weightData = concatBuffers(artifacts.weightData);
			const topologyJson =
				artifacts.modelTopology instanceof ArrayBuffer
					? null
					: JSON.stringify(artifacts.modelTopology ?? null);
			try {
				await db.modelArtifacts.put({
					key,
					modelTopology: artifacts.modelTopology ?? null,
					weightSpecs: artifacts.weightSpecs ?? [],
					weightData,
					format: artifacts.format ?? null,
					generatedBy: artifacts.generatedBy ?? null,
					convertedBy: artifacts.convertedBy ?? null,
					trainingConfig: artifacts.trainingConfig ?? null,
					userDefinedMetadata: artifacts.userDefinedMetadata ?? null,
					weightsSha256: await sha256Hex(weightData),
					savedAt: Date.now()
				});
			} catch (error) {
				if (!isQuotaExceeded(error)) throw error;
				const quota = new Error(`no space to save model ${key}`);
				quota.name = 'QuotaExceededError';
				throw quota;
			}
			return {
				modelArtifactsInfo: {
					dateSaved: new Date(),
					modelTopologyType: topologyJson === null ? 'GraphDef' : 'JSON',
					modelTopologyBytes:
						topologyJson === null
							? (artifacts.modelTopology as ArrayBuffer).byteLength
							: topologyJson.length,
					weightSpecsBytes: JSON.stringify(artifacts.weightSpecs ?? []).length,
					weightDataBytes: weightData.byteLength
				}
			};
		},

		async load() {
			const row = await db.modelArtifacts.get(key);
			if (!row) throw new ModelArtifactError(`no model stored under ${key}`);
			if ((await sha256Hex(row.weightData)) !== row.weightsSha256) {
				throw new ModelArtifactError(`weights of ${key} do not match their SHA-256`);
			}
			const artifacts: ModelArtifactsLike = {
				modelTopology: row.modelTopology as object | ArrayBuffer,
				weightSpecs: row.weightSpecs as WeightSpecLike[],
				weightData: row.weightData
			};
			if (row.format !== null) artifacts.format = row.format;
			if (row.generatedBy !== null) artifacts.generatedBy = row.generatedBy;
			artifacts.convertedBy = row.convertedBy; // tfjs allows null here
			if (row.trainingConfig !== null) {
				artifacts.trainingConfig = row.trainingConfig as TrainingConfigLike;
			}
			if (row.userDefinedMetadata !== null) {
				artifacts.userDefinedMetadata = row.userDefinedMetadata as Record<
					string,
					NonNullable<unknown>
				>;
			}
			return artifacts;
		}
	};
}

/** Hash and size of the weights stored under `key` (for `ModelVersionRow.artifactsSha256`, usage). */
export async function artifactInfo(
	db: VigilDb,
	key: string
): Promise<{ weightsSha256: string; weightBytes: number } | null> {
	const row = await db.modelArtifacts.get(key);
	return row ? { weightsSha256: row.weightsSha256, weightBytes: row.weightData.byteLength } : null;
}

function concatBuffers(data: ArrayBuffer | ArrayBuffer[] | undefined): ArrayBuffer {
	if (data === undefined) return new ArrayBuffer(0);
	if (!Array.isArray(data)) return data.slice(0);
	const out = new Uint8Array(data.reduce((n, b) => n + b.byteLength, 0));
	let offset = 0;
	for (const buffer of data) {
		out.set(new Uint8Array(buffer), offset);
		offset += buffer.byteLength;
	}
	return out.buffer;
}
