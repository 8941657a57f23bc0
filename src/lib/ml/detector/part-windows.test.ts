import { describe, expect, it } from 'vitest';
import { concatenateRuns, contiguousRuns, partWindows } from './part-windows';

/** One channel whose value is its row number, so a window shows which rows it took. */
function rowNumbers(rows: number): Float32Array[] {
	return [Float32Array.from({ length: rows }, (_, i) => i)];
}

function allWindows(source: ReturnType<typeof partWindows>): number[][] {
	const out = new Float32Array(source.count * source.windowLength);
	source.fill(0, source.count, out);
	return Array.from({ length: source.count }, (_, w) =>
		Array.from(out.subarray(w * source.windowLength, (w + 1) * source.windowLength))
	);
}

describe('partWindows', () => {
	it('no window spans two parts; parts shorter than a window give none', () => {
		// Parts: rows 0–4 (5 rows), 5–6 (2 rows, too short), 7–11 (5 rows).
		const source = partWindows(rowNumbers(12), [0, 5, 7], 3);
		expect(source.count).toBe(3 + 0 + 3);
		expect(allWindows(source)).toEqual([
			[0, 1, 2],
			[1, 2, 3],
			[2, 3, 4],
			[7, 8, 9],
			[8, 9, 10],
			[9, 10, 11]
		]);
	});

	it('fills any sub-range, interleaving channels per step as a [n, window, channels] tensor', () => {
		const channels = [
			Float32Array.from([0, 1, 2, 3, 4, 5]),
			Float32Array.from([10, 11, 12, 13, 14, 15])
		];
		const source = partWindows(channels, [0, 3], 2);
		expect(source.count).toBe(4);
		const out = new Float32Array(2 * 2 * 2);
		source.fill(1, 2, out);
		// Window 1 = rows 1–2, window 2 = rows 3–4 (the second part's first window).
		expect(Array.from(out)).toEqual([1, 11, 2, 12, 3, 13, 4, 14]);
		expect(() => source.fill(3, 2, out)).toThrow(/windows \[3, 5\) outside 0..4/);
	});

	it('one part is the ordinary stride-1 windowing', () => {
		expect(allWindows(partWindows(rowNumbers(4), [0], 2))).toEqual([
			[0, 1],
			[1, 2],
			[2, 3]
		]);
	});
});

describe('contiguousRuns', () => {
	const t = (steps: number[]) => Float64Array.from(steps);

	it('a missing value drops its row and ends the run', () => {
		const block = {
			t: t([0, 10, 20, 30, 40, 50]),
			channels: [Float32Array.from([1, 2, NaN, 4, 5, 6]), Float32Array.from([1, 2, 3, 4, NaN, 6])]
		};
		expect(contiguousRuns(block, 15)).toEqual([
			{ from: 0, to: 2 },
			{ from: 3, to: 4 },
			{ from: 5, to: 6 }
		]);
	});

	it('a pause longer than maxStepMs or a step back in time ends the run', () => {
		const block = { t: t([0, 10, 20, 500, 510, 505, 515]), channels: rowNumbers(7) };
		expect(contiguousRuns(block, 100)).toEqual([
			{ from: 0, to: 3 },
			{ from: 3, to: 5 },
			{ from: 5, to: 7 }
		]);
		expect(contiguousRuns(block, Infinity)).toEqual([
			{ from: 0, to: 5 },
			{ from: 5, to: 7 }
		]);
	});

	it('concatenates the runs of several blocks with where each starts', () => {
		const a = { t: t([0, 1, 2]), channels: [Float32Array.from([1, NaN, 3])] };
		const b = { t: t([5, 6]), channels: [Float32Array.from([7, 8])] };
		const joined = concatenateRuns([a, b], [contiguousRuns(a, 5), contiguousRuns(b, 5)]);
		expect(Array.from(joined.channels[0]!)).toEqual([1, 3, 7, 8]);
		expect(joined.partStarts).toEqual([0, 1, 2]);
	});
});
