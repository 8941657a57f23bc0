import { describe, expect, it } from 'vitest';
import {
	dropChannels,
	dropDuplicateTimes,
	dropRowsWithMissing,
	fillMissingWithPrevious,
	interpolateShortGaps,
	sortByTime,
	type Table
} from './fixes';

function table(t: number[], a: number[], label: number[] = t.map(() => 0)): Table {
	return {
		frame: { t: Float64Array.from(t), channels: [Float32Array.from(a)] },
		labels: [Uint8Array.from(label)],
		channelNames: ['a']
	};
}
const values = (x: Table) => Array.from(x.frame.channels[0]!);

describe('fixes', () => {
	it('sorts by time, keeping labels with their rows and equal times in order', () => {
		const fixed = sortByTime(table([30, 10, 20, 10], [3, 1, 2, 1.5], [0, 1, 0, 0]));
		expect(Array.from(fixed.frame.t)).toEqual([10, 10, 20, 30]);
		expect(values(fixed)).toEqual([1, 1.5, 2, 3]);
		expect(Array.from(fixed.labels[0]!)).toEqual([1, 0, 0, 0]);
	});

	it('drops repeated timestamps, keeping the first', () => {
		const fixed = dropDuplicateTimes(table([0, 1, 1, 2], [5, 6, 7, 8]));
		expect(values(fixed)).toEqual([5, 6, 8]);
	});

	it('interpolates short runs of missing values in time, and leaves long or open-ended runs', () => {
		const fixed = interpolateShortGaps(
			table([0, 10, 20, 40, 50, 60, 70, 80, 90], [0, NaN, NaN, 4, NaN, NaN, NaN, 8, NaN]),
			2
		);
		// Row 1 and 2 between (0, 0) and (40, 4): 1 and 2. Rows 4–6 (3 long) stay; row 8 at the end stays.
		expect(values(fixed).slice(0, 4)).toEqual([0, 1, 2, 4]);
		expect(values(fixed).slice(4, 7).every(Number.isNaN)).toBe(true);
		expect(Number.isNaN(values(fixed)[8]!)).toBe(true);
	});

	it('fills missing values from the previous one, and the first one from the next', () => {
		expect(values(fillMissingWithPrevious(table([0, 1, 2, 3], [NaN, 2, NaN, 4])))).toEqual([
			2, 2, 2, 4
		]);
	});

	it('drops rows with a missing value and drops channels by name', () => {
		expect(values(dropRowsWithMissing(table([0, 1, 2], [1, NaN, 3])))).toEqual([1, 3]);
		const two: Table = {
			...table([0, 1], [1, 2]),
			frame: {
				t: Float64Array.from([0, 1]),
				channels: [Float32Array.from([1, 2]), Float32Array.from([5, 5])]
			},
			channelNames: ['a', 'const']
		};
		const fixed = dropChannels(two, ['const']);
		expect(fixed.channelNames).toEqual(['a']);
		expect(fixed.frame.channels).toHaveLength(1);
	});

	it('never changes the table it is given (fixes write a new version)', () => {
		const original = table([2, 1], [NaN, 1]);
		sortByTime(original);
		fillMissingWithPrevious(original);
		expect(Array.from(original.frame.t)).toEqual([2, 1]);
		expect(Number.isNaN(values(original)[0]!)).toBe(true);
	});
});
