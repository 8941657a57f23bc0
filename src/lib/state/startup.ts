import { cleanupInterrupted, VigilDb } from '../db';
import { problems } from './problems.svelte';
import { recorder } from './recorder.svelte';

/**
 * Storage housekeeping when the app opens: recordings cut off by a crash or a closed tab are
 * finished and kept (the user is told), and imports cut off the same way are removed (they were
 * never visible). Both leave alone what another open tab may still be writing.
 */
export function tidyStorageAtStartup(db: VigilDb = new VigilDb()): void {
	void recorder.recoverInterrupted();
	cleanupInterrupted(db)
		.catch((error: unknown) => problems.report(error, 'Cleaning up an interrupted import'))
		.finally(() => db.close());
}
