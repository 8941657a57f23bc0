/**
 * The error a cancelled call rejects with. Identified by `name` only, because that is what survives
 * a Comlink/worker boundary (ARCHITECTURE.md, Errors); `AbortError` is not a failure.
 */
export function abortError(what: string): Error {
	const error = new Error(`${what} was aborted`);
	error.name = 'AbortError';
	return error;
}

/**
 * Lets queued macrotasks (timers, worker messages) run, so an `AbortSignal` fired by one of them is
 * seen. Awaiting a tensor's data is not enough: on the cpu backend it resolves as a microtask.
 * Returns the time afterwards (ms, `performance.now()`).
 */
export function yieldToEventLoop(): Promise<number> {
	return new Promise((resolve) => setTimeout(() => resolve(performance.now()), 0));
}
