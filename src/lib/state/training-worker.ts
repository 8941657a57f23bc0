/**
 * Starts a detector worker for training (a plain module: Vite needs the literal `new URL(…)` form
 * to bundle it). Training gets its own instance, not `DetectorClient`'s: a training runs for
 * minutes on one call queue, and its cancel terminates the worker, which must not take live
 * scoring down with it.
 */
export function createTrainingWorker(): Worker {
	return new Worker(new URL('../../../workers/detector.worker.ts', import.meta.url), {
		type: 'module'
	});
}
