/**
 * The model config: plain JSON, so it can be stored, shown, edited and sent to a worker. Anything
 * read from outside goes through `validateModelConfig` (config-validate.ts), which fills the
 * optional fields' defaults and names every bad field.
 */

export const ARCHITECTURES = ['lstm-ae', 'gru-ae', 'conv1d-ae', 'dense-ae'] as const;
export type Architecture = (typeof ARCHITECTURES)[number];

export const ACTIVATIONS = ['relu', 'tanh', 'sigmoid', 'elu', 'selu', 'linear'] as const;
export type Activation = (typeof ACTIVATIONS)[number];

/**
 * Normalisation after every hidden layer. One choice rather than two booleans: batch and layer
 * normalisation stacked on the same activations make no sense, and a union cannot say both.
 */
export const NORMALIZATIONS = ['none', 'batch', 'layer'] as const;
export const ERROR_NORMALISATIONS = ['none', 'per-channel'] as const;
export type ErrorNormalisation = (typeof ERROR_NORMALISATIONS)[number];
export type Normalization = (typeof NORMALIZATIONS)[number];

/** One encoder layer: units (LSTM/GRU/Dense) or filters (Conv1D). The decoder mirrors the encoder. */
export interface LayerSpec {
	readonly units: number;
}

/**
 * How the alarm threshold is calibrated from the training windows' scores. Plain data only: the
 * calibration itself lives in core (thresholds).
 * - `quantile`: `quantile`-quantile of the scores × `factor` (the published SKAB rule).
 * - `pot`: peaks over threshold (Siffer et al. 2017, SPOT): a generalised Pareto tail fitted above
 *   the `initialQuantile`-quantile, threshold at exceedance probability `riskLevel`.
 */
export type ThresholdConfig =
	| { readonly method: 'quantile'; readonly quantile: number; readonly factor: number }
	| { readonly method: 'pot'; readonly initialQuantile: number; readonly riskLevel: number };

export const THRESHOLD_METHODS = [
	'quantile',
	'pot'
] as const satisfies readonly ThresholdConfig['method'][];

export interface OptimizerConfig {
	readonly name: 'adam';
	readonly learningRate: number;
}

/** A complete, validated model config (every field present). */
export interface ModelConfig {
	readonly architecture: Architecture;
	/** Rows (time steps) per window. */
	readonly windowLength: number;
	/** Encoder layers, outermost first; the last is the bottleneck. At least one. */
	readonly layers: readonly LayerSpec[];
	/** Activation of every hidden layer (for LSTM/GRU: the cell activation; gates stay sigmoid). */
	readonly activation: Activation;
	/** Conv1D kernel width in time steps (conv1d-ae only; ignored otherwise). Default 3. */
	readonly kernelSize: number;
	/** Default 'none'. */
	readonly normalization: Normalization;
	/** Dropout rate in [0, 1) after every hidden layer; 0 means no dropout layers. Default 0. */
	readonly dropoutRate: number;
	readonly loss: 'mae';
	readonly optimizer: OptimizerConfig;
	/** Windows per training batch. */
	readonly batchSize: number;
	/** Shuffle the training windows each epoch (seeded). Default true; SKAB's code does not. */
	readonly shuffle: boolean;
	readonly maxEpochs: number;
	/** Fraction in (0, 1) of the windows, taken from the end, held out for validation. */
	readonly validationFraction: number;
	/** Epochs without a validation-loss improvement before training stops. */
	readonly earlyStoppingPatience: number;
	/**
	 * Smallest drop of the validation loss (MAE, scaled units) that counts as an improvement, as
	 * Keras' `min_delta`. Default 0 (Keras' default); raise it to stop a slow crawl sooner.
	 */
	readonly earlyStoppingMinDelta: number;
	/**
	 * Channels whose level drifts over the training rows (share of variance between four block
	 * means, core/differencing.ts, above this) are modelled as first differences: a slowly
	 * wandering level (a pump warming up) is not an anomaly, a change in how it moves is.
	 * 1 = never. Default 1.
	 */
	readonly differenceDriftAbove: number;
	/**
	 * 'per-channel': each channel's reconstruction error is divided by its mean on the training
	 * windows before the score sums them (detector/error-scale.ts). Default 'none' (SKAB's raw sum).
	 */
	readonly errorNormalisation: ErrorNormalisation;
	/** Unsigned 32-bit integer; the same seed gives the same weights and shuffles. */
	readonly seed: number;
	readonly threshold: ThresholdConfig;
}

