import { describe, expect, it } from 'vitest';
import type { Frame } from './frame';
import { SeededRandom } from './random';
import { summariseFrame, validateFrame } from './validation';
import { MAX_DISTINCT_STEPS, ValidationAccumulator } from './validation-accumulator';

function createRandom(seed: number): () => number {
	const random = new SeededRandom(seed);
	return () => random.next();
}

/** Rows `from` to `to` of a frame, as views. */
function slice(frame: Frame, from: number, to: number): Frame {
	return {
		t: frame.t.subarray(from, to),
		channels: frame.channels.map((c) => c.subarray(from, to))
	};
}

/** Feeds `frame` to an accumulator in pieces cut at `cuts` (row indices). */
function accumulate(
	frame: Frame,
	cuts: number[],
	options: ConstructorParameters<typeof ValidationAccumulator>[0]
) {
	const accumulator = new ValidationAccumulator(options);
	let from = 0;
	for (const cut of [...cuts, frame.t.length]) {
		accumulator.push(slice(frame, from, cut));
		from = cut;
	}
	return accumulator;
}

/**
 * A messy recording: a 10 ms clock with jitter, some steps back, repeats and gaps, missing
 * values, one constant channel, one channel with values beyond its limits.
 */
function messyFrame(rows: number, seed: number): Frame {
	const random = createRandom(seed);
	const t = new Float64Array(rows);
	const channels = [new Float32Array(rows), new Float32Array(rows), new Float32Array(rows)];
	let time = 1_700_000_000_000;
	for (let i = 0; i < rows; i++) {
		const r = random();
		time +=
			r < 0.02 ? -25 : r < 0.05 ? 0 : r < 0.07 ? 400 : r < 0.2 ? 10 + Math.round(random() * 4) : 10;
		t[i] = time;
		channels[0]![i] = random() < 0.03 ? NaN : Math.sin(i / 20) * 50;
		channels[1]![i] = 7;
		channels[2]![i] = random() < 0.1 ? NaN : random() * 120;
	}
	return { t, channels };
}

const NAMES = ['vibration', 'flat', 'temperature'];
const LIMITS = { temperature: { min: 5, max: 100 }, vibration: { max: 45 } };

describe('ValidationAccumulator', () => {
	it('gives the same summary and reports as validateFrame, wherever the rows are cut into chunks', () => {
		for (const seed of [1, 2, 3, 4, 5]) {
			const random = createRandom(100 + seed);
			const frame = messyFrame(3_000, seed);
			const cuts = Array.from({ length: 1 + Math.floor(random() * 12) }, () =>
				Math.floor(random() * 3_000)
			).sort((a, b) => a - b);
			const options = { channelNames: NAMES, limits: LIMITS };
			const accumulator = accumulate(frame, cuts, options);
			expect(accumulator.summary()).toEqual(summariseFrame(frame, options));
			for (const level of ['basic', 'standard', 'strict'] as const) {
				expect(accumulator.report(level)).toEqual(validateFrame(frame, { ...options, level }));
			}
		}
	});

	it('finds every kind of issue in the messy frame, with rows and times', () => {
		const frame = messyFrame(3_000, 9);
		const report = accumulate(frame, [1, 1_000, 1_001], {
			channelNames: NAMES,
			limits: LIMITS
		}).report('strict');
		expect(report.issues.map((i) => i.kind).sort()).toEqual([
			'constant-channel',
			'duplicate-time',
			'gap',
			'irregular-sampling',
			'missing-values',
			'missing-values',
			'not-increasing',
			'out-of-limits',
			'out-of-limits'
		]);
		const backwards = report.issues.find((i) => i.kind === 'not-increasing')!;
		expect(frame.t[backwards.firstRow!]).toBeLessThan(frame.t[backwards.firstRow! - 1]!);
		expect(backwards.firstTimeMs).toBe(frame.t[backwards.firstRow!]);
		expect(report.medianIntervalMs).toBe(10);
	});

	it('handles empty pushes, one row, and no rows at all like validateFrame', () => {
		const empty: Frame = { t: new Float64Array(0), channels: [new Float32Array(0)] };
		const one: Frame = { t: Float64Array.from([5]), channels: [Float32Array.from([NaN])] };
		for (const frame of [empty, one]) {
			const accumulator = new ValidationAccumulator({ channelNames: ['a'] });
			accumulator.push(empty);
			accumulator.push(frame);
			accumulator.push(empty);
			expect(accumulator.report('standard')).toEqual(
				validateFrame(frame, { level: 'standard', channelNames: ['a'] })
			);
		}
	});

	it('steps too varied to count exactly are rounded, flagged approximate, and memory stays bounded', () => {
		const rows = MAX_DISTINCT_STEPS + 5_000;
		const t = new Float64Array(rows);
		// A 10 ms clock with sub-ms jitter at full precision: every step length is different.
		const random = createRandom(7);
		for (let i = 0; i < rows; i++) t[i] = 10 * i + 5 * random();
		const frame: Frame = { t, channels: [new Float32Array(rows).fill(1)] };
		const accumulator = accumulate(frame, [50_000], { channelNames: ['a'] });
		const summary = accumulator.summary();
		const exact = summariseFrame(frame, { channelNames: ['a'] });
		expect(summary.approximate).toBe(true);
		expect(summary.medianIntervalMs).toBeCloseTo(exact.medianIntervalMs, 3);
		expect(accumulator.report('standard').approximate).toBe(true);
		expect(exact.approximate).toBe(false);
	});
});
