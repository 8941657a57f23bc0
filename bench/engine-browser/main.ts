/**
 * Browser half of `npm run bench:engine`: runs the real detector worker (through the app's
 * DetectorClient) on each backend and reports throughput. Driven by engine-browser.bench.mjs.
 */
import { DetectorClient } from '../../src/lib/state/detector-client';

const CHANNELS = 8;
const WINDOW = 10;
/** skab-lstm-ae as plain data (the worker validates it). */
const SKAB_LSTM_AE = {
	architecture: 'lstm-ae',
	windowLength: WINDOW,
	layers: [{ units: 100 }],
	activation: 'relu',
	loss: 'mae',
	optimizer: { name: 'adam', learningRate: 1e-3 },
	batchSize: 32,
	shuffle: false,
	maxEpochs: 3,
	validationFraction: 0.1,
	earlyStoppingPatience: 10,
	seed: 0,
	threshold: { method: 'quantile', quantile: 0.99, factor: 1.5 }
};

function channels(rows: number): Float32Array[] {
	return Array.from({ length: CHANNELS }, (_, c) =>
		Float32Array.from(
			{ length: rows },
			(_, i) => Math.sin(i / (3 + c)) + 0.05 * Math.cos(i * 1.7 + c)
		)
	);
}

export interface BrowserFigures {
	backend: string;
	ok: boolean;
	reason?: string;
	secondsPerEpoch?: number;
	firstEpochSeconds?: number;
	trainWindowsPerS?: number;
	score?: { batch: number; windowsPerS: number }[];
	batch1LatencyMs?: number;
	/** Threads of the fused LSTM's WASM kernels (wasm only), as the training's backend event says. */
	lstmThreads?: number;
}

async function benchBackend(
	backend: string,
	scoreCounts: Record<number, number>
): Promise<BrowserFigures> {
	const client = new DetectorClient();
	try {
		await client.configure([backend as 'cpu']);
		const probe = (await client.probe()).find((p) => p.backend === backend);
		if (!probe?.ok)
			return { backend, ok: false, reason: probe && !probe.ok ? probe.reason : 'not probed' };
		const data = channels(400 + WINDOW);
		const epochEnds: number[] = [];
		let lstmThreads: number | undefined;
		const started = performance.now();
		await client.train(
			{
				channels: data,
				channelNames: data.map((_, c) => `c${c}`),
				config: SKAB_LSTM_AE,
				trainTo: 400 + WINDOW
			},
			(event) => {
				if (event.kind === 'epoch') epochEnds.push(performance.now());
				if (event.kind === 'backend') lstmThreads = event.choice.lstmThreads;
			}
		);
		const epochs = epochEnds.map((t, i) => (t - (i === 0 ? started : epochEnds[i - 1]!)) / 1000);
		const steady = epochs.slice(1);
		const secondsPerEpoch = steady.reduce((a, b) => a + b, 0) / steady.length;
		const score: { batch: number; windowsPerS: number }[] = [];
		for (const batch of [1, 64, 1024]) {
			const count = scoreCounts[batch]!;
			const rows = channels(count + WINDOW - 1);
			await client.score({
				channels: channels(batch + WINDOW - 1),
				from: WINDOW - 1,
				to: batch + WINDOW - 1,
				batchSize: batch
			});
			const t0 = performance.now();
			await client.score({
				channels: rows,
				from: WINDOW - 1,
				to: count + WINDOW - 1,
				batchSize: batch
			});
			score.push({ batch, windowsPerS: count / ((performance.now() - t0) / 1000) });
		}
		return {
			backend,
			ok: true,
			firstEpochSeconds: epochs[0],
			secondsPerEpoch,
			trainWindowsPerS: 351 / secondsPerEpoch, // 391 windows, the last 10 % validate
			score,
			batch1LatencyMs: 1000 / score[0]!.windowsPerS,
			...(lstmThreads ? { lstmThreads } : {})
		};
	} catch (error) {
		return { backend, ok: false, reason: (error as Error).message };
	} finally {
		client.stop();
	}
}

Object.assign(globalThis, {
	runEngineBench: async (backends: string[], scoreCounts: Record<number, number>) => {
		const results: BrowserFigures[] = [];
		for (const backend of backends) results.push(await benchBackend(backend, scoreCounts));
		return results;
	}
});
document.body.dataset['ready'] = 'true';
