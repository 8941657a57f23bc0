/**
 * Starts a detector worker (a plain module: Vite needs the literal `new URL(…)` form to bundle
 * it). Each user gets its own instance: live detection's must not share a call queue with a
 * training that runs for minutes, nor be terminated by that training's cancel.
 */
export function createDetectorWorker(): Worker {
	return new Worker(new URL('../../../workers/detector.worker.ts', import.meta.url), {
		type: 'module'
	});
}
