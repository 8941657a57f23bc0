import { flushSync, mount, unmount } from 'svelte';
import { afterEach, describe, expect, it } from 'vitest';
import { Models, type ModelDetail, type ModelVersionRow } from '$lib/state/models.svelte';
import VersionsTable from './VersionsTable.svelte';

// The real component and store in Chromium. The versions are handed over as plain data (the
// store's queries are tested in state/ and db/; components may not import db to seed one), so
// this checks what the table does with them: the live-use refusal and the confirmation text.
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
	for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function version(id: number, n: number, aliases: string[]): ModelVersionRow {
	return {
		id,
		modelId: 1,
		version: n,
		preset: 'default',
		config: {},
		backend: 'wasm',
		trainingDurationMs: 12_900,
		trainingDatasetId: null,
		trainingDatasetSha256: '',
		trainingSegments: [],
		metrics: {},
		threshold: 3.75,
		scaler: null,
		engineData: {},
		appVersion: '0.1.0',
		artifactKey: `k${id}`,
		artifactsSha256: '',
		aliases,
		notes: n === 2 ? 'after the seal change' : '',
		createdAt: Date.UTC(2026, 2, 1, n)
	};
}

function setup() {
	const dbName = `versions-table-${Date.now()}-${Math.random()}`;
	const store = new Models(dbName);
	const detail: ModelDetail = {
		model: { id: 1, name: 'Pump A', notes: '', createdAt: 0, updatedAt: 0, lastVersion: 2 },
		versions: [
			{ row: version(11, 1, ['challenger']), bytes: 4096, valLoss: 0.25 },
			{ row: version(12, 2, ['champion', 'blue']), bytes: 4096, valLoss: 0.2134 }
		]
	};
	const target = document.body.appendChild(document.createElement('div'));
	const table = mount(VersionsTable, { target, props: { store, detail } });
	cleanups.push(() => {
		unmount(table);
		target.remove();
		indexedDB.deleteDatabase(dbName);
	});
	const button = (label: string) =>
		target.querySelector<HTMLButtonElement>(`button[aria-label="${label}"]`) ??
		[...target.querySelectorAll('button')].find((b) => b.textContent?.trim() === label)!;
	return { store, target, button };
}

describe('VersionsTable (Chromium)', () => {
	it('shows each version with its validation loss, threshold, aliases and notes', () => {
		const { target } = setup();
		const cells = [...target.querySelectorAll('tr[data-version="2"] td')].map((td) =>
			td.textContent?.trim()
		);
		expect(cells.slice(0, 1)).toEqual(['Version 2']);
		expect(cells.slice(2, 7)).toEqual(['default', 'wasm', '12.9 s', '0.2134', '3.75']);
		expect(cells[7]).toContain('champion');
		expect(cells[7]).toContain('blue');
		expect(cells[8]).toBe('after the seal change');
	});

	it('refuses to delete a version in live use, with the reason; asks first once the use ends', () => {
		const { store, target, button } = setup();
		const end = store.registerLiveUse(12, 'Live detection on Simulator');
		flushSync();
		expect(target.querySelector('tr[data-version="2"]')?.textContent).toContain('in live use');

		button('Delete version 2').click();
		flushSync();
		expect(target.querySelector('[role="alert"]')?.textContent).toBe(
			'Version 2 is in live use (Live detection on Simulator): stop that first.'
		);
		expect(target.querySelector('[role="alertdialog"]')).toBeNull();

		end();
		flushSync();
		expect(target.querySelector('tr[data-version="2"]')?.textContent).not.toContain('in live use');
		button('Delete version 2').click();
		flushSync();
		expect(
			target.querySelector('[role="alertdialog"]')?.textContent?.replace(/\s+/g, ' ')
		).toContain(
			'Delete version 2? Its weights and training history are lost, and its aliases champion, blue with them.'
		);
		button('Keep').click();
		flushSync();
		expect(target.querySelector('[role="alertdialog"]')).toBeNull();
	});

	it('says where an alias is before moving it', () => {
		const { target, button } = setup();
		button('Set an alias on version 1').click();
		flushSync();
		const input = target.querySelector<HTMLInputElement>('#alias-for-11')!;
		expect(document.activeElement).toBe(input);
		expect(button('Make version 1 champion, moving it from version 2')).toBeTruthy();
		input.value = 'blue';
		input.dispatchEvent(new Event('input'));
		flushSync();
		expect(target.querySelector('#alias-for-11-hint')?.textContent?.trim()).toBe(
			'“blue” is on version 2 now: setting it here moves it.'
		);
	});
});
