// See https://svelte.dev/docs/kit/types#app.d.ts
declare global {
	namespace App {
		interface Error {
			message: string;
			/** Short id shown to the user and kept in the diagnostics log, to match reports to logs. */
			errorId?: string;
		}
	}
}

export {};
