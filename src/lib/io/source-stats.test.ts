import { describe, expect, it } from 'vitest';
import { SourceStatsTracker } from './source-stats';

const times = (startMs: number, count: number, stepMs: number) =>
	Float64Array.from({ length: count }, (_, i) => startMs + i * stepMs);

describe('SourceStatsTracker', () => {
	it('counts samples per second over the last second of arrivals', () => {
		const stats = new SourceStatsTracker();
		stats.addSamples(times(0, 100, 1), 1000);
		stats.addSamples(times(100, 200, 1), 1500);
		expect(stats.snapshot(1900).samplesPerSecond).toBe(300);
		expect(stats.snapshot(2200).samplesPerSecond).toBe(200);
		expect(stats.snapshot(2600).samplesPerSecond).toBe(0);
		expect(stats.snapshot(2600).samples).toBe(300);
	});

	it('estimates the rate from the median interval of device timestamps, ignoring gaps and jitter', () => {
		const stats = new SourceStatsTracker();
		const t = times(0, 300, 4); // 250 Hz
		t[50] = t[50]! + 1.5; // jitter
		for (let i = 200; i < 300; i++) t[i] = t[i]! + 5000; // one 5 s gap
		stats.addSamples(t.subarray(0, 150), 0);
		stats.addSamples(t.subarray(150), 10);
		expect(stats.snapshot(10).estimatedRateHz).toBeCloseTo(250, 6);
	});

	it('estimates the true rate when samples share their read’s arrival time', () => {
		const stats = new SourceStatsTracker();
		// 1 kHz arriving as reads of 16 samples every 16 ms, each stamped with the read's time.
		for (let read = 0; read < 40; read++) {
			stats.addSamples(new Float64Array(16).fill(read * 16), read * 16);
		}
		expect(stats.snapshot(640).estimatedRateHz).toBeCloseTo(1000, 6);
	});

	it('reports 0 Hz until two distinct times are seen, and survives time going backwards', () => {
		const stats = new SourceStatsTracker();
		stats.addSamples(new Float64Array([5, 5, NaN]), 0);
		expect(stats.snapshot(0).estimatedRateHz).toBe(0);
		stats.addSamples(new Float64Array([1000, 1010, 20, 30, 40]), 0);
		// Intervals: (1000-5)/2 from the run of two 5s, 10, then (restart) 10, 10.
		expect(stats.snapshot(0).estimatedRateHz).toBe(100);
	});

	it('does not take the gap across a reconnect for an interval', () => {
		const stats = new SourceStatsTracker();
		stats.addSamples(times(0, 2, 10), 0);
		stats.breakTimeline();
		stats.addSamples(times(60_000, 2, 10), 0);
		expect(stats.snapshot(0).estimatedRateHz).toBe(100);
	});

	it('adds bytes, invalid lines and dropped samples', () => {
		const stats = new SourceStatsTracker();
		stats.addBytes(10);
		stats.addBytes(5);
		stats.addInvalidLines(2);
		stats.addDroppedSamples(7);
		expect(stats.snapshot(0)).toMatchObject({ bytes: 15, invalidLines: 2, droppedSamples: 7 });
	});
});
