import { describe, expect, it } from 'vitest';
import type { SimulatedBatch } from './simulator';
import { SimulatorSource, type SourceClock } from './simulator-source';

/** A clock the test moves by hand. */
function manualClock(startMs: number) {
	let now = startMs;
	let timers = 0;
	const clock: SourceClock = {
		now: () => now,
		setInterval: () => ++timers,
		clearInterval: () => void (timers = Math.max(0, timers - 1))
	};
	return { clock, advance: (ms: number) => (now += ms), timers: () => timers };
}

describe('SimulatorSource', () => {
	it('emits exactly the samples due by the clock, in order', () => {
		const { clock, advance } = manualClock(5_000);
		const batches: SimulatedBatch[] = [];
		const source = new SimulatorSource(
			{ seed: 1, sampleRateHz: 1000, channelCount: 3 },
			(b) => batches.push(b),
			clock
		);
		source.tick();
		expect(batches.map((b) => b.frame.t.length)).toEqual([1]);
		advance(250);
		source.tick();
		advance(0.4);
		source.tick(); // nothing new is due
		expect(batches.map((b) => b.frame.t.length)).toEqual([1, 250]);
		expect(batches[1]!.frame.t[249]).toBe(5_250);
	});

	it('catches up after a long stall in bounded batches', () => {
		const { clock, advance } = manualClock(0);
		const sizes: number[] = [];
		const source = new SimulatorSource(
			{ seed: 1, sampleRateHz: 1000, channelCount: 2 },
			(b) => sizes.push(b.frame.t.length),
			clock
		);
		advance(60_000);
		source.tick();
		expect(sizes.reduce((a, b) => a + b, 0)).toBe(60_001);
		expect(Math.max(...sizes)).toBeLessThanOrEqual(20_000);
	});

	it('delivers the backfilled history on its first tick', () => {
		const { clock } = manualClock(100_000);
		const batches: SimulatedBatch[] = [];
		const source = new SimulatorSource(
			{ seed: 1, sampleRateHz: 100, channelCount: 2, backfillMs: 30_000 },
			(b) => batches.push(b),
			clock
		);
		source.tick();
		const rows = batches.reduce((sum, b) => sum + b.frame.t.length, 0);
		expect(rows).toBe(3_001);
		expect(batches[0]!.frame.t[0]).toBe(70_000);
		expect(batches.at(-1)!.frame.t.at(-1)).toBe(100_000);
	});

	it('starts and stops its timer once', () => {
		const { clock, timers } = manualClock(0);
		const source = new SimulatorSource(
			{ seed: 1, sampleRateHz: 10, channelCount: 1 },
			() => {},
			clock
		);
		source.start();
		source.start();
		expect(timers()).toBe(1);
		expect(source.running).toBe(true);
		source.stop();
		expect(timers()).toBe(0);
		expect(source.running).toBe(false);
	});
});
