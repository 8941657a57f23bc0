import { parseIsoTime } from '../core/csv/values';

/** `2026-01-31 14:00:05.250` (UTC): how the Data pages show and take times. */
export function formatUtc(ms: number): string {
	if (!Number.isFinite(ms)) return '';
	const iso = new Date(ms).toISOString();
	const text = iso.slice(0, 23).replace('T', ' ');
	return text.endsWith('.000') ? text.slice(0, 19) : text;
}

/** Epoch ms of a typed UTC time (`2026-01-31 14:00`, ISO with or without zone), or NaN. */
export function parseUtc(text: string): number {
	return parseIsoTime(text.trim(), 0);
}
