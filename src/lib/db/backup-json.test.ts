import { describe, expect, it } from 'vitest';
import { BackupEncodeError, decodeJson, encodeJson } from './backup-json';

describe('backup JSON', () => {
	it('brings back what plain JSON would lose: non-finite numbers, typed arrays, buffers, dates', () => {
		const value = {
			metrics: { auc: NaN, far: Infinity, low: -Infinity, f1: 0.5 },
			scaler: { mean: Float32Array.of(1.5, NaN), index: Int32Array.of(-3, 7) },
			// A view into a larger buffer: only its own bytes are kept.
			view: new Uint8Array(Uint8Array.of(9, 8, 7, 6).buffer, 1, 2),
			topology: Float64Array.of(Math.PI).buffer,
			at: new Date(1.7e12),
			list: [1, null, 'x', { nested: [NaN] }],
			skipped: undefined
		};
		const back = decodeJson(encodeJson(value, 'row')) as typeof value;
		expect(back.metrics).toEqual({ auc: NaN, far: Infinity, low: -Infinity, f1: 0.5 });
		expect(back.scaler.mean).toBeInstanceOf(Float32Array);
		expect([...back.scaler.mean]).toEqual([1.5, NaN]);
		expect(back.scaler.index).toEqual(Int32Array.of(-3, 7));
		expect(back.view).toEqual(Uint8Array.of(8, 7));
		expect(new Float64Array(back.topology)[0]).toBe(Math.PI);
		expect(back.at).toEqual(new Date(1.7e12));
		expect(back.list).toEqual([1, null, 'x', { nested: [NaN] }]);
		expect('skipped' in back).toBe(false);
	});

	it('refuses what it cannot carry, naming where it is', () => {
		expect(() => encodeJson({ a: { b: new Map() } }, 'modelVersions row 3')).toThrow(
			new BackupEncodeError('modelVersions row 3.a.b: a Map cannot be backed up')
		);
		expect(() => encodeJson({ list: [1, 2n] }, 'row')).toThrow('row.list[1]: a bigint');
		expect(() => encodeJson({ $vigil: 'x' }, 'row')).toThrow('row: a field is named $vigil');
	});

	it('is plain JSON for plain rows', () => {
		const row = { id: 3, name: 'pump', channels: [{ name: 'a', unit: 'bar' }], parentId: null };
		expect(encodeJson(row, 'row')).toBe(JSON.stringify(row));
	});
});
