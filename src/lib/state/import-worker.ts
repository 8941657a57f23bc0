/** Starts the import worker (a plain module: Vite needs the literal `new URL(…)` form to bundle it). */
export function createImportWorker(): Worker {
	return new Worker(new URL('../../../workers/import.worker.ts', import.meta.url), {
		type: 'module'
	});
}
