/**
 * The Data store against the real import worker and IndexedDB in Chromium: a corrected preview
 * imports as shown, the import stores its validation, a fix is cancelled without leaving a
 * trace and then written, and export streams into a real file handle (the origin's private file
 * system). The worker always opens the app's database (`vigil`), so this test does too and
 * deletes the datasets it made (only those: other test files may share the origin).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { readRange, VigilDb } from '../db';
import { Datasets } from './datasets.svelte';

const db = new VigilDb();
const store = new Datasets(db);
const made: number[] = [];
afterAll(async () => {
	for (const id of made) await store.remove(id);
});

/** Times in seconds from the start (10 ms apart), a repeated one every 50 rows, a constant channel. */
function csv(rows: number): string {
	const lines = ['elapsed;flow;flat'];
	for (let i = 0; i < rows; i++) {
		const t = (i - (i % 50 === 10 ? 1 : 0)) * 0.01;
		lines.push(
			`${t.toFixed(2).replace('.', ',')};${(5 + Math.sin(i / 7)).toFixed(4).replace('.', ',')};3`
		);
	}
	return lines.join('\n') + '\n';
}

describe('Datasets store with the real import worker (Chromium)', () => {
	it('imports with the preview’s corrections, validates, fixes (cancel leaves nothing) and exports to a file', async () => {
		const file = new File([csv(200_000)], 'pump.csv', { type: 'text/csv' });
		await store.add([file]);
		const item = store.pending.at(-1)!;
		expect(item.sniff!.format).toMatchObject({ delimiter: ';', decimalComma: true });
		// `elapsed` is not a time name: the user points at it and says seconds from 2026-03-01.
		expect(item.sniff!.format.timeFormat).toBe('none');
		item.edit({ kind: 'time-column', column: 0 });
		item.edit({ kind: 'time-format', timeFormat: 'relative-s' });
		item.edit({ kind: 'start-time', startTimeMs: Date.UTC(2026, 2, 1) });
		item.setUnit('flow', 'l/min');
		expect(item.problems).toEqual([]);
		await store.import(item);
		expect(item.phase).toBe('done');
		const dataset = item.dataset!;
		made.push(dataset.id);
		expect(dataset).toMatchObject({ rowCount: 200_000, startMs: Date.UTC(2026, 2, 1) });
		expect(dataset.channels).toEqual([
			{ name: 'flow', unit: 'l/min' },
			{ name: 'flat', unit: '' }
		]);
		const kinds = store.report(dataset, 'standard')!.issues.map((i) => i.kind);
		expect(kinds).toEqual(['duplicate-time', 'constant-channel']);

		// Cancelled part-way: the worker is stopped and the half-written version removed.
		const choices = {
			sort: false,
			dropDuplicates: true,
			interpolateMaxRun: 0,
			missing: 'keep' as const,
			dropChannels: ['flat']
		};
		const cancelled = store.applyFixes(dataset, choices);
		await expect.poll(() => store.jobs.byKind.fix?.rows ?? 0).toBeGreaterThan(0);
		store.jobs.cancel('fix');
		expect(await cancelled).toBeUndefined();
		expect(store.jobs.byKind.fix?.phase).toBe('cancelled');
		const versions = () => db.datasets.filter((d) => d.parentId === dataset.id).count();
		expect(await versions()).toBe(0);

		const result = await store.applyFixes(dataset, choices);
		if (!result?.ok) throw new Error(`fix failed: ${JSON.stringify(result)}`);
		made.push(result.dataset.id);
		expect(result.dataset).toMatchObject({ parentId: dataset.id, rowCount: 196_000 });
		const fixed = await readRange(db, result.dataset.id);
		expect(fixed.frame.t.every((t, i) => i === 0 || t > fixed.frame.t[i - 1]!)).toBe(true);

		// Export through a real FileSystemFileHandle, as the save dialog would give.
		const root = await navigator.storage.getDirectory();
		const handle = await root.getFileHandle('store-test.csv', { create: true });
		const picker = async () => handle;
		Object.assign(window, { showSaveFilePicker: picker });
		try {
			await store.exportCsv(result.dataset);
		} finally {
			delete (window as { showSaveFilePicker?: unknown }).showSaveFilePicker;
		}
		expect(store.jobs.byKind.export).toMatchObject({ phase: 'done' });
		const text = await (await handle.getFile()).text();
		expect(text.split('\n')[0]).toBe('timestamp,flow');
		expect(text.trim().split('\n')).toHaveLength(1 + 196_000);
		await root.removeEntry('store-test.csv');
	});
});
