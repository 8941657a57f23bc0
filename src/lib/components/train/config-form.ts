/**
 * The hyperparameter form as data: which fields it shows, how a field's path reads and writes
 * the draft config, and which validation message belongs beside which field. Validation itself
 * runs in the worker (`validateModelConfig`, ml/config.ts); its messages name the field path
 * (`layers[1].units must be a positive integer, got -3`), which is how they find their field.
 */

/** Choices the worker lists for enumerated fields (`ConfigCatalog['choices']`). */
export type ChoiceKey =
	'architecture' | 'activation' | 'normalization' | 'errorNormalisation' | 'thresholdMethod';

export interface ConfigField {
	/** Path in the config: `windowLength`, `optimizer.learningRate`, `threshold.quantile`. */
	path: string;
	label: string;
	kind: 'integer' | 'number' | 'select' | 'boolean';
	choices?: ChoiceKey;
	/** Shown under the label: units and what the value does. */
	hint?: string;
	/** Under "More settings", closed by default. */
	advanced?: boolean;
	/** Shown only for this threshold method. */
	thresholdMethod?: 'quantile' | 'pot';
}

export const MODEL_FIELDS: readonly ConfigField[] = [
	{ path: 'architecture', label: 'Architecture', kind: 'select', choices: 'architecture' },
	{ path: 'windowLength', label: 'Window', kind: 'integer', hint: 'rows per window' },
	{ path: 'activation', label: 'Activation', kind: 'select', choices: 'activation' },
	{ path: 'dropoutRate', label: 'Dropout rate', kind: 'number', hint: '0 to under 1' },
	{
		path: 'kernelSize',
		label: 'Kernel size',
		kind: 'integer',
		hint: 'rows; conv1d-ae only',
		advanced: true
	},
	{
		path: 'normalization',
		label: 'Normalisation layers',
		kind: 'select',
		choices: 'normalization',
		advanced: true
	}
];

export const TRAINING_FIELDS: readonly ConfigField[] = [
	{ path: 'maxEpochs', label: 'Epochs', kind: 'integer', hint: 'at most' },
	{ path: 'batchSize', label: 'Batch size', kind: 'integer', hint: 'windows per step' },
	{ path: 'optimizer.learningRate', label: 'Learning rate', kind: 'number', hint: 'Adam' },
	{
		path: 'earlyStoppingPatience',
		label: 'Patience',
		kind: 'integer',
		hint: 'epochs without improvement'
	},
	{
		path: 'validationFraction',
		label: 'Validation fraction',
		kind: 'number',
		hint: 'latest share of windows'
	},
	{
		path: 'earlyStoppingMinDelta',
		label: 'Minimum improvement',
		kind: 'number',
		hint: 'validation loss',
		advanced: true
	},
	{ path: 'shuffle', label: 'Shuffle windows', kind: 'boolean', advanced: true },
	{ path: 'seed', label: 'Seed', kind: 'integer', advanced: true },
	{
		path: 'differenceDriftAbove',
		label: 'Difference drifting channels above',
		kind: 'number',
		hint: 'share of variance; 1 = never',
		advanced: true
	},
	{
		path: 'errorNormalisation',
		label: 'Error normalisation',
		kind: 'select',
		choices: 'errorNormalisation',
		advanced: true
	}
];

export const THRESHOLD_FIELDS: readonly ConfigField[] = [
	{
		path: 'threshold.method',
		label: 'Threshold method',
		kind: 'select',
		choices: 'thresholdMethod'
	},
	{
		path: 'threshold.quantile',
		label: 'Quantile',
		kind: 'number',
		hint: 'of the training scores',
		thresholdMethod: 'quantile'
	},
	{ path: 'threshold.factor', label: 'Factor', kind: 'number', thresholdMethod: 'quantile' },
	{
		path: 'threshold.initialQuantile',
		label: 'Initial quantile',
		kind: 'number',
		hint: 'where the tail fit starts',
		thresholdMethod: 'pot'
	},
	{
		path: 'threshold.riskLevel',
		label: 'Risk level',
		kind: 'number',
		hint: 'share of normal windows above',
		thresholdMethod: 'pot'
	}
];

/** Parameters a threshold method starts with when the user switches to it (SKAB's; SPOT's). */
export const THRESHOLD_DEFAULTS = {
	quantile: { method: 'quantile', quantile: 0.99, factor: 1.5 },
	pot: { method: 'pot', initialQuantile: 0.98, riskLevel: 0.01 }
} as const;

/** `a.b[2].c` → `['a', 'b', 2, 'c']`. */
function steps(path: string): (string | number)[] {
	return path
		.split(/\.|(?=\[)/)
		.map((part) => (part.startsWith('[') ? Number(part.slice(1, -1)) : part));
}

/** The value at `path` in the draft, or undefined when any step is missing. */
export function readPath(draft: unknown, path: string): unknown {
	let value: unknown = draft;
	for (const step of steps(path)) {
		if (typeof value !== 'object' || value === null) return undefined;
		value = (value as Record<string | number, unknown>)[step];
	}
	return value;
}

/** Sets `path` in the draft (in place: the draft is reactive state), creating objects on the way. */
export function writePath(draft: Record<string, unknown>, path: string, value: unknown): void {
	const all = steps(path);
	let target: Record<string | number, unknown> = draft;
	for (const step of all.slice(0, -1)) {
		const next = target[step];
		if (typeof next !== 'object' || next === null) target[step] = {};
		target = target[step] as Record<string | number, unknown>;
	}
	target[all.at(-1)!] = value;
}

/** Validation messages by the field path they name, and those naming no field of the form. */
export interface FieldErrors {
	byPath: Record<string, string>;
	general: string[];
}

/** Paths the form has a control for (layers get `layers` and `layers[i].units`). */
const FORM_PATHS = new Set(
	[...MODEL_FIELDS, ...TRAINING_FIELDS, ...THRESHOLD_FIELDS].map((f) => f.path)
);

/**
 * Sorts the worker's messages to their fields. The message is shown beside the field without the
 * path it starts with: "must be a positive integer, got -3".
 */
export function errorsByField(errors: readonly string[]): FieldErrors {
	const byPath: Record<string, string> = {};
	const general: string[] = [];
	for (const error of errors) {
		const match = /^([\w.[\]]+) (must be .*)$/.exec(error);
		const path = match?.[1];
		const known =
			path !== undefined &&
			(FORM_PATHS.has(path) || path === 'layers' || /^layers\[\d+\]\.units$/.test(path));
		if (known && match) {
			byPath[path] = byPath[path] ? `${byPath[path]}; ${match[2]}` : match[2]!;
		} else if (path === 'threshold' || path === 'optimizer') {
			byPath[path === 'threshold' ? 'threshold.method' : 'optimizer.learningRate'] = match![2]!;
		} else {
			general.push(error);
		}
	}
	return { byPath, general };
}
