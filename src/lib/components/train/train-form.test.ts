import { describe, expect, it } from 'vitest';
import { buildTrainRequest, compareChannels, timeSpan, type FormValues } from './train-form';

const ds = (id: number, name: string, channels: string[], startMs = 0, endMs = 1000) => ({
	id,
	name,
	channels: channels.map((n) => ({ name: n })),
	startMs,
	endMs
});

const VALUES: FormValues = {
	datasets: [ds(1, 'Pump A', ['flow', 'pressure'])],
	rowsMode: 'segments',
	segmentIds: [7],
	rangeFromMs: NaN,
	rangeToMs: NaN,
	channels: ['flow'],
	config: { windowLength: 10 },
	configErrors: [],
	preset: 'default',
	backend: 'auto',
	modelChoice: 'new',
	modelName: ' Pump model ',
	model: undefined,
	notes: 'n',
	appVersion: '0.1.0'
};

describe('compareChannels', () => {
	it('names what each dataset lacks or adds, compared with the first', () => {
		expect(
			compareChannels([
				ds(1, 'A', ['flow', 'pressure', 'temp']),
				ds(2, 'B', ['pressure', 'flow', 'temp']),
				ds(3, 'C', ['flow', 'speed'])
			])
		).toEqual({
			common: ['flow'],
			differences: ['“C” lacks pressure, temp; has speed (unlike “A”)']
		});
		expect(compareChannels([])).toEqual({ common: [], differences: [] });
	});

	it('spans the datasets in time, ignoring empty ones', () => {
		expect(
			timeSpan([
				ds(1, 'A', [], 500, 900),
				ds(2, 'B', [], 100, 600),
				{ ...ds(3, 'C', []), startMs: null, endMs: null }
			])
		).toEqual({ fromMs: 100, toMs: 900 });
		expect(timeSpan([])).toBeNull();
	});
});

describe('buildTrainRequest', () => {
	it('makes the worker request from the form, the backend only when chosen', () => {
		const built = buildTrainRequest(VALUES);
		expect(built).toEqual({
			ok: true,
			title: 'Pump model',
			request: {
				selection: {
					datasetIds: [1],
					rows: { kind: 'segments', segmentIds: [7] },
					channels: ['flow']
				},
				config: { windowLength: 10 },
				preset: 'default',
				model: { kind: 'new', name: 'Pump model' },
				notes: 'n',
				appVersion: '0.1.0'
			}
		});
		const range = buildTrainRequest({
			...VALUES,
			rowsMode: 'range',
			rangeFromMs: 10,
			rangeToMs: 20,
			backend: 'wasm',
			modelChoice: 'existing',
			model: { id: 4, name: 'Old' }
		});
		expect(range).toMatchObject({
			ok: true,
			title: 'Old (new version)',
			request: {
				selection: { rows: { kind: 'range', fromMs: 10, toMs: 20 } },
				backend: 'wasm',
				model: { kind: 'existing', modelId: 4 }
			}
		});
	});

	it('lists everything that stops it, in form order', () => {
		expect(
			buildTrainRequest({
				...VALUES,
				datasets: [ds(1, 'A', ['flow']), ds(2, 'B', ['flow', 'x'])],
				segmentIds: [],
				channels: [],
				configErrors: ['windowLength must be a positive integer, got 0'],
				modelName: '  '
			})
		).toEqual({
			ok: false,
			problems: [
				'The datasets must have the same channels: “B” has x (unlike “A”).',
				'Choose at least one normal segment, or train on a time range.',
				'Choose at least one channel.',
				'Correct the settings marked below.',
				'Give the new model a name.'
			]
		});
		expect(
			buildTrainRequest({ ...VALUES, rowsMode: 'range', rangeFromMs: 50, rangeToMs: 20 })
		).toEqual({ ok: false, problems: ['The range must end after it starts.'] });
		expect(
			buildTrainRequest({ ...VALUES, modelChoice: 'existing', model: undefined, datasets: [] })
		).toEqual({ ok: false, problems: ['Choose a dataset.', 'Choose the model.'] });
	});
});
