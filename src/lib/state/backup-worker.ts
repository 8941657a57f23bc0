/** Starts the backup worker (a plain module: Vite needs the literal `new URL(…)` form to bundle it). */
export function createBackupWorker(): Worker {
	return new Worker(new URL('../../../workers/backup.worker.ts', import.meta.url), {
		type: 'module'
	});
}
