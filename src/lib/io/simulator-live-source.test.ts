import { describe, expect, it } from 'vitest';
import type { SimulatedBatch } from './simulator';
import { SimulatorLiveSource } from './simulator-live-source';
import { ManualClock } from './testing/manual-clock';
import { RecordingListener } from './testing/recording-listener';

describe('SimulatorLiveSource', () => {
	it('streams the simulator through the common interface, with its ground truth alongside', async () => {
		const clock = new ManualClock(10_000);
		const truth: SimulatedBatch[] = [];
		const source = new SimulatorLiveSource({
			seed: 3,
			sampleRateHz: 100,
			channelCount: 2,
			clock,
			onGroundTruth: (batch) => truth.push(batch)
		});
		expect(source.channels).toEqual([
			{ name: 'vibration', unit: 'mm/s' },
			{ name: 'current', unit: 'A' }
		]);
		const listener = new RecordingListener();
		await source.start(listener);
		expect(listener.kinds).toEqual(['streaming']);
		clock.advance(1000);
		const { t } = listener.rows();
		expect(t.length).toBe(101); // samples due at 10_000, 10_010, … 11_000
		expect(t[0]).toBe(10_000);
		expect(t.at(-1)).toBe(11_000);
		expect(truth.map((b) => b.frame)).toEqual(listener.batches.map((b) => b.frame));
		expect(source.stats).toMatchObject({ samples: 101, estimatedRateHz: 100 });
		await source.stop();
		expect(listener.last).toEqual({ kind: 'closed' });
		clock.advance(1000);
		expect(listener.rows().t.length).toBe(101);
		expect(clock.pending).toBe(0);
	});

	it('runs faster than real time when asked, with sample times on the simulated clock', async () => {
		const clock = new ManualClock(10_000);
		const source = new SimulatorLiveSource({
			seed: 3,
			sampleRateHz: 10,
			channelCount: 1,
			clock,
			speed: 20
		});
		expect(source.label).toContain('20× real time');
		const listener = new RecordingListener();
		await source.start(listener);
		clock.advance(1000); // one real second: twenty simulated ones
		const { t } = listener.rows();
		expect(t.length).toBe(201);
		expect(t.at(-1)! - t[0]!).toBe(20_000);
		expect(source.stats.estimatedRateHz).toBeCloseTo(10, 0);
		await source.stop();
		expect(
			() => new SimulatorLiveSource({ seed: 1, sampleRateHz: 10, channelCount: 1, speed: 0.5 })
		).toThrow('speed must be 1..100, got 0.5');
	});

	it('injects anomalies into the running simulator', async () => {
		const source = new SimulatorLiveSource({
			seed: 1,
			sampleRateHz: 10,
			channelCount: 1,
			clock: new ManualClock()
		});
		expect(source.inject({ kind: 'spike', channel: 0 })).toMatchObject({ ok: true });
		expect(source.inject({ kind: 'spike', channel: 5 })).toMatchObject({ ok: false });
	});
});
