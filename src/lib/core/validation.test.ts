import { describe, expect, it } from 'vitest';
import type { Frame } from './frame';
import { validateFrame } from './validation';

/** Times in ms and one or two channels. */
function frame(t: number[], ...channels: number[][]): Frame {
	return { t: Float64Array.from(t), channels: channels.map((c) => Float32Array.from(c)) };
}
const kinds = (r: ReturnType<typeof validateFrame>) => r.issues.map((i) => i.kind);

describe('validateFrame', () => {
	it('finds nothing wrong with clean, regular data, and estimates the rate', () => {
		const report = validateFrame(frame([0, 10, 20, 30], [1, 2, 3, 4]), {
			level: 'strict',
			channelNames: ['a']
		});
		expect(report.issues).toEqual([]);
		expect(report.medianIntervalMs).toBe(10);
		expect(report.estimatedRateHz).toBe(100);
	});

	it('reports rows going back in time and duplicate timestamps with their rows', () => {
		const report = validateFrame(frame([0, 10, 10, 5, 20], [1, 2, 3, 4, 5]), {
			level: 'basic',
			channelNames: ['a']
		});
		expect(report.issues.find((i) => i.kind === 'not-increasing')).toMatchObject({
			severity: 'error',
			count: 1,
			firstRow: 3
		});
		expect(report.issues.find((i) => i.kind === 'duplicate-time')).toMatchObject({
			count: 1,
			firstRow: 2,
			message: expect.stringContaining('first at row 3')
		});
	});

	it('levels: basic ignores gaps and constant channels, standard reports them, strict adds irregular sampling', () => {
		const data = frame([0, 10, 20, 100, 110, 125, 133], [5, 5, 5, 5, 5, 5, 5]);
		expect(kinds(validateFrame(data, { level: 'basic', channelNames: ['flow'] }))).toEqual([]);
		expect(kinds(validateFrame(data, { level: 'standard', channelNames: ['flow'] }))).toEqual([
			'constant-channel',
			'gap'
		]);
		expect(kinds(validateFrame(data, { level: 'strict', channelNames: ['flow'] }))).toEqual([
			'constant-channel',
			'gap',
			'irregular-sampling'
		]);
	});

	it('counts missing values per channel: a warning normally, an error in strict mode or when all are missing', () => {
		const data = frame([0, 1, 2, 3], [1, NaN, 3, NaN], [NaN, NaN, NaN, NaN]);
		const standard = validateFrame(data, { level: 'standard', channelNames: ['a', 'b'] });
		expect(standard.issues.filter((i) => i.kind === 'missing-values')).toEqual([
			expect.objectContaining({ channel: 'a', count: 2, severity: 'warning', firstRow: 1 }),
			expect.objectContaining({
				channel: 'b',
				count: 4,
				severity: 'error',
				message: 'b has no values at all'
			})
		]);
		const strict = validateFrame(data, { level: 'strict', channelNames: ['a', 'b'] });
		expect(strict.issues.find((i) => i.channel === 'a')?.severity).toBe('error');
	});

	it('reports values outside per-channel limits when set', () => {
		const report = validateFrame(frame([0, 1, 2, 3], [20, 95, 101, 130]), {
			level: 'standard',
			channelNames: ['temp'],
			limits: { temp: { max: 100 } }
		});
		expect(report.issues).toEqual([
			expect.objectContaining({ kind: 'out-of-limits', count: 2, firstRow: 2, channel: 'temp' })
		]);
	});
});
