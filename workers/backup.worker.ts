/**
 * The backup worker: whole-workspace backup and restore run here, so hashing and writing
 * gigabytes never blocks the page. Thin Comlink entry over db/backup-*; its client is
 * state/storage.svelte.ts. Cancelling is cooperative, through a MessagePort: the worker stops
 * between parts and cleans up (a terminated worker could not delete what a restore had staged).
 */
import { expose } from 'comlink';
import { describeBackup } from '../src/lib/db/backup-read';
import { restoreBackup, type RestoreProgress } from '../src/lib/db/backup-restore';
import { blobSink, writableSink } from '../src/lib/db/backup-sinks';
import { writeBackup, type BackupOutcome, type BackupProgress } from '../src/lib/db/backup-write';
import { VigilDb } from '../src/lib/db/db';

let db = new VigilDb();

/** An AbortSignal that fires when anything arrives on `port`. */
function signalOf(port: MessagePort): AbortSignal {
	const controller = new AbortController();
	port.onmessage = () => controller.abort(new DOMException('cancelled', 'AbortError'));
	return controller.signal;
}

const api = {
	/** Tests only: work on another database than the app's. */
	async useDatabase(name: string) {
		db.close();
		db = new VigilDb(name);
	},

	/**
	 * Backs the workspace up into `target` (a file the user chose), or into a Blob returned for
	 * download when there is no target. Progress at most every 100 ms.
	 */
	async backup(
		target: FileSystemFileHandle | null,
		appVersion: string,
		onProgress: (progress: BackupProgress) => void,
		cancel: MessagePort
	): Promise<BackupOutcome & { blob?: Blob }> {
		const options = {
			appVersion,
			signal: signalOf(cancel),
			onProgress: (p: BackupProgress) => void onProgress(p)
		};
		if (target) {
			const sink = writableSink(await target.createWritable());
			try {
				const outcome = await writeBackup(db, sink, options);
				await (outcome.ok ? sink.close() : sink.abort());
				return outcome;
			} catch (error) {
				await sink.abort().catch(() => undefined);
				throw error;
			}
		}
		const sink = blobSink();
		const outcome = await writeBackup(db, sink, options);
		return outcome.ok ? { ...outcome, blob: sink.finish() } : outcome;
	},

	/** What a backup file holds, or why it cannot be restored. */
	async describe(file: File) {
		return describeBackup(file);
	},

	/** Replaces the workspace with the backup in `file` (see `restoreBackup`). */
	async restore(file: File, onProgress: (progress: RestoreProgress) => void, cancel: MessagePort) {
		return restoreBackup(db, file, {
			signal: signalOf(cancel),
			onProgress: (p) => void onProgress(p)
		});
	}
};

export type BackupApi = typeof api;
expose(api);
