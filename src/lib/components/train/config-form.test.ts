import { describe, expect, it } from 'vitest';
import { errorsByField, MODEL_FIELDS, readPath, THRESHOLD_FIELDS, writePath } from './config-form';

describe('config paths', () => {
	it('reads and writes nested fields and layer units in place', () => {
		const draft: Record<string, unknown> = {
			windowLength: 30,
			layers: [{ units: 16 }, { units: 8 }],
			optimizer: { name: 'adam', learningRate: 1e-3 }
		};
		expect(readPath(draft, 'layers[1].units')).toBe(8);
		expect(readPath(draft, 'optimizer.learningRate')).toBe(1e-3);
		expect(readPath(draft, 'threshold.quantile')).toBeUndefined();
		writePath(draft, 'layers[0].units', 32);
		writePath(draft, 'threshold.quantile', 0.99);
		writePath(draft, 'optimizer.learningRate', null);
		expect(draft).toEqual({
			windowLength: 30,
			layers: [{ units: 32 }, { units: 8 }],
			optimizer: { name: 'adam', learningRate: null },
			threshold: { quantile: 0.99 }
		});
	});
});

describe('errorsByField', () => {
	it('puts each worker message beside the field it names, without the path', () => {
		const { byPath, general } = errorsByField([
			'windowLength must be a positive integer, got null',
			'layers[1].units must be a positive integer, got -3',
			'threshold.quantile must be a number in (0, 1), got 1.5',
			'optimizer.learningRate must be a number in (0, 1), got 2',
			'layers must be a non-empty array of { units }, got []',
			'dropout is not a known field'
		]);
		expect(byPath).toEqual({
			windowLength: 'must be a positive integer, got null',
			'layers[1].units': 'must be a positive integer, got -3',
			'threshold.quantile': 'must be a number in (0, 1), got 1.5',
			'optimizer.learningRate': 'must be a number in (0, 1), got 2',
			layers: 'must be a non-empty array of { units }, got []'
		});
		expect(general).toEqual(['dropout is not a known field']);
	});

	it('a missing threshold or optimizer object shows at its first control', () => {
		expect(
			errorsByField([
				'threshold must be an object with a method, got null',
				"optimizer must be an object { name: 'adam', learningRate }, got 3"
			]).byPath
		).toEqual({
			'threshold.method': 'must be an object with a method, got null',
			'optimizer.learningRate': "must be an object { name: 'adam', learningRate }, got 3"
		});
	});

	it('every field the form shows has a label and a kind; select fields name their choices', () => {
		for (const field of [...MODEL_FIELDS, ...THRESHOLD_FIELDS]) {
			expect(field.label.length).toBeGreaterThan(0);
			if (field.kind === 'select') expect(field.choices).toBeDefined();
		}
	});
});
