/** Prints a usage or input error as one line and exits 2 (1 is for unexpected errors). */
export function fail(message: string): never {
	console.error(message);
	process.exit(2);
}
