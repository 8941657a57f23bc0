import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../core/random';
import {
	BinaryFrameDecoder,
	binaryChannels,
	binaryRowBytes,
	checkBinaryLayout,
	describeBinaryLayout,
	type BinaryLayout
} from './binary-layout';

const EPOCH_F64: BinaryLayout = {
	channelCount: 3,
	timestamp: { kind: 'column', type: 'float64', unit: 'ms', epoch: true }
};

/** Rows of [time, ...values] as little-endian bytes, time as float64 or float32. */
function encodeRows(rows: number[][], time: 'float64' | 'float32' | 'none'): ArrayBuffer {
	const timeBytes = time === 'float64' ? 8 : time === 'float32' ? 4 : 0;
	const values = rows[0]!.length - (time === 'none' ? 0 : 1);
	const rowBytes = timeBytes + 4 * values;
	const view = new DataView(new ArrayBuffer(rows.length * rowBytes));
	rows.forEach((row, r) => {
		let at = r * rowBytes;
		if (time === 'float64') view.setFloat64(at, row[0]!, true);
		if (time === 'float32') view.setFloat32(at, row[0]!, true);
		at += timeBytes;
		row.slice(time === 'none' ? 0 : 1).forEach((v, c) => view.setFloat32(at + 4 * c, v, true));
	});
	return view.buffer;
}

