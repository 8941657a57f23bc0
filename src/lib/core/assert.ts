/** Thrown by `assert`: a broken invariant, which is a bug, never an expected outcome. */
export class AssertionError extends Error {
	override name = 'AssertionError';
}

/**
 * Checks an invariant. The message should carry the values that broke it
 * (`shape mismatch: got ${a}, expected ${b}`); expected failures return result unions instead.
 */
export function assert(condition: unknown, message: string): asserts condition {
	if (!condition) throw new AssertionError(message);
}
