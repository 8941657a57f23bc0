import { describe, expect, it } from 'vitest';
import { decimateMinMax, LiveDecimator } from './decimate';
import type { Frame } from './frame';
import { ColumnarRingBuffer } from './ring-buffer';

/** A slow sine on channel 0 and a noisy-looking sawtooth on channel 1, 1 kHz from t = 0. */
function signal(rows: number, startIndex = 0): Frame {
	const t = Float64Array.from({ length: rows }, (_, i) => startIndex + i);
	const a = Float32Array.from(t, (ms) => Math.sin(ms / 500));
	const b = Float32Array.from(t, (ms) => ((ms * 7) % 13) / 13);
	return { t, channels: [a, b] };
}

function finite(values: Float32Array): number[] {
	return Array.from(values).filter((v) => !Number.isNaN(v));
}

describe('decimateMinMax', () => {
	it('reduces to at most two rows per bin and keeps every bin extreme', () => {
		const frame = signal(100_000);
		const out = decimateMinMax(frame, 0, 100_000, 500);
		expect(out.t.length).toBeLessThanOrEqual(2 * 501);
		expect(out.t.length).toBeGreaterThan(900);
		// Every bin's min and max of the raw data appear in the output.
		for (const bin of [0, 137, 499]) {
			const raw = frame.channels[0]!.subarray(bin * 200, (bin + 1) * 200);
			const decimated = Array.from(out.channels[0]!).filter(
				(_, i) => Math.floor(out.t[i]! / 200) === bin
			);
			expect(Math.min(...decimated)).toBe(Math.min(...raw));
			expect(Math.max(...decimated)).toBe(Math.max(...raw));
		}
	});

	it('keeps a one-sample spike however far it decimates', () => {
		const frame = signal(600_000);
		frame.channels[1]![312_345] = 99;
		frame.channels[0]![42] = -50;
		const out = decimateMinMax(frame, 0, 600_000, 300);
		expect(Math.max(...finite(out.channels[1]!))).toBe(99);
		expect(Math.min(...finite(out.channels[0]!))).toBe(-50);
	});

	it('orders min and max as they happened', () => {
		const frame: Frame = {
			t: Float64Array.from([0, 1, 2, 3, 10, 11, 12, 13]),
			channels: [Float32Array.from([0, 5, -5, 0, 0, -3, 4, 0])]
		};
		const out = decimateMinMax(frame, 0, 20, 2);
		// Bin 0 went up first then down; bin 1 down first then up.
		expect(Array.from(out.channels[0]!)).toEqual([5, -5, -3, 4]);
		expect(Array.from(out.t)).toEqual([0, 3, 10, 13]);
	});

	it('turns an all-NaN bin into a gap and ignores NaN beside real values', () => {
		const frame: Frame = {
			t: Float64Array.from([0, 1, 10, 11]),
			channels: [Float32Array.from([NaN, NaN, NaN, 2])]
		};
		const out = decimateMinMax(frame, 0, 20, 2);
		expect(Number.isNaN(out.channels[0]![0]!)).toBe(true);
		expect(Number.isNaN(out.channels[0]![1]!)).toBe(true);
		expect(out.channels[0]![3]).toBe(2);
	});

	it('leaves out empty bins instead of inventing gaps (sparse, low-rate data)', () => {
		const frame: Frame = {
			t: Float64Array.from([0, 1000, 2000]),
			channels: [Float32Array.from([1, 2, 3])]
		};
		const out = decimateMinMax(frame, 0, 3000, 1500);
		expect(Array.from(out.t)).toEqual([0, 1000, 2000]);
		expect(Array.from(out.channels[0]!)).toEqual([1, 2, 3]);
	});
});

describe('LiveDecimator', () => {
	it('matches a full decimation of the same window after incremental updates', () => {
		const buffer = new ColumnarRingBuffer(2, 50_000);
		const live = new LiveDecimator();
		const windowMs = 20_000;
		const bins = 400;
		let index = 0;
		let last: Frame | undefined;
		for (const batch of [3_000, 17, 25_000, 1, 9_999, 40_000, 123]) {
			buffer.push(signal(batch, index));
			index += batch;
			last = live.update(buffer, windowMs, bins);
		}
		const binMs = windowMs / bins;
		const endMs = index - 1;
		const firstBin = Math.floor(endMs / binMs) - bins + 1;
		const reference = decimateMinMax(
			buffer.copy(),
			firstBin * binMs,
			(Math.floor(endMs / binMs) + 1) * binMs,
			bins
		);
		expect(Array.from(last!.t)).toEqual(Array.from(reference.t));
		expect(Array.from(last!.channels[1]!)).toEqual(Array.from(reference.channels[1]!));
	});

	it('rebuilds when the window changes and when rows were overwritten unseen', () => {
		const buffer = new ColumnarRingBuffer(2, 10_000);
		const live = new LiveDecimator();
		buffer.push(signal(10_000));
		const wide = live.update(buffer, 10_000, 100);
		const narrow = live.update(buffer, 1_000, 100);
		expect(wide.t[0]).toBeLessThan(1000);
		expect(narrow.t[0]).toBeGreaterThanOrEqual(9_000);
		buffer.push(signal(30_000, 10_000)); // overwrites everything the decimator saw
		const after = live.update(buffer, 1_000, 100);
		expect(after.t[after.t.length - 1]).toBe(39_999);
		expect(after.t[0]).toBeGreaterThanOrEqual(38_990);
	});

	it('returns nothing for an empty buffer', () => {
		const out = new LiveDecimator().update(new ColumnarRingBuffer(3, 10), 1000, 10);
		expect(out.t.length).toBe(0);
		expect(out.channels).toHaveLength(3);
	});
});