describe('binary layout', () => {
	it('decodes float64 epoch times and float32 channels exactly', () => {
		const decoder = new BinaryFrameDecoder(EPOCH_F64);
		const t0 = 1_712_000_000_123;
		const bytes = encodeRows(
			[
				[t0, 1.5, -2.25, NaN],
				[t0 + 1, 3, 4, 5]
			],
			'float64'
		);
		const batch = decoder.push(bytes, 0);
		expect(batch.invalid).toBe(false);
		expect(Array.from(batch.frame.t)).toEqual([t0, t0 + 1]);
		expect(batch.frame.channels.map((c) => Array.from(c))).toEqual([
			[1.5, 3],
			[-2.25, 4],
			[NaN, 5]
		]);
	});

	it('rejects a frame that is not whole rows, counts it, and reads the next one', () => {
		const decoder = new BinaryFrameDecoder(EPOCH_F64);
		const whole = encodeRows([[1000, 1, 2, 3]], 'float64');
		const cut = whole.slice(0, 19);
		const batch = decoder.push(cut, 0);
		expect(batch.invalid).toBe(true);
		expect(batch.droppedRows).toBe(1);
		expect(batch.frame.t.length).toBe(0);
		expect(batch.rejected[0]!.reason).toBe(
			'binary frame 1 has 19 bytes, not a whole number of 20-byte rows: float64 time (ms since 1970) + 3 × float32'
		);
		expect(Array.from(decoder.push(whole, 0).frame.t)).toEqual([1000]);
		expect(decoder.push(new ArrayBuffer(0), 0).invalid).toBe(true);
	});

	it('drops rows whose epoch time is missing or goes backwards', () => {
		const decoder = new BinaryFrameDecoder(EPOCH_F64);
		const rows = [
			[100, 1, 1, 1],
			[NaN, 2, 2, 2],
			[90, 3, 3, 3],
			[101, 4, 4, 4]
		];
		const batch = decoder.push(encodeRows(rows, 'float64'), 0);
		expect(Array.from(batch.frame.t)).toEqual([100, 101]);
		expect(Array.from(batch.frame.channels[0]!)).toEqual([1, 4]);
		expect(batch.droppedRows).toBe(2);
		expect(batch.rejected[0]!.reason).toContain('2 of 4 rows had a missing or backwards time');
	});

	it('spaces arrival-time rows at the declared rate, ending at the arrival, never overlapping', () => {
		const decoder = new BinaryFrameDecoder({
			channelCount: 1,
			timestamp: { kind: 'arrival', sampleRateHz: 100 }
		});
		const four = encodeRows([[1], [2], [3], [4]], 'none');
		expect(Array.from(decoder.push(four, 10_000).frame.t)).toEqual([9970, 9980, 9990, 10_000]);
		// Arrived early (jitter): rows that would precede the last one pile up on it.
		expect(Array.from(decoder.push(four, 10_020).frame.t)).toEqual([
			10_000, 10_000, 10_010, 10_020
		]);
		const shared = new BinaryFrameDecoder({ channelCount: 1, timestamp: { kind: 'arrival' } });
		expect(Array.from(shared.push(four, 5).frame.t)).toEqual([5, 5, 5, 5]);
	});

	it('anchors a device counter so the first frame ends at its arrival, and survives a restart', () => {
		const decoder = new BinaryFrameDecoder({
			channelCount: 1,
			timestamp: { kind: 'column', type: 'float32', unit: 's', epoch: false }
		});
		const first = decoder.push(
			encodeRows(
				[
					[10, 1],
					[10.5, 2]
				],
				'float32'
			),
			50_000
		);
		expect(Array.from(first.frame.t)).toEqual([49_500, 50_000]);
		const later = decoder.push(encodeRows([[11, 3]], 'float32'), 51_003);
		expect(Array.from(later.frame.t)).toEqual([50_500]);
		// The device rebooted: its counter restarts near 0. Time continues from the arrival.
		const rebooted = decoder.push(
			encodeRows(
				[
					[0.25, 4],
					[0.75, 5]
				],
				'float32'
			),
			60_000
		);
		expect(Array.from(rebooted.frame.t)).toEqual([60_000, 60_500]);
	});

	it('reads frames at any byte offset (a view into a larger buffer)', () => {
		const decoder = new BinaryFrameDecoder({ channelCount: 2, timestamp: { kind: 'arrival' } });
		const rows = new Uint8Array(encodeRows([[7, 8]], 'none'));
		const padded = new Uint8Array(rows.length + 3);
		padded.set(rows, 3);
		const batch = decoder.push(padded.subarray(3), 1);
		expect(batch.frame.channels.map((c) => c[0])).toEqual([7, 8]);
	});

	it('never throws on random bytes, and its times always ascend', () => {
		const random = new SeededRandom(42);
		const layouts: BinaryLayout[] = [
			EPOCH_F64,
			{ channelCount: 2, timestamp: { kind: 'column', type: 'float32', unit: 'us', epoch: false } },
			{ channelCount: 4, timestamp: { kind: 'arrival', sampleRateHz: 1000 } }
		];
		for (const layout of layouts) {
			const decoder = new BinaryFrameDecoder(layout);
			let lastT = -Infinity;
			for (let frame = 0; frame < 2000; frame++) {
				const length = Math.floor(random.next() * 200);
				const bytes = Uint8Array.from({ length }, () => Math.floor(random.next() * 256));
				const batch = decoder.push(bytes, 1_000_000 + frame);
				for (const t of batch.frame.t) {
					expect(t).toBeGreaterThanOrEqual(lastT);
					lastT = t;
				}
				expect(batch.frame.t.length + batch.droppedRows).toBeGreaterThanOrEqual(
					Math.floor(length / binaryRowBytes(layout))
				);
			}
		}
	});

	it('explains a layout it cannot use', () => {
		expect(checkBinaryLayout(EPOCH_F64)).toBeUndefined();
		expect(checkBinaryLayout({ ...EPOCH_F64, channelCount: 0 })).toContain('from 1 to 1024, got 0');
		expect(checkBinaryLayout({ ...EPOCH_F64, channels: ['a'] })).toBe(
			'1 channel names given for 3 channels'
		);
		expect(
			checkBinaryLayout({
				channelCount: 1,
				timestamp: { kind: 'column', type: 'float32', unit: 'ms', epoch: true }
			})
		).toContain('a float32 cannot hold epoch time');
		expect(
			checkBinaryLayout({ channelCount: 1, timestamp: { kind: 'arrival', sampleRateHz: -5 } })
		).toContain('got -5');
		expect(describeBinaryLayout({ channelCount: 8, timestamp: { kind: 'arrival' } })).toBe(
			'32-byte rows: 8 × float32'
		);
		expect(binaryChannels({ ...EPOCH_F64, units: ['V'] })).toEqual([
			{ name: 'ch1', unit: 'V' },
			{ name: 'ch2', unit: '' },
			{ name: 'ch3', unit: '' }
		]);
	});
});
