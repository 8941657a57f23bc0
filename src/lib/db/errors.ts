/**
 * Storage failures the UI expects and explains. Anything else is a bug or an unexpected error
 * and is thrown as usual.
 */
export type StorageFailure =
	{ kind: 'quota-exceeded'; message: string } | { kind: 'closed'; message: string };

/** The outcome of a storage call that can run out of space or find the database closed. */
export type StorageResult<T> = { ok: true; value: T } | { ok: false; error: StorageFailure };

const QUOTA_MESSAGE =
	'The browser ran out of storage space for Vigil. Delete datasets or models you no longer ' +
	'need, or allow persistent storage, then try again.';
const CLOSED_MESSAGE = 'Vigil was updated in another tab. Reload this page to go on.';

/**
 * Whether `error` is a quota error: by `name`, also when Dexie wrapped it (a transaction
 * `AbortError` whose `inner` is the `QuotaExceededError`), however deep.
 */
export function isQuotaExceeded(error: unknown): boolean {
	for (let e = error, depth = 0; e && depth < 8; depth++) {
		if (typeof e !== 'object') return false;
		const { name, inner } = e as { name?: unknown; inner?: unknown };
		if (name === 'QuotaExceededError') return true;
		e = inner;
	}
	return false;
}

/** Whether `error` means the database was closed (`versionchange`) under us. */
export function isDatabaseClosed(error: unknown): boolean {
	return (
		typeof error === 'object' &&
		error !== null &&
		(error as { name?: unknown }).name === 'DatabaseClosedError'
	);
}

/** Maps an expected storage error to a failure, or returns null for anything else. */
export function storageFailureOf(error: unknown): StorageFailure | null {
	if (isQuotaExceeded(error)) return { kind: 'quota-exceeded', message: QUOTA_MESSAGE };
	if (isDatabaseClosed(error)) return { kind: 'closed', message: CLOSED_MESSAGE };
	return null;
}

/** Runs `work`; quota and closed-database errors become results, anything else is rethrown. */
export async function storageCall<T>(work: () => Promise<T>): Promise<StorageResult<T>> {
	try {
		return { ok: true, value: await work() };
	} catch (error) {
		const failure = storageFailureOf(error);
		if (failure === null) throw error;
		return { ok: false, error: failure };
	}
}
