import type { VigilDb } from '../db/db';
import {
	recoverInterruptedRecordings,
	STALE_RECORDING_MS,
	type RecoveryReport
} from '../db/recording-recovery';

/**
 * With Web Locks a dead tab's recording is unlocked at once; this grace only covers the moment
 * between creating the dataset row and taking its lock.
 */
const LOCKED_STALE_MS = 2000;

/** The Web Lock a tab holds while it records dataset `datasetId`. */
export function recordingLockName(datasetId: number): string {
	return `${RECORDING_LOCK_PREFIX}${datasetId}`;
}
const RECORDING_LOCK_PREFIX = 'vigil-recording-';

/**
 * Holds the recording's Web Lock until the returned function is called. The browser releases it
 * by itself when the tab dies, which is how another tab knows a recording is orphaned.
 */
export function holdLock(locks: LockManager | null, datasetId: number): () => void {
	if (!locks) return () => undefined;
	let release: () => void = () => undefined;
	const held = new Promise<void>((resolve) => (release = resolve));
	void locks.request(recordingLockName(datasetId), () => held).catch(() => undefined);
	return () => release();
}

/** Datasets some tab records now (their locks are held), or null without Web Locks. */
export async function heldRecordingIds(locks: LockManager | null): Promise<Set<number> | null> {
	if (!locks) return null;
	const { held = [] } = await locks.query();
	const ids = held
		.map((lock) => lock.name ?? '')
		.filter((name) => name.startsWith(RECORDING_LOCK_PREFIX))
		.map((name) => Number(name.slice(RECORDING_LOCK_PREFIX.length)));
	return new Set(ids);
}

/**
 * Finalizes recordings a crash or a killed tab left behind and tells the user about each. A
 * recording whose lock some tab holds (or `ownDatasetId`, this tab's) is left alone; without Web
 * Locks only one untouched for `STALE_RECORDING_MS` counts as dead.
 */
export async function recoverAbandonedRecordings(
	db: VigilDb,
	locks: LockManager | null,
	{ ownDatasetId, report }: { ownDatasetId?: number; report: (message: string) => void }
): Promise<RecoveryReport> {
	const held = await heldRecordingIds(locks).catch(() => null);
	const result = await recoverInterruptedRecordings(db, Date.now(), {
		staleAfterMs: held ? LOCKED_STALE_MS : STALE_RECORDING_MS,
		isLive: (id) => id === ownDatasetId || (held?.has(id) ?? false)
	});
	for (const { dataset } of result.recovered) {
		report(
			`“${dataset.name}” was recovered after the app closed unexpectedly: ` +
				`${dataset.rowCount.toLocaleString('en')} rows kept (up to the last second before ` +
				'the app closed may be missing). It is on the Data page.'
		);
	}
	return result;
}
