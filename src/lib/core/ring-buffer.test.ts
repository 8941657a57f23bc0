import { describe, expect, it } from 'vitest';
import type { Frame } from './frame';
import { ColumnarRingBuffer } from './ring-buffer';

/** Rows `from..to-1`: t = 1000 + i, channel c = i * 10 + c. */
function rows(from: number, to: number, channelCount = 2): Frame {
	const n = to - from;
	return {
		t: Float64Array.from({ length: n }, (_, k) => 1000 + from + k),
		channels: Array.from({ length: channelCount }, (_, c) =>
			Float32Array.from({ length: n }, (_, k) => (from + k) * 10 + c)
		)
	};
}

function times(buffer: ColumnarRingBuffer): number[] {
	return Array.from(buffer.copy().t);
}

describe('ColumnarRingBuffer', () => {
	it('keeps rows in order before it fills', () => {
		const buffer = new ColumnarRingBuffer(2, 5);
		buffer.push(rows(0, 3));
		expect(buffer.length).toBe(3);
		expect(times(buffer)).toEqual([1000, 1001, 1002]);
		expect(buffer.valueAt(1, 2)).toBe(21);
	});

	it('wraps around and overwrites the oldest rows', () => {
		const buffer = new ColumnarRingBuffer(2, 5);
		buffer.push(rows(0, 4));
		buffer.push(rows(4, 7));
		expect(buffer.length).toBe(5);
		expect(buffer.totalPushed).toBe(7);
		expect(buffer.oldestSequence).toBe(2);
		expect(times(buffer)).toEqual([1002, 1003, 1004, 1005, 1006]);
		expect(Array.from(buffer.copy().channels[0]!)).toEqual([20, 30, 40, 50, 60]);
		expect(buffer.timeAt(0)).toBe(1002);
		expect(buffer.valueAt(1, 4)).toBe(61);
	});

	it('keeps only the newest rows of a push longer than its capacity', () => {
		const buffer = new ColumnarRingBuffer(2, 4);
		buffer.push(rows(0, 2));
		buffer.push(rows(2, 12));
		expect(buffer.length).toBe(4);
		expect(buffer.totalPushed).toBe(12);
		expect(times(buffer)).toEqual([1008, 1009, 1010, 1011]);
	});

	it('gives columnar zero-copy views in one or two segments', () => {
		const buffer = new ColumnarRingBuffer(2, 5);
		buffer.push(rows(0, 3));
		const [only, ...none] = buffer.segments();
		expect(none).toHaveLength(0);
		expect(only!.t).toBeInstanceOf(Float64Array);
		expect(only!.channels[1]).toBeInstanceOf(Float32Array);

		buffer.push(rows(3, 8)); // wraps: physical [5,6,7 | 3,4] → logical 3..7
		const parts = buffer.segments();
		expect(parts).toHaveLength(2);
		expect(parts.flatMap((p) => Array.from(p.t))).toEqual([1003, 1004, 1005, 1006, 1007]);
		// Views alias the storage: they see a later overwrite.
		const view = buffer.segments(0, 1)[0]!;
		buffer.push(rows(8, 9));
		expect(view.t[0]).toBe(1008);
	});

	it('returns sub-ranges and finds times by binary search', () => {
		const buffer = new ColumnarRingBuffer(1, 6);
		buffer.push(rows(0, 9, 1)); // holds 1003..1008
		expect(Array.from(buffer.copy(2, 4).t)).toEqual([1005, 1006]);
		expect(buffer.lowerBound(1005.5)).toBe(3);
		expect(buffer.lowerBound(0)).toBe(0);
		expect(buffer.lowerBound(5000)).toBe(6);
	});

	it('refuses a frame with the wrong channel count or ragged columns', () => {
		const buffer = new ColumnarRingBuffer(2, 4);
		expect(() => buffer.push(rows(0, 2, 3))).toThrow(/3 channels into a buffer of 2/);
		const ragged = rows(0, 3);
		ragged.channels[1] = new Float32Array(2);
		expect(() => buffer.push(ragged)).toThrow(/column 1 has 2 rows, t has 3/);
		expect(() => buffer.timeAt(0)).toThrow(/out of/);
	});

	it('clears', () => {
		const buffer = new ColumnarRingBuffer(1, 3);
		buffer.push(rows(0, 2, 1));
		buffer.clear();
		expect(buffer.length).toBe(0);
		expect(buffer.segments()).toEqual([]);
	});
});
