import { afterEach, describe, expect, it } from 'vitest';
import { LiveStream } from './live-stream.svelte';

const streams: LiveStream[] = [];
const detach: (() => void)[] = [];
afterEach(() => {
	detach.splice(0).forEach((stop) => stop());
	streams.splice(0).forEach((stream) => stream.stop());
});

function started(settings: Partial<LiveStream['settings']>): LiveStream {
	const stream = new LiveStream();
	streams.push(stream);
	stream.start(settings);
	detach.push(stream.attachView());
	return stream;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('LiveStream (real timers and animation frames)', () => {
	it('streams the simulator into a decimated view ending at the newest sample', async () => {
		const stream = started({ sampleRateHz: 1000, channelCount: 3, windowMs: 10_000, seed: 5 });
		expect(stream.channels.map((c) => c.name)).toEqual(['vibration', 'current', 'pressure']);
		await expect.poll(() => stream.view.t.length, { timeout: 5000 }).toBeGreaterThan(100);
		const { t, channels } = stream.view;
		expect(channels).toHaveLength(3);
		expect(Date.now() - t[t.length - 1]!).toBeLessThan(1000);
		expect(Number.isFinite(stream.latest[1]!)).toBe(true);
		await expect.poll(() => stream.stats.measuredRateHz, { timeout: 5000 }).toBeGreaterThan(500);
		// Window statistics cover the shown channels; vibration (mm/s) is positive and varies.
		await expect.poll(() => stream.windowStats.length, { timeout: 3000 }).toBe(3);
		const vibration = stream.windowStats[0]!;
		expect(vibration.min).toBeLessThan(vibration.max);
		expect(vibration.mean).toBeGreaterThan(vibration.min);
		expect(vibration.std).toBeGreaterThan(0);
		expect(vibration.missingPct).toBe(0);
	});

	it('freezes the view while paused but keeps receiving samples', async () => {
		const stream = started({ sampleRateHz: 500, channelCount: 2, windowMs: 10_000 });
		await expect.poll(() => stream.view.t.length).toBeGreaterThan(10);
		stream.togglePause();
		await sleep(50);
		const frozen = stream.view;
		await sleep(1300);
		expect(stream.view).toBe(frozen);
		expect(stream.stats.samples).toBeGreaterThan(500);
		stream.togglePause();
		await expect.poll(() => stream.view).not.toBe(frozen);
	});

	it('shows an injected spike and records the event', async () => {
		const stream = started({ sampleRateHz: 200, channelCount: 2, windowMs: 10_000 });
		await expect.poll(() => stream.view.t.length).toBeGreaterThan(10);
		const event = stream.inject('spike', 1);
		expect(event?.kind).toBe('spike');
		expect(stream.events).toHaveLength(1);
		// current's spread is 0.9 A and a spike is 8 spreads: far above anything normal (≈ 12 A).
		await expect
			.poll(() => Math.max(...stream.view.channels[1]!), { timeout: 3000 })
			.toBeGreaterThan(17);
	});

	it('explains a refused injection', () => {
		const stream = started({ sampleRateHz: 10, channelCount: 1 });
		expect(stream.inject('correlation-break', 0)).toBeUndefined();
		expect(stream.message).toBe('a correlation break needs at least two channels');
	});

	it('restarts with new channels and keeps the stream when only the window changes', () => {
		const stream = started({ sampleRateHz: 10, channelCount: 2 });
		stream.setWindow(30_000);
		expect(stream.settings.windowMs).toBe(30_000);
		expect(stream.channels).toHaveLength(2);
		stream.start({ channelCount: 4 });
		expect(stream.channels).toHaveLength(4);
		expect(stream.visible).toEqual([true, true, true, true]);
	});

	it('hands every batch, in order and without gaps, to each batch listener until it unsubscribes', async () => {
		const stream = started({ sampleRateHz: 1000, channelCount: 2, windowMs: 10_000 });
		const times: number[] = [];
		const unsubscribe = stream.addBatchListener(({ frame, channels }) => {
			expect(channels.map((c) => c.name)).toEqual(['vibration', 'current']);
			expect(frame.channels).toHaveLength(2);
			times.push(...frame.t);
		});
		await expect.poll(() => times.length, { timeout: 5000 }).toBeGreaterThan(500);
		unsubscribe();
		const seen = times.length;
		await sleep(300);
		expect(times.length).toBe(seen);
		// 1 kHz simulator: consecutive samples are exactly 1 ms apart, so nothing was skipped.
		for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeCloseTo(1, 6);
	});

	it('scrolls a paused view back through the buffered history and clamps to what is buffered', async () => {
		const stream = started({
			sampleRateHz: 100,
			channelCount: 1,
			windowMs: 10_000,
			backfillMs: 60_000
		});
		await expect.poll(() => stream.view.t.length).toBeGreaterThan(10);
		expect(stream.maxScrollBackMs).toBeGreaterThan(49_000);
		const newestMs = stream.view.t[stream.view.t.length - 1]!;
		stream.scrollBack(30_000);
		expect(stream.paused).toBe(true);
		await expect
			.poll(() => stream.view.t[stream.view.t.length - 1]!)
			.toBeLessThan(newestMs - 29_000);
		const lastMs = stream.view.t[stream.view.t.length - 1]!;
		expect(lastMs).toBeGreaterThan(newestMs - 31_000);
		stream.scrollBack(10_000_000);
		expect(stream.scrollBackMs).toBe(stream.maxScrollBackMs);
		stream.togglePause();
		expect(stream.scrollBackMs).toBe(0);
		await expect.poll(() => stream.view.t[stream.view.t.length - 1]!).toBeGreaterThan(newestMs);
	});
});
