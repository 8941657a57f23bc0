import * as tf from '@tensorflow/tfjs';
import type { ModelConfig } from './config';
import { validateModelConfig } from './config';
// Registers the custom dropout class, so topologies that name it deserialise.
import './seeded-dropout';
// Registers the fast RepeatVector/TimeDistributed under tfjs's class names before any model loads.
import './fast-layers';

/** Version tag of `ModelArtifactsData`. Bump it (and migrate) when the shape changes. */
export const MODEL_ARTIFACTS_FORMAT = 'vigil-model-1';

/**
 * A trained model as plain, structured-cloneable data: what a worker transfers (`weightData` in
 * the transfer list) and what the database stores. Scaler, threshold and training metadata belong
 * to the caller's record beside it.
 */
export interface ModelArtifactsData {
	readonly format: typeof MODEL_ARTIFACTS_FORMAT;
	readonly config: ModelConfig;
	readonly channelCount: number;
	/** Keras-format topology JSON (`model.toJSON`), as an object. */
	readonly modelTopology: object;
	readonly weightSpecs: tf.io.WeightsManifestEntry[];
	/** All weights, concatenated in `weightSpecs` order. */
	readonly weightData: ArrayBuffer;
}

export type ImportResult =
	| {
			readonly ok: true;
			readonly model: tf.LayersModel;
			readonly config: ModelConfig;
			readonly channelCount: number;
	  }
	| { readonly ok: false; readonly errors: readonly string[] };

/** Captures `model` through `tf.io.withSaveHandler` (no optimizer state: training restarts fresh). */
export async function exportModel(
	model: tf.LayersModel,
	config: ModelConfig,
	channelCount: number
): Promise<ModelArtifactsData> {
	let captured: tf.io.ModelArtifacts | undefined;
	await model.save(
		tf.io.withSaveHandler(async (artifacts) => {
			captured = artifacts;
			return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
		})
	);
	const { modelTopology, weightSpecs, weightData } = captured ?? {};
	if (!modelTopology || modelTopology instanceof ArrayBuffer || !weightSpecs || !weightData) {
		throw new Error(`tfjs saved no JSON topology or weights for model ${model.name}`);
	}
	return {
		format: MODEL_ARTIFACTS_FORMAT,
		config,
		channelCount,
		modelTopology,
		weightSpecs,
		weightData: Array.isArray(weightData) ? tf.io.concatenateArrayBuffers(weightData) : weightData
	};
}

const BYTES_PER_VALUE: Partial<Record<string, number>> = { float32: 4, int32: 4 };

/** Checked before decoding, because decoding a short buffer throws halfway, leaking tensors. */
function weightSizeError(
	specs: tf.io.WeightsManifestEntry[],
	data: ArrayBuffer
): string | undefined {
	let bytes = 0;
	for (const spec of specs) {
		const perValue = BYTES_PER_VALUE[spec.dtype];
		if (perValue === undefined || spec.quantization) {
			return `weight ${spec.name}: unsupported dtype ${spec.dtype}${spec.quantization ? ' (quantized)' : ''}`;
		}
		bytes += spec.shape.reduce((n, d) => n * d, 1) * perValue;
	}
	return bytes === data.byteLength
		? undefined
		: `weightData holds ${data.byteLength} bytes, the weight specs need ${bytes}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Rebuilds a model from `exportModel`'s data (or anything read back from storage: every field is
 * checked). Expected failures, such as a corrupt or foreign record, come back as errors.
 */
export async function importModel(data: unknown): Promise<ImportResult> {
	if (!isRecord(data)) return { ok: false, errors: ['model artifacts must be an object'] };
	const errors: string[] = [];
	if (data['format'] !== MODEL_ARTIFACTS_FORMAT) {
		errors.push(
			`format must be '${MODEL_ARTIFACTS_FORMAT}', got ${JSON.stringify(data['format'])}`
		);
	}
	const checked = validateModelConfig(data['config']);
	if (!checked.ok) errors.push(...checked.errors.map((e) => `config.${e}`));
	const channelCount = data['channelCount'];
	if (typeof channelCount !== 'number' || !Number.isInteger(channelCount) || channelCount < 1) {
		errors.push(`channelCount must be a positive integer, got ${String(channelCount)}`);
	}
	const { modelTopology, weightSpecs, weightData } = data;
	if (!isRecord(modelTopology)) errors.push('modelTopology must be an object');
	if (!Array.isArray(weightSpecs)) errors.push('weightSpecs must be an array');
	if (!(weightData instanceof ArrayBuffer)) errors.push('weightData must be an ArrayBuffer');
	if (errors.length > 0 || !checked.ok || typeof channelCount !== 'number') {
		return { ok: false, errors };
	}
	const specs = weightSpecs as tf.io.WeightsManifestEntry[];
	const sizeError = weightSizeError(specs, weightData as ArrayBuffer);
	if (sizeError) return { ok: false, errors: [sizeError] };
	// Not tf.loadLayersModel: when the weights do not fit the topology it throws and leaks the
	// model it built. Building and loading in two steps lets us dispose it.
	let model: tf.LayersModel;
	try {
		model = await tf.models.modelFromJSON({ modelTopology } as tf.io.ModelJSON);
	} catch (error) {
		return { ok: false, errors: [`tfjs could not rebuild the topology: ${String(error)}`] };
	}
	try {
		const named = tf.io.decodeWeights(weightData as ArrayBuffer, specs);
		try {
			model.loadWeights(named, true);
		} finally {
			tf.dispose(Object.values(named));
		}
	} catch (error) {
		model.dispose();
		return { ok: false, errors: [`the weights do not fit the topology: ${String(error)}`] };
	}
	const expected = [null, checked.config.windowLength, channelCount];
	const actual = model.inputs[0]?.shape;
	if (JSON.stringify(actual) !== JSON.stringify(expected)) {
		model.dispose();
		return {
			ok: false,
			errors: [`model input shape ${JSON.stringify(actual)} ≠ config ${JSON.stringify(expected)}`]
		};
	}
	return { ok: true, model, config: checked.config, channelCount };
}
