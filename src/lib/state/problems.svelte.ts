/** Something that went wrong, as shown to the user. */
export interface Problem {
	id: number;
	/** What happened, in words for the user. */
	message: string;
	/** Where: the page, file or operation. */
	where: string;
	atMs: number;
}

/** How many problems are kept; the oldest go first. Later kept in the diagnostics log too. */
const MAX_PROBLEMS = 20;

/**
 * Unexpected errors and refused inputs the user should see. The root layout feeds it from
 * `error` / `unhandledrejection` and Kit's `handleError`; it renders them as dismissible notices.
 */
export class Problems {
	list = $state.raw<readonly Problem[]>([]);
	#nextId = 1;

	report(error: unknown, where: string): Problem {
		const problem = { id: this.#nextId++, message: describeError(error), where, atMs: Date.now() };
		this.list = [...this.list, problem].slice(-MAX_PROBLEMS);
		return problem;
	}

	dismiss(id: number): void {
		this.list = this.list.filter((problem) => problem.id !== id);
	}
}

/** A readable one-line description of anything thrown. */
export function describeError(error: unknown): string {
	if (error instanceof Error) {
		if (error.name === 'QuotaExceededError') {
			return 'The browser refused to store more data: storage is full. Free space in Settings → Storage.';
		}
		return error.message || error.name;
	}
	if (typeof error === 'string') return error;
	try {
		return JSON.stringify(error);
	} catch {
		return String(error);
	}
}

export const problems = new Problems();