/** Values filled in by validation when the input leaves them out. */
export const OPTIONAL_DEFAULTS = {
	kernelSize: 3,
	normalization: 'none',
	dropoutRate: 0,
	shuffle: true,
	earlyStoppingMinDelta: 0,
	differenceDriftAbove: 1,
	errorNormalisation: 'none'
} as const satisfies Partial<ModelConfig>;

export type ValidationResult =
	| { readonly ok: true; readonly config: ModelConfig }
	| { readonly ok: false; readonly errors: readonly string[] };

/** Unknown keys are errors: a misspelt optional field (`dropout` for `dropoutRate`) must not vanish. */
const KNOWN_FIELDS: readonly string[] = [
	'architecture',
	'windowLength',
	'layers',
	'activation',
	'kernelSize',
	'normalization',
	'dropoutRate',
	'loss',
	'optimizer',
	'batchSize',
	'shuffle',
	'maxEpochs',
	'validationFraction',
	'earlyStoppingPatience',
	'differenceDriftAbove',
	'errorNormalisation',
	'earlyStoppingMinDelta',
	'seed',
	'threshold'
];

const MAX_SEED = 0xffffffff;

function show(value: unknown): string {
	if (value === undefined) return 'undefined';
	if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
	const json = JSON.stringify(value);
	return json.length > 60 ? `${json.slice(0, 57)}...` : json;
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Collects errors while reading fields; each reader returns the value only if it is valid. */
class FieldReader {
	readonly errors: string[] = [];

	fail(path: string, expected: string, value: unknown): undefined {
		this.errors.push(`${path} must be ${expected}, got ${show(value)}`);
		return undefined;
	}

	integer(path: string, value: unknown, min: number, max = Number.MAX_SAFE_INTEGER) {
		if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max) {
			return value;
		}
		const expected =
			min === 1 && max === Number.MAX_SAFE_INTEGER
				? 'a positive integer'
				: `an integer in [${min}, ${max}]`;
		return this.fail(path, expected, value);
	}

	/** A finite number in the interval; `open` excludes the ends. */
	number(path: string, value: unknown, low: number, high: number, open: boolean) {
		const inside =
			typeof value === 'number' &&
			Number.isFinite(value) &&
			(open ? value > low && value < high : value >= low && value < high);
		if (inside) return value;
		const interval = open ? `(${low}, ${high})` : `[${low}, ${high})`;
		return this.fail(path, `a number in ${interval}`, value);
	}

	boolean(path: string, value: unknown) {
		return typeof value === 'boolean' ? value : this.fail(path, 'true or false', value);
	}

	oneOf<T extends string>(path: string, value: unknown, allowed: readonly T[]): T | undefined {
		if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) {
			return value as T;
		}
		return this.fail(path, `one of ${allowed.map((a) => `'${a}'`).join(', ')}`, value);
	}
}

function readLayers(r: FieldReader, value: unknown): LayerSpec[] | undefined {
	if (!Array.isArray(value) || value.length === 0) {
		return r.fail('layers', 'a non-empty array of { units }', value);
	}
	const layers: LayerSpec[] = [];
	value.forEach((layer: unknown, i) => {
		const units = isRecord(layer) ? layer['units'] : undefined;
		const checked = r.integer(`layers[${i}].units`, units, 1);
		if (checked !== undefined) layers.push({ units: checked });
	});
	return layers.length === value.length ? layers : undefined;
}

