import type { VigilDb } from './db';
import type { DiagnosticLevel, DiagnosticRow } from './schema';

/** The log keeps this many entries; older ones are dropped as new ones come. */
export const MAX_DIAGNOSTICS = 500;

/** Appends to the diagnostics log and drops entries beyond `MAX_DIAGNOSTICS`. */
export async function logDiagnostic(
	db: VigilDb,
	level: DiagnosticLevel,
	message: string,
	detail = ''
): Promise<void> {
	await db.transaction('rw', db.diagnostics, async () => {
		await db.diagnostics.add({ at: Date.now(), level, message, detail });
		const excess = (await db.diagnostics.count()) - MAX_DIAGNOSTICS;
		if (excess > 0) {
			const oldest = await db.diagnostics.orderBy('at').limit(excess).primaryKeys();
			await db.diagnostics.bulkDelete(oldest);
		}
	});
}

/** The log, newest first. */
export async function listDiagnostics(db: VigilDb): Promise<DiagnosticRow[]> {
	return db.diagnostics.orderBy('at').reverse().toArray();
}
