/**
 * How the Models pages show stored model data. Pure: every input is whatever a stored row
 * holds, which an older or newer build (or a damaged backup) may have shaped differently, so
 * each reader checks types and falls back to the raw JSON instead of throwing.
 */

/** One line of a facts table. */
export interface FactRow {
	/** The stored field's name (config key, metric name…). */
	key: string;
	label: string;
	value: string;
}

/** `—` for missing values, else 4 significant digits without trailing zeros (`0.2134`, `3.75`). */
export function formatNumber(value: number | null | undefined, digits = 4): string {
	if (value === null || value === undefined || Number.isNaN(value)) return '—';
	if (!Number.isFinite(value)) return value > 0 ? '∞' : '−∞';
	if (Number.isInteger(value) && Math.abs(value) < 1e9) return value.toLocaleString('en');
	return String(Number(value.toPrecision(digits)));
}

/** `850 ms`, `12.9 s`, `3 min 5 s`, `30 min`, `1 h 2 min`, `2 h` (zero parts left out). */
export function formatDurationMs(ms: number): string {
	if (!Number.isFinite(ms) || ms < 0) return '—';
	if (ms < 1000) return `${Math.round(ms)} ms`;
	if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
	const join = (big: number, bigUnit: string, small: number, smallUnit: string) =>
		small === 0 ? `${big} ${bigUnit}` : `${big} ${bigUnit} ${small} ${smallUnit}`;
	const seconds = Math.round(ms / 1000);
	if (seconds < 3600) return join(Math.floor(seconds / 60), 'min', seconds % 60, 's');
	const minutes = Math.round(seconds / 60);
	return join(Math.floor(minutes / 60), 'h', minutes % 60, 'min');
}

const percent = (fraction: number) => `${Math.round(fraction * 1000) / 10} %`;
const json = (value: unknown) => JSON.stringify(value) ?? String(value);
const isNumber = (value: unknown): value is number => typeof value === 'number';
const isRecord = (value: unknown): value is Record<string, unknown> =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

const ARCHITECTURES: Record<string, string> = {
	'lstm-ae': 'LSTM autoencoder',
	'gru-ae': 'GRU autoencoder',
	'conv1d-ae': '1-D convolutional autoencoder',
	'dense-ae': 'Dense autoencoder'
};
const NORMALIZATIONS: Record<string, string> = {
	none: 'None',
	batch: 'Batch normalisation',
	layer: 'Layer normalisation'
};
const ERROR_NORMALISATIONS: Record<string, string> = {
	none: 'None: the score sums the raw per-channel errors',
	'per-channel': 'Per channel: each error in units of its own normal error'
};

/** The threshold rule of a config (`Peaks over threshold: …`), or its JSON when unknown. */
export function thresholdRuleText(threshold: unknown): string {
	if (!isRecord(threshold)) return '—';
	const { method } = threshold;
	if (method === 'pot' && isNumber(threshold.initialQuantile) && isNumber(threshold.riskLevel))
		return `Peaks over threshold: tail fitted above the ${threshold.initialQuantile} quantile, risk ${threshold.riskLevel}`;
	if (method === 'quantile' && isNumber(threshold.quantile) && isNumber(threshold.factor))
		return `${threshold.quantile} quantile of the training scores × ${threshold.factor}`;
	return json(threshold);
}

