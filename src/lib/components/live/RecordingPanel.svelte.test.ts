import { flushSync, mount, unmount } from 'svelte';
import { afterEach, describe, expect, it } from 'vitest';
import { Recorder } from '$lib/state/recorder.svelte';
import RecordingPanel from './RecordingPanel.svelte';

// Real component, real Recorder, real IndexedDB (a database per test, named: components may not
// import db); only the source is driven by hand. What is stored is checked in recorder.svelte.test.ts.
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
	for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const CHANNELS = [
	{ name: 'pressure', unit: 'bar' },
	{ name: 'flow', unit: 'l/min' }
];

function setup() {
	const db = `recording-panel-${Date.now()}-${Math.random()}`;
	const recorder = new Recorder({ db, report: () => undefined });
	const target = document.body.appendChild(document.createElement('div'));
	const panel = mount(RecordingPanel, {
		target,
		props: { recorder, channels: CHANNELS, sourceLabel: 'test rig' }
	});
	cleanups.push(async () => {
		unmount(panel);
		target.remove();
		await recorder.stop();
		indexedDB.deleteDatabase(db);
	});
	const button = (name: RegExp) =>
		[...target.querySelectorAll('button')].find((b) => name.test(b.textContent ?? ''))!;
	return { recorder, target, button };
}

function push(recorder: Recorder, t0: number, rows: number) {
	recorder.push({
		frame: {
			t: Float64Array.from({ length: rows }, (_, i) => t0 + i * 10),
			channels: CHANNELS.map(() => new Float32Array(rows).fill(1))
		},
		channels: CHANNELS
	});
}

describe('RecordingPanel', () => {
	it('records, takes a marker on Enter, stops with R and links to the saved dataset', async () => {
		const { recorder, target, button } = setup();
		const input = target.querySelector<HTMLInputElement>('input')!;
		expect(input.disabled).toBe(true); // no markers before recording

		button(/Record/).click();
		await expect.poll(() => recorder.current).toBeDefined();
		flushSync();
		expect(button(/Stop recording/)).toBeDefined();
		expect(target.querySelector('[data-testid="recording-name"]')?.textContent).toMatch(
			/^Recording \d{4}-\d\d-\d\d \d\d:\d\d$/
		);
		push(recorder, Date.now(), 150);
		await expect
			.poll(() => target.querySelector('[data-testid="recording-samples"]')?.textContent)
			.toBe('150');

		input.value = 'valve closed';
		input.dispatchEvent(new Event('input'));
		input.form!.requestSubmit(); // what Enter in the field does
		await expect
			.poll(() => target.querySelector('ol[aria-label="Markers in this recording"]')?.textContent)
			.toMatch(/valve closed/);
		expect(input.value).toBe('');

		// R while typing in the note does nothing; R elsewhere stops.
		input.dispatchEvent(new KeyboardEvent('keydown', { key: 'r', bubbles: true }));
		expect(recorder.recording).toBe(true);
		document.body.dispatchEvent(new KeyboardEvent('keydown', { key: 'r', bubbles: true }));
		await expect.poll(() => target.querySelector('.saved a')).not.toBeNull();
		const link = target.querySelector<HTMLAnchorElement>('.saved a')!;
		const id = recorder.parts[0]!.datasetId;
		expect(link.getAttribute('href')).toBe(`/data/${id}`);
		expect(link.textContent).toBe(recorder.parts[0]!.name);
		expect(target.querySelector('[data-testid="recording-samples"]')?.textContent).toBe('150');
	});

	it('says why recording cannot start without channels', async () => {
		const db = `recording-panel-empty-${Date.now()}`;
		const recorder = new Recorder({ db, report: () => undefined });
		const target = document.body.appendChild(document.createElement('div'));
		const panel = mount(RecordingPanel, {
			target,
			props: { recorder, channels: [], sourceLabel: 'nothing' }
		});
		cleanups.push(async () => {
			unmount(panel);
			target.remove();
			indexedDB.deleteDatabase(db);
		});
		target.querySelector('button')!.click();
		await expect
			.poll(() => target.querySelector('[role="alert"]')?.textContent)
			.toMatch(/no channels yet/);
		expect(recorder.recording).toBe(false);
	});
});
