/**
 * Error kinds that cross worker and storage boundaries. Comlink keeps only `name`, `message` and
 * `stack` of an error, so the kind travels in `name`; both sides share this closed list and
 * `state/` maps names to what the user reads. DO NOT RENAME: also written to the diagnostics log.
 */
export const ERROR_KINDS = [
	/** The user (or a newer call) cancelled. Not a failure. */
	'AbortError',
	/** The worker died (uncaught error, out of memory); it is restarted on the next call. */
	'WorkerCrashed',
	/** A model or import configuration was refused; the message names the field. */
	'InvalidConfig',
	/** The browser refused to store more data. */
	'QuotaExceededError'
] as const;

export type ErrorKind = (typeof ERROR_KINDS)[number];

/** An Error whose `name` is one of the shared kinds. */
export function kindError(kind: ErrorKind, message: string): Error {
	const error = new Error(message);
	error.name = kind;
	return error;
}

/** The shared kind of an error, or undefined for anything else (a bug). */
export function errorKind(error: unknown): ErrorKind | undefined {
	const name = (error as { name?: unknown } | null)?.name;
	return ERROR_KINDS.find((kind) => kind === name);
}
