import { describe, expect, it } from 'vitest';
import { backupFileName, count, formatBytes } from './storage-format';

describe('storage formatting', () => {
	it('names backups by local date', () => {
		expect(backupFileName(new Date(2026, 0, 5, 23, 59).getTime())).toBe(
			'vigil-backup-2026-01-05.zip'
		);
	});

	it('shows sizes in binary units at each scale', () => {
		expect([0, 1023, 1024, 1536 * 1024, 3 * 2 ** 30].map(formatBytes)).toEqual([
			'0 B',
			'1023 B',
			'1 KiB',
			'1.5 MiB',
			'3.00 GiB'
		]);
	});

	it('counts in English', () => {
		expect([count(1, 'dataset'), count(0, 'model'), count(12_345, 'row')]).toEqual([
			'1 dataset',
			'0 models',
			'12,345 rows'
		]);
	});
});
