import { flushSync } from 'svelte';
import { expect, it } from 'vitest';
import { EventSelection } from './event-selection.svelte';

const events = [
	{ startMs: 100, endMs: 150 },
	{ startMs: 300, endMs: 300 },
	{ startMs: 500, endMs: 700 }
];

it('follows the newest event until one is chosen; choosing the newest follows again', () => {
	const selection = new EventSelection();
	expect(selection.selectedIn(events)).toBe(events[2]);
	expect(selection.selectedIn([])).toBeUndefined();

	selection.choose(events[0]!, events);
	expect(selection.chosenStartMs).toBe(100);
	// A newer anomaly does not move the choice; a longer running one is still the same event.
	const later = [{ startMs: 100, endMs: 180 }, ...events.slice(1), { startMs: 900, endMs: 900 }];
	expect(selection.selectedIn(later)).toBe(later[0]);

	selection.choose(later.at(-1)!, later);
	expect(selection.chosenStartMs).toBeUndefined();
	expect(selection.selectedIn(later)).toBe(later.at(-1));
});

it('selects nothing once the chosen event is no longer kept, until told to follow the newest', () => {
	const selection = new EventSelection();
	selection.choose(events[1]!, events);
	expect(selection.selectedIn(events.slice(2))).toBeUndefined();
	selection.followNewest();
	expect(selection.selectedIn(events.slice(2))).toBe(events[2]);
});

it('is reactive: a derived selection follows a choice made elsewhere', () => {
	const selection = new EventSelection();
	const cleanup = $effect.root(() => {
		const selected = $derived(selection.selectedIn(events));
		const seen: (number | undefined)[] = [];
		$effect(() => {
			seen.push(selected?.startMs);
		});
		flushSync();
		selection.choose(events[1]!, events);
		flushSync();
		expect(seen).toEqual([500, 300]);
	});
	cleanup();
});
