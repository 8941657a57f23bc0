import { describe, expect, it } from 'vitest';
import { DetectorClient } from './detector-client';

/** A small LSTM autoencoder config (plain data, as the UI will send it). */
function smallConfig(maxEpochs: number) {
	return {
		architecture: 'lstm-ae',
		windowLength: 10,
		layers: [{ units: 8 }],
		activation: 'tanh',
		kernelSize: 3,
		normalization: 'none',
		dropoutRate: 0,
		loss: 'mae',
		optimizer: { name: 'adam', learningRate: 1e-3 },
		batchSize: 32,
		shuffle: true,
		maxEpochs,
		validationFraction: 0.1,
		earlyStoppingPatience: 50,
		seed: 1,
		threshold: { method: 'quantile', quantile: 0.99, factor: 1.5 }
	};
}

function channels(rows: number): Float32Array[] {
	return [0, 1, 2].map((c) =>
		Float32Array.from(
			{ length: rows },
			(_, i) => Math.sin(i / (5 + c)) + 0.05 * Math.cos(i * 7.3 + c)
		)
	);
}

describe('DetectorClient (tfjs in a real worker)', () => {
	it('probes every backend and serves the wasm binaries itself (no silent fallback)', async () => {
		const client = new DetectorClient();
		const probes = await client.probe();
		expect(probes.map((p) => p.backend)).toEqual(['webgpu', 'webgl', 'wasm', 'cpu']);
		expect(probes.find((p) => p.backend === 'wasm')).toMatchObject({ ok: true });
		expect(probes.find((p) => p.backend === 'cpu')).toMatchObject({ ok: true });
		for (const probe of probes) if (!probe.ok) expect(probe.reason.length).toBeGreaterThan(10);
		client.stop();
	}, 120_000);

	it('trains off the main thread, reports the measured backend, then scores without leaking tensors', async () => {
		const client = new DetectorClient();
		await client.configure(['wasm', 'cpu']);
		const data = channels(800);
		const events: string[] = [];
		// The main thread must keep answering while the worker trains.
		let ticks = 0;
		let worstGapMs = 0;
		let last = performance.now();
		const timer = setInterval(() => {
			const now = performance.now();
			worstGapMs = Math.max(worstGapMs, now - last);
			last = now;
			ticks++;
		}, 10);
		const started = performance.now();
		const outcome = await client.train(
			{ channels: data, channelNames: ['a', 'b', 'c'], config: smallConfig(4), trainTo: 600 },
			(event) => events.push(event.kind)
		);
		const trainingWallMs = performance.now() - started;
		clearInterval(timer);

		expect(['wasm', 'cpu']).toContain(outcome.backend.backend);
		expect(outcome.backend.reason).toBe('measured');
		expect(Object.keys(outcome.backend.msPerBatch).sort()).toEqual(['cpu', 'wasm']);
		expect(events[0]).toBe('backend');
		expect(events.filter((e) => e === 'epoch')).toHaveLength(4);
		expect(outcome.history.loss).toHaveLength(4);
		expect(outcome.trainingScores.length).toBe(591); // 600 rows − 10 + 1 windows
		expect(Number.isFinite(outcome.threshold)).toBe(true);
		expect(ticks).toBeGreaterThan(trainingWallMs / 10 / 4);
		expect(worstGapMs).toBeLessThan(250);

		// Recalibrating with SKAB's rule matches the quantile of the training scores × 1.5.
		const sorted = Float64Array.from(outcome.trainingScores).sort();
		const position = (sorted.length - 1) * 0.99;
		const low = Math.floor(position);
		const q99 = sorted[low]! + (sorted[low + 1]! - sorted[low]!) * (position - low);
		const recalibrated = await client.calibrate({
			method: 'quantile',
			quantile: 0.99,
			factor: 1.5
		});
		expect(recalibrated.threshold).toBeCloseTo(q99 * 1.5, 4);
		await expect(
			client.calibrate({ method: 'quantile', quantile: 2, factor: 1 })
		).rejects.toMatchObject({
			name: 'InvalidConfig',
			message: expect.stringContaining('threshold.quantile')
		});

		const before = await client.tensorCount();
		const scored = await client.score({ channels: data, from: 600, to: 800 });
		expect(scored.score.length).toBe(200);
		expect(scored.prediction.length).toBe(200);
		expect(scored.attribution.length).toBe(600);
		expect(await client.tensorCount()).toBe(before);

		// A restarted worker gets the model back from plain data (as it will from IndexedDB).
		const saved = await client.exportDetector();
		expect(saved.model.weightData.byteLength).toBeGreaterThan(0);
		client.stop();
		await client.configure(['wasm', 'cpu']);
		expect(await client.importDetector(saved)).toEqual({ channelNames: ['a', 'b', 'c'] });
		const again = await client.score({ channels: data, from: 600, to: 800 });
		expect(Array.from(again.score)).toEqual(Array.from(scored.score));

		// The backend choice is stored per device and shape: a new worker reuses it, untimed.
		client.stop();
		await client.configure(['wasm', 'cpu']);
		const retrained = await client.train(
			{ channels: data, channelNames: ['a', 'b', 'c'], config: smallConfig(1), trainTo: 600 },
			() => {}
		);
		expect(retrained.backend.measuredAt).toBe(outcome.backend.measuredAt);
		client.stop();
	}, 120_000);

	it('cancels training: AbortError, and the next call gets a fresh worker', async () => {
		const client = new DetectorClient();
		await client.configure(['cpu']);
		const controller = new AbortController();
		const training = client.train(
			{
				channels: channels(3000),
				channelNames: ['a', 'b', 'c'],
				config: smallConfig(500),
				trainTo: 3000
			},
			() => {},
			controller.signal
		);
		setTimeout(() => controller.abort(), 1500);
		await expect(training).rejects.toMatchObject({ name: 'AbortError' });
		await expect(
			client.score({ channels: channels(100), from: 50, to: 100 })
		).rejects.toMatchObject({ name: 'InvalidConfig' });
		client.stop();
	}, 60_000);

	it('refuses a bad config with the field named', async () => {
		const client = new DetectorClient();
		await client.configure(['cpu']);
		const config = { ...smallConfig(1), windowLength: -4 };
		await expect(
			client.train(
				{ channels: channels(100), channelNames: ['a', 'b', 'c'], config, trainTo: 100 },
				() => {}
			)
		).rejects.toMatchObject({
			name: 'InvalidConfig',
			message: expect.stringContaining('windowLength')
		});
		client.stop();
	});
});
