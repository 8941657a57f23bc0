import { anomalousSpans } from '$lib/state/anomalous-spans';
import { flushSync, mount, unmount } from 'svelte';
import { afterEach, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { EventSelection } from '$lib/state/event-selection.svelte';
import { LiveDetection } from '$lib/state/live-detection.svelte';
import { LiveStream } from '$lib/state/live-stream.svelte';
import { Models } from '$lib/state/models.svelte';
import EventPanel from './EventPanel.svelte';
import ScoreLane from './ScoreLane.svelte';

// The real lane and event panel sharing a real selection. The detection's scores and version are
// set directly: scoring itself is tested against the real worker in live-detection.svelte.test.ts.
const T0 = Date.UTC(2026, 2, 1, 12);
const WINDOW_MS = 60_000;
const THRESHOLD = 5;
/** 10 scores/s over a minute; anomalies at 10–15 s, 40–42 s (values missing) and 50 s (one window). */
function scoreSeries() {
	const t = Float64Array.from({ length: 600 }, (_, i) => T0 + i * 100);
	const score = Float32Array.from(t, (ms) => {
		const s = (ms - T0) / 1000;
		if (s >= 10 && s <= 15) return 8;
		if (s >= 40 && s <= 42) return Infinity;
		return s === 50 ? 8 : 1;
	});
	return { t, score };
}

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

async function setUp() {
	const db = `score-lane-${Date.now()}-${Math.random()}`;
	const detection = new LiveDetection({ stream: new LiveStream(), models: new Models(db) });
	detection.version = {
		id: 1,
		label: 'pump v1',
		threshold: THRESHOLD,
		windowLength: 10,
		channelNames: ['flow', 'pressure']
	};
	detection.scores = scoreSeries();
	// Published together by live detection (#publish): the spans derive from the scores.
	detection.spans = anomalousSpans(detection.scores.t, detection.scores.score, THRESHOLD);
	const selection = new EventSelection();
	const target = document.body.appendChild(document.createElement('div'));
	target.style.width = '800px';
	const lane = mount(ScoreLane, { target, props: { detection, windowMs: WINDOW_MS, selection } });
	const panel = mount(EventPanel, { target, props: { detection, selection } });
	cleanup = () => {
		unmount(panel);
		unmount(lane);
		target.remove();
		indexedDB.deleteDatabase(db);
	};
	flushSync();
	const chart = target.querySelector<HTMLElement>('[data-testid="score-lane"] [role="img"]')!;
	const over = chart.querySelector<HTMLElement>('.u-over')!;
	const lastMs = T0 + 599 * 100;
	/** Where time `ms` is on the plot, in CSS px from its left edge (the x range ends at the newest). */
	const xOf = (ms: number) => ((ms - (lastMs - WINDOW_MS)) / WINDOW_MS) * over.clientWidth;
	const pressed = () =>
		[...target.querySelectorAll('[aria-label="Recent anomalies, newest first"] button')]
			.filter((b) => b.getAttribute('aria-pressed') === 'true')
			.map((b) => b.textContent?.trim());
	return { target, chart, over, xOf, pressed, selection };
}

/** Local `hh:mm:ss.s`, as the event list shows an anomaly's start. */
const clock = (ms: number) => {
	const d = new Date(ms);
	const two = (n: number) => String(n).padStart(2, '0');
	return `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}.${Math.floor(d.getMilliseconds() / 100)}`;
};

it('a click on a shaded span selects that anomaly in the event panel; a click elsewhere changes nothing', async () => {
	const { over, xOf, pressed, selection, chart } = await setUp();
	expect(chart.getAttribute('aria-label')).toContain('3 anomalous spans shaded: click one');
	// The newest is selected by default.
	expect(pressed()).toEqual([`${clock(T0 + 50_000)} · 0.0 s`]);

	await userEvent.click(over, { position: { x: xOf(T0 + 12_000), y: 30 } });
	expect(pressed()).toEqual([`${clock(T0 + 10_000)} · 5.0 s`]);
	expect(selection.chosenStartMs).toBe(T0 + 10_000);
	expect(
		document
			.querySelector('[aria-label="Recent anomalies, newest first"] [aria-pressed="true"]')
			?.getAttribute('data-start-ms')
	).toBe(String(T0 + 10_000));

	// Between spans: the choice stays.
	await userEvent.click(over, { position: { x: xOf(T0 + 30_000), y: 30 } });
	expect(pressed()).toEqual([`${clock(T0 + 10_000)} · 5.0 s`]);

	// The one-window span is a line: a click 2 px beside it picks it (and follows the newest again).
	await userEvent.click(over, { position: { x: xOf(T0 + 50_000) + 2, y: 30 } });
	expect(pressed()).toEqual([`${clock(T0 + 50_000)} · 0.0 s`]);
	expect(selection.chosenStartMs).toBeUndefined();

	// The keyboard route (the list) moves the lane's selection too.
	const button = [...document.querySelectorAll('button')].find((b) =>
		b.textContent?.includes(clock(T0 + 40_000))
	)!;
	button.focus();
	await userEvent.keyboard('{Enter}');
	expect(selection.chosenStartMs).toBe(T0 + 40_000);
});

it('draws the selected span stronger than the others', async () => {
	const { chart, over, xOf, selection } = await setUp();
	const canvas = chart.querySelector('canvas')!;
	/** The canvas pixel at time `ms`, 80 % down the plot (under the score line inside a span). */
	const pixelAt = (ms: number) => {
		const ratio = canvas.width / canvas.getBoundingClientRect().width;
		const offset = over.getBoundingClientRect();
		const base = canvas.getBoundingClientRect();
		const x = Math.round((offset.left - base.left + xOf(ms)) * ratio);
		const y = Math.round((offset.top - base.top + over.clientHeight * 0.8) * ratio);
		return [...canvas.getContext('2d')!.getImageData(x, y, 1, 1).data];
	};
	selection.choose({ startMs: T0 + 10_000, endMs: T0 + 15_000 }, []);
	flushSync();
	await expect.poll(() => pixelAt(T0 + 12_500)).not.toEqual(pixelAt(T0 + 41_000));
	const chosen = pixelAt(T0 + 12_500);
	const other = pixelAt(T0 + 41_000);
	const plain = pixelAt(T0 + 30_000);
	expect(other).not.toEqual(plain); // the other span is shaded too…
	selection.choose({ startMs: T0 + 40_000, endMs: T0 + 42_000 }, []);
	flushSync();
	// …and swapping the choice swaps the two (a redraw without new scores).
	await expect.poll(() => pixelAt(T0 + 41_000)).toEqual(chosen);
	expect(pixelAt(T0 + 12_500)).toEqual(other);
});

it('explains the missing-values marks under the lane and never prints Infinity', async () => {
	const { target } = await setUp();
	expect(target.textContent).toContain(
		'Windows with missing or stuck values: they cannot be scored'
	);
	expect(target.textContent).not.toContain('Infinity');
});
