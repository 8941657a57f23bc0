import { proxy, transfer } from 'comlink';
import type { DetectorApi } from '../../../workers/detector.worker';
import { WorkerBridge } from './worker-bridge';

type Request<K extends keyof DetectorApi> = Parameters<DetectorApi[K]>[0];
type TrainEvent = Parameters<Parameters<DetectorApi['train']>[1]>[0];

/** The worker is torn down after five idle minutes (it holds tfjs and possibly GPU memory). */
const IDLE_MS = 5 * 60_000;

/**
 * The UI's handle on the detector worker. Everything crosses as transferred typed arrays;
 * `signal` cancels (the worker is terminated, which is the only way to stop tfjs mid-batch).
 */
export class DetectorClient {
	readonly #bridge = new WorkerBridge<DetectorApi>({
		create: () =>
			new Worker(new URL('../../../workers/detector.worker.ts', import.meta.url), {
				type: 'module'
			}),
		idleMs: IDLE_MS,
		name: 'The detector worker'
	});

	configure(candidates: Request<'configure'>, signal?: AbortSignal) {
		return this.#bridge.call((api) => api.configure(candidates), signal);
	}

	probe(signal?: AbortSignal) {
		return this.#bridge.call((api) => api.probe(), signal);
	}

	/** Trains in the worker. The channels are copied, not transferred: the caller keeps its data. */
	train(request: Request<'train'>, onEvent: (event: TrainEvent) => void, signal?: AbortSignal) {
		const channels = request.channels.map((c) => c.slice());
		return this.#bridge.call(
			(api) =>
				api.train(
					transfer(
						{ ...request, channels },
						channels.map((c) => c.buffer)
					),
					proxy(onEvent)
				),
			signal
		);
	}

	score(request: Request<'score'>, signal?: AbortSignal) {
		const channels = request.channels.map((c) => c.slice());
		return this.#bridge.call(
			(api) =>
				api.score(
					transfer(
						{ ...request, channels },
						channels.map((c) => c.buffer)
					)
				),
			signal
		);
	}

	/** Recomputes the threshold with another method (`{ method: 'quantile', … }` or `'pot'`). */
	calibrate(threshold: Request<'calibrate'>, signal?: AbortSignal) {
		return this.#bridge.call((api) => api.calibrate(threshold), signal);
	}

	/** The trained detector as plain data (weights as an ArrayBuffer), for storage and bundles. */
	exportDetector(signal?: AbortSignal) {
		return this.#bridge.call((api) => api.exportDetector(), signal);
	}

	importDetector(data: Request<'importDetector'>, signal?: AbortSignal) {
		return this.#bridge.call((api) => api.importDetector(data), signal);
	}

	tensorCount() {
		return this.#bridge.call((api) => api.tensorCount());
	}

	stop(): void {
		this.#bridge.stop();
	}
}
