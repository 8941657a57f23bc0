import type { VigilDb } from './db';

/** A stored setting, or `fallback` when it was never set. */
export async function getSetting<T>(db: VigilDb, key: string, fallback: T): Promise<T> {
	const row = await db.settings.get(key);
	return row === undefined ? fallback : (row.value as T);
}

export async function setSetting(db: VigilDb, key: string, value: unknown): Promise<void> {
	await db.settings.put({ key, value });
}
