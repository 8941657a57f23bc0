/// <reference types="vite/client" />
/**
 * The detector worker: tfjs lives here, never on the main thread. A thin Comlink entry over
 * DetectorEngine; its client is src/lib/state/detector-client.ts.
 */
import '@tensorflow/tfjs-backend-webgpu';
import { getBackend } from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { expose, transfer } from 'comlink';
import { kindError } from '../src/lib/core/error-kinds';
import { getSetting, setSetting, VigilDb } from '../src/lib/db';
import { dbWeightsHandler } from '../src/lib/db/weights-handler';
import type { BackendChoice, BackendChoiceCache } from '../src/lib/ml/backends/choice';
import type { BackendName } from '../src/lib/ml/backends/probe';
import {
	ACTIVATIONS,
	ARCHITECTURES,
	ERROR_NORMALISATIONS,
	NORMALIZATIONS,
	THRESHOLD_METHODS,
	validateModelConfig,
	type ModelConfig
} from '../src/lib/ml/config';
import {
	DetectorEngine,
	type ScoreRequest,
	type TrainEvent,
	type TrainRequest
} from '../src/lib/ml/detector/engine';
import { fromStoredVersion } from '../src/lib/ml/detector/stored-version';
import { PRESETS } from '../src/lib/ml/presets';
import { startWasmKernelThreads } from './lstm-threads';
import { scoreDataset, type ScoreDatasetEvent, type ScoreDatasetRequest } from './score-dataset';
import {
	trainFromDatasets,
	type DatasetTrainEvent,
	type DatasetTrainRequest
} from './train-from-datasets';

// The .wasm binaries are part of the app's build (and so of the offline cache), never a CDN.
setWasmPaths({
	'tfjs-backend-wasm.wasm': wasmPlain,
	'tfjs-backend-wasm-simd.wasm': wasmSimd,
	'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded
});

// Before the wasm backend starts: tfjs stays single-threaded, the fused LSTM gets the helper.
// Not awaited: kernels use one thread until it is ready; the training's backend event says which.
void startWasmKernelThreads();

// DO NOT RENAME: persisted in IndexedDB (settings table).
const BACKEND_CHOICE_KEY = 'backend-choice';

/** Backend choices persist per device, so a restarted worker does not time every backend again. */
const db = new VigilDb();
const cache: BackendChoiceCache = {
	get: (task, shapeKey) =>
		getSetting<BackendChoice | undefined>(
			db,
			`${BACKEND_CHOICE_KEY}|${task}|${shapeKey}`,
			undefined
		),
	set: (choice) => setSetting(db, `${BACKEND_CHOICE_KEY}|${choice.task}|${choice.shapeKey}`, choice)
};

let engine = new DetectorEngine({ cache });

const api = {
	/** Limits the backends considered (tests, or a user who rules one out). Resets the engine. */
	async configure(candidates: BackendName[]) {
		engine.dispose();
		engine = new DetectorEngine({ candidates, cache });
	},
	async probe() {
		return engine.probe();
	},
	async train(request: TrainRequest, onEvent: (event: TrainEvent) => void) {
		const outcome = await engine.train(request, throttled(onEvent));
		return transfer(outcome, [outcome.trainingScores.buffer]);
	},
	async score(request: ScoreRequest) {
		const result = await engine.score(request);
		return transfer(result, [
			result.score.buffer,
			result.prediction.buffer,
			result.attribution.buffer
		]);
	},
	/** Actual and reconstructed rows of the window ending on `endRow` (channel units). */
	async reconstruct({ channels, endRow }: { channels: Float32Array[]; endRow: number }) {
		const result = await engine.reconstruct(channels, endRow);
		return transfer(result, [
			...result.actual.map((c) => c.buffer),
			...result.reconstructed.map((c) => c.buffer)
		]);
	},
	async calibrate(threshold: unknown) {
		return engine.calibrate(threshold);
	},
	async exportDetector() {
		const data = await engine.exportDetector();
		return transfer(data, [data.model.weightData]);
	},
	async importDetector(data: unknown) {
		return engine.importDetector(data);
	},
	async tensorCount() {
		return engine.tensorCount();
	},
	/** The presets and the choices each config field offers, for the Train page's form. */
	async presets() {
		return {
			presets: structuredClone(PRESETS) as Record<string, ModelConfig>,
			choices: {
				architecture: [...ARCHITECTURES],
				activation: [...ACTIVATIONS],
				normalization: [...NORMALIZATIONS],
				errorNormalisation: [...ERROR_NORMALISATIONS],
				thresholdMethod: [...THRESHOLD_METHODS]
			}
		};
	},
	/** What is wrong with a config, each message naming its field (`[]`: nothing). */
	async validateConfig(config: unknown): Promise<string[]> {
		const result = validateModelConfig(config);
		return result.ok ? [] : [...result.errors];
	},
	/**
	 * Reads the chosen rows from IndexedDB, trains, calibrates and saves a new model version
	 * (train-from-datasets.ts). Nothing is saved unless it all succeeds.
	 */
	async trainFromDatasets(
		request: DatasetTrainRequest,
		onEvent: (event: DatasetTrainEvent) => void
	) {
		const outcome = await trainFromDatasets(request, {
			db,
			probe: () => engine.probe(),
			cache,
			onEvent: throttled(onEvent)
		});
		return transfer(outcome, [outcome.trainingScores.buffer]);
	},
	/**
	 * Scores a whole stored dataset with a saved version, chunk by chunk, and stores the scores,
	 * spans and (with labels) metrics (score-dataset.ts). Cancel: the bridge's abort terminates
	 * the worker before the save, so nothing is stored.
	 */
	async scoreDataset(request: ScoreDatasetRequest, onEvent: (event: ScoreDatasetEvent) => void) {
		const row = await scoreDataset(request, {
			db,
			open: (versionId) => api.openModelVersion(versionId),
			score: (scoreRequest) => engine.score(scoreRequest),
			backend: () => getBackend(),
			onEvent: (event) => void onEvent(event)
		});
		return transfer(row, [row.scores.buffer]);
	},
	/** Loads a saved model version for scoring (as a restarted worker must). */
	async openModelVersion(versionId: number) {
		const version = await db.modelVersions.get(versionId);
		if (!version) throw kindError('InvalidConfig', `model version ${versionId} is not stored`);
		const artifacts = await dbWeightsHandler(db, version.artifactKey).load();
		const data = fromStoredVersion(version, {
			modelTopology: artifacts.modelTopology,
			weightSpecs: artifacts.weightSpecs ?? [],
			weightData: artifacts.weightData as ArrayBuffer
		});
		if (!data.ok) throw kindError('InvalidConfig', data.error);
		return engine.importDetector(data.data);
	},
	/**
	 * The tfjs backend active now (`webgpu`, `wasm`, `cpu`). Right after `openModelVersion` or
	 * `score` it is the one scoring runs on: both switch to the backend chosen for scoring.
	 */
	async activeBackend(): Promise<string> {
		return getBackend();
	}
};

/** Batch progress crosses the worker boundary at most every 100 ms; other events always do. */
function throttled<Event extends { kind: string }>(
	onEvent: (event: Event) => void
): (event: Event) => void {
	let lastBatchMs = 0;
	return (event) => {
		if (event.kind === 'batch') {
			const now = performance.now();
			if (now - lastBatchMs < 100) return;
			lastBatchMs = now;
		}
		void onEvent(event);
	};
}

export type DetectorApi = typeof api;
expose(api);