/** Label and reader per known config field, in the order shown. Readers return undefined on a type they do not expect. */
const CONFIG_FIELDS: [string, string, (v: unknown) => string | undefined][] = [
	[
		'architecture',
		'Architecture',
		(v) => (typeof v === 'string' ? (ARCHITECTURES[v] ?? v) : undefined)
	],
	['windowLength', 'Window', (v) => (isNumber(v) ? `${v} rows` : undefined)],
	[
		'layers',
		'Encoder layers (units; the decoder mirrors them)',
		(v) =>
			Array.isArray(v) && v.every((l) => isRecord(l) && isNumber(l.units))
				? v.map((l) => String((l as { units: number }).units)).join(' → ')
				: undefined
	],
	['activation', 'Activation', (v) => (typeof v === 'string' ? v : undefined)],
	['kernelSize', 'Kernel width (Conv1D only)', (v) => (isNumber(v) ? `${v} steps` : undefined)],
	[
		'normalization',
		'Normalisation',
		(v) => (typeof v === 'string' ? (NORMALIZATIONS[v] ?? v) : undefined)
	],
	['dropoutRate', 'Dropout', (v) => (isNumber(v) ? (v === 0 ? 'None' : percent(v)) : undefined)],
	[
		'loss',
		'Loss',
		(v) => (v === 'mae' ? 'Mean absolute error' : typeof v === 'string' ? v : undefined)
	],
	[
		'optimizer',
		'Optimiser',
		(v) =>
			isRecord(v) && v.name === 'adam' && isNumber(v.learningRate)
				? `Adam, learning rate ${v.learningRate}`
				: undefined
	],
	['batchSize', 'Batch size', (v) => (isNumber(v) ? `${v} windows` : undefined)],
	[
		'shuffle',
		'Shuffle',
		(v) => (typeof v === 'boolean' ? (v ? 'Yes, every epoch' : 'No') : undefined)
	],
	['maxEpochs', 'Maximum epochs', (v) => (isNumber(v) ? String(v) : undefined)],
	[
		'validationFraction',
		'Validation',
		(v) => (isNumber(v) ? `${percent(v)} of the windows, the latest` : undefined)
	],
	[
		'earlyStoppingPatience',
		'Early-stopping patience',
		(v) => (isNumber(v) ? `${v} epochs` : undefined)
	],
	['earlyStoppingMinDelta', 'Smallest improvement', (v) => (isNumber(v) ? String(v) : undefined)],
	[
		'differenceDriftAbove',
		'Model drifting channels by their changes',
		(v) =>
			isNumber(v)
				? v >= 1
					? 'Never'
					: `When over ${percent(v)} of the variance is drift`
				: undefined
	],
	[
		'errorNormalisation',
		'Error normalisation',
		(v) => (typeof v === 'string' ? (ERROR_NORMALISATIONS[v] ?? v) : undefined)
	],
	['seed', 'Random seed', (v) => (isNumber(v) ? String(v) : undefined)],
	['threshold', 'Threshold rule', (v) => (isRecord(v) ? thresholdRuleText(v) : undefined)]
];

/** The config as readable rows: known fields in a fixed order, then any others as JSON. */
export function configRows(config: Record<string, unknown>): FactRow[] {
	const known = new Set(CONFIG_FIELDS.map(([key]) => key));
	const rows: FactRow[] = [];
	for (const [key, label, read] of CONFIG_FIELDS) {
		if (!(key in config)) continue;
		rows.push({ key, label, value: read(config[key]) ?? json(config[key]) });
	}
	for (const [key, value] of Object.entries(config)) {
		if (!known.has(key)) rows.push({ key, label: key, value: json(value) });
	}
	return rows;
}

/** Labels of the metrics the Train page stores (`workers/train-from-datasets.ts`). */
const METRIC_LABELS: Record<string, string> = {
	bestValLoss: 'Best validation loss',
	trainLoss: 'Training loss at the best epoch',
	bestEpoch: 'Best epoch (counted from 1)',
	epochs: 'Epochs run',
	stoppedEarly: 'Stopped early',
	trainWindows: 'Training windows',
	validationWindows: 'Validation windows'
};

/** Metrics: the known ones labelled (epochs from 1, flags as yes/no), then the rest by name. */
export function metricRows(metrics: Record<string, number>): FactRow[] {
	const show = (key: string, value: unknown): string => {
		if (!isNumber(value)) return json(value);
		if (key === 'bestEpoch') return formatNumber(value + 1);
		if (key === 'stoppedEarly') return value ? 'Yes' : 'No';
		return formatNumber(value);
	};
	const known = Object.keys(METRIC_LABELS).filter((key) => key in metrics);
	const others = Object.keys(metrics)
		.filter((key) => !(key in METRIC_LABELS))
		.sort((a, b) => a.localeCompare(b));
	return [...known, ...others].map((key) => ({
		key,
		label: METRIC_LABELS[key] ?? key,
		value: show(key, metrics[key])
	}));
}