function readThreshold(r: FieldReader, value: unknown): ThresholdConfig | undefined {
	if (!isRecord(value)) return r.fail('threshold', 'an object with a method', value);
	const method = r.oneOf('threshold.method', value['method'], THRESHOLD_METHODS);
	if (method === 'quantile') {
		const quantile = r.number('threshold.quantile', value['quantile'], 0, 1, true);
		const factor = r.number('threshold.factor', value['factor'], 0, Infinity, true);
		if (quantile !== undefined && factor !== undefined) return { method, quantile, factor };
	} else if (method === 'pot') {
		const q0 = r.number('threshold.initialQuantile', value['initialQuantile'], 0, 1, true);
		const risk = r.number('threshold.riskLevel', value['riskLevel'], 0, 1, true);
		if (q0 !== undefined && risk !== undefined) {
			return { method, initialQuantile: q0, riskLevel: risk };
		}
	}
	return undefined;
}

/** A number in the closed interval [0, 1] (both ends meaningful). */
function readUnitInterval(r: FieldReader, path: string, value: unknown): number | undefined {
	return typeof value === 'number' && value >= 0 && value <= 1
		? value
		: r.fail(path, 'a number in [0, 1]', value);
}

function readOptimizer(r: FieldReader, value: unknown): OptimizerConfig | undefined {
	if (!isRecord(value))
		return r.fail('optimizer', "an object { name: 'adam', learningRate }", value);
	const name = r.oneOf('optimizer.name', value['name'], ['adam'] as const);
	const learningRate = r.number('optimizer.learningRate', value['learningRate'], 0, 1, true);
	return name && learningRate !== undefined ? { name, learningRate } : undefined;
}

/**
 * Checks a config read from JSON (or anywhere untyped) and fills the optional fields' defaults.
 * Every problem is reported, each naming the field path and the bad value, e.g.
 * `layers[1].units must be a positive integer, got -3`.
 */
export function validateModelConfig(input: unknown): ValidationResult {
	const r = new FieldReader();
	if (!isRecord(input))
		return { ok: false, errors: [`config must be an object, got ${show(input)}`] };
	for (const key of Object.keys(input)) {
		if (!KNOWN_FIELDS.includes(key)) r.errors.push(`${key} is not a known field`);
	}
	const get = (key: keyof typeof OPTIONAL_DEFAULTS) => input[key] ?? OPTIONAL_DEFAULTS[key];
	const config = {
		architecture: r.oneOf('architecture', input['architecture'], ARCHITECTURES),
		windowLength: r.integer('windowLength', input['windowLength'], 1),
		layers: readLayers(r, input['layers']),
		activation: r.oneOf('activation', input['activation'], ACTIVATIONS),
		kernelSize: r.integer('kernelSize', get('kernelSize'), 1),
		normalization: r.oneOf('normalization', get('normalization'), NORMALIZATIONS),
		dropoutRate: r.number('dropoutRate', get('dropoutRate'), 0, 1, false),
		loss: r.oneOf('loss', input['loss'], ['mae'] as const),
		optimizer: readOptimizer(r, input['optimizer']),
		batchSize: r.integer('batchSize', input['batchSize'], 1),
		shuffle: r.boolean('shuffle', get('shuffle')),
		maxEpochs: r.integer('maxEpochs', input['maxEpochs'], 1),
		validationFraction: r.number('validationFraction', input['validationFraction'], 0, 1, true),
		earlyStoppingPatience: r.integer('earlyStoppingPatience', input['earlyStoppingPatience'], 1),
		earlyStoppingMinDelta: r.number(
			'earlyStoppingMinDelta',
			get('earlyStoppingMinDelta'),
			0,
			Infinity,
			false
		),
		differenceDriftAbove: readUnitInterval(r, 'differenceDriftAbove', get('differenceDriftAbove')),
		errorNormalisation: r.oneOf(
			'errorNormalisation',
			get('errorNormalisation'),
			ERROR_NORMALISATIONS
		),
		seed: r.integer('seed', input['seed'], 0, MAX_SEED),
		threshold: readThreshold(r, input['threshold'])
	};
	if (r.errors.length > 0) return { ok: false, errors: r.errors };
	// No errors means every reader returned its value, so no field is undefined.
	return { ok: true, config: config as ModelConfig };
}
