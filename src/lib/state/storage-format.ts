/** `vigil-backup-2026-11-22.zip`, the local date of `atMs` (epoch ms). */
export function backupFileName(atMs: number): string {
	const at = new Date(atMs);
	const two = (n: number) => String(n).padStart(2, '0');
	return `vigil-backup-${at.getFullYear()}-${two(at.getMonth() + 1)}-${two(at.getDate())}.zip`;
}

/** `512 B`, `24 KiB`, `24.3 MiB`, `1.20 GiB`: binary units, as storage quotas are. */
export function formatBytes(bytes: number): string {
	if (bytes < 2 ** 10) return `${bytes} B`;
	if (bytes < 2 ** 20) return `${Math.round(bytes / 2 ** 10)} KiB`;
	if (bytes < 2 ** 30) return `${(bytes / 2 ** 20).toFixed(1)} MiB`;
	return `${(bytes / 2 ** 30).toFixed(2)} GiB`;
}

/** An ISO 8601 time in the user's locale. */
export function localTime(iso: string): string {
	return new Date(iso).toLocaleString();
}

/** `1 dataset`, `3 datasets`, `1,000 rows` (English plural by `s`). */
export function count(n: number, noun: string): string {
	return `${n.toLocaleString('en')} ${noun}${n === 1 ? '' : 's'}`;
}
