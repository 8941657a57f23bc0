/**
 * The Train form's logic, pure: whether the chosen datasets can train together (same channel
 * names), and the request the form's values make, or what still stops it.
 */
import type { BackendName, TrainRequest } from '$lib/state/training.svelte';

/** What the form needs of a stored dataset. */
export interface DatasetChoice {
	id: number;
	name: string;
	channels: readonly { name: string }[];
	startMs: number | null;
	endMs: number | null;
}

/**
 * The channels all chosen datasets share (in the first one's order) and, per dataset that differs
 * from the first, what it lacks and what it has in addition: "“B” lacks flow; has temp".
 */
export function compareChannels(datasets: readonly DatasetChoice[]): {
	common: string[];
	differences: string[];
} {
	const [first, ...rest] = datasets;
	if (!first) return { common: [], differences: [] };
	const names = first.channels.map((c) => c.name);
	const differences: string[] = [];
	for (const dataset of rest) {
		const own = dataset.channels.map((c) => c.name);
		const lacks = names.filter((n) => !own.includes(n));
		const extra = own.filter((n) => !names.includes(n));
		const parts = [
			lacks.length > 0 ? `lacks ${lacks.join(', ')}` : '',
			extra.length > 0 ? `has ${extra.join(', ')}` : ''
		].filter(Boolean);
		if (parts.length > 0) {
			differences.push(`“${dataset.name}” ${parts.join('; ')} (unlike “${first.name}”)`);
		}
	}
	const common = names.filter((n) => rest.every((d) => d.channels.some((c) => c.name === n)));
	return { common, differences };
}

/** The earliest start and latest end of the datasets (epoch ms), or null when none has rows. */
export function timeSpan(
	datasets: readonly DatasetChoice[]
): { fromMs: number; toMs: number } | null {
	const starts = datasets.flatMap((d) => (d.startMs === null ? [] : [d.startMs]));
	const ends = datasets.flatMap((d) => (d.endMs === null ? [] : [d.endMs]));
	if (starts.length === 0 || ends.length === 0) return null;
	return { fromMs: Math.min(...starts), toMs: Math.max(...ends) };
}

/** Everything the form holds, as plain values. */
export interface FormValues {
	datasets: readonly DatasetChoice[];
	rowsMode: 'segments' | 'range';
	segmentIds: readonly number[];
	/** Epoch ms, NaN when the typed text is not a time. */
	rangeFromMs: number;
	rangeToMs: number;
	channels: readonly string[];
	config: Record<string, unknown> | undefined;
	/** Messages of the worker's validation of `config`. */
	configErrors: readonly string[];
	preset: string;
	backend: 'auto' | BackendName;
	modelChoice: 'new' | 'existing';
	modelName: string;
	/** With `existing`: the model and its name. */
	model: { id: number; name: string } | undefined;
	notes: string;
	appVersion: string;
}

export type FormOutcome =
	{ ok: true; request: TrainRequest; title: string } | { ok: false; problems: string[] };

/** The training request, or every reason the form cannot start yet (in form order). */
export function buildTrainRequest(values: FormValues): FormOutcome {
	const problems: string[] = [];
	if (values.datasets.length === 0) problems.push('Choose a dataset.');
	const { differences } = compareChannels(values.datasets);
	if (differences.length > 0) {
		problems.push(`The datasets must have the same channels: ${differences.join('; ')}.`);
	}
	if (values.rowsMode === 'segments' && values.segmentIds.length === 0) {
		problems.push('Choose at least one normal segment, or train on a time range.');
	}
	if (values.rowsMode === 'range') {
		if (!Number.isFinite(values.rangeFromMs)) problems.push('The range’s start is not a time.');
		if (!Number.isFinite(values.rangeToMs)) problems.push('The range’s end is not a time.');
		else if (values.rangeToMs <= values.rangeFromMs)
			problems.push('The range must end after it starts.');
	}
	if (values.channels.length === 0) problems.push('Choose at least one channel.');
	if (!values.config) problems.push('The presets are still loading.');
	if (values.configErrors.length > 0) problems.push('Correct the settings marked below.');
	const name = values.modelName.trim();
	if (values.modelChoice === 'new' && !name) problems.push('Give the new model a name.');
	if (values.modelChoice === 'existing' && !values.model) problems.push('Choose the model.');
	if (problems.length > 0 || !values.config) return { ok: false, problems };
	const request: TrainRequest = {
		selection: {
			datasetIds: values.datasets.map((d) => d.id),
			rows:
				values.rowsMode === 'segments'
					? { kind: 'segments', segmentIds: [...values.segmentIds] }
					: { kind: 'range', fromMs: values.rangeFromMs, toMs: values.rangeToMs },
			channels: [...values.channels]
		},
		config: values.config,
		preset: values.preset,
		model:
			values.modelChoice === 'new'
				? { kind: 'new', name }
				: { kind: 'existing', modelId: values.model!.id },
		notes: values.notes,
		appVersion: values.appVersion
	};
	if (values.backend !== 'auto') request.backend = values.backend;
	const title = values.modelChoice === 'new' ? name : `${values.model!.name} (new version)`;
	return { ok: true, request, title };
}
