import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

/**
 * The product's core loop, end to end with the simulator: record two minutes of normal operation,
 * train a small model on it, detect live, inject every anomaly type in turn, and check that each
 * is flagged within a bounded time and explained by the channel the simulator made anomalous.
 *
 * Setup, and why: 10 Hz and three channels (vibration, current, pressure: all follow the pump's
 * load, no 25-s thermal lag whose level wanders out of two minutes of training); window 10, 16
 * units. Two minutes are too short for the default drift test (every load-driven channel looks
 * like it drifts, and a differenced channel hides a slow drift), so differencing is raised to
 * 0.85 share of variance, as the README advises for short recordings. Measured in Node (the
 * same engine) over several models × 8 injection times per kind: every kind flagged, worst delay
 * 12.4 s (the 30-s drift). A slow drift or a correlation break is sometimes first blamed on a
 * load-coupled partner channel (the autoencoder spreads the error), so the check is that an
 * event blamed on the anomalous channel appears within the bound, not that the first one is.
 * This test passed 4 of 5 runs while it was written (the failure: a drift blamed on current).
 */

const RATE_HZ = 10;
/** Simulated seconds per real second while recording (two minutes in six seconds). */
const RECORD_SPEED = 20;
/** While detecting: slow enough that a browser's scoring and drawing delay is small beside the bound. */
const DETECT_SPEED = 5;
/** Flagged within this much simulated time of the injection… */
const BOUND_S = 15;
/** …plus this much real time for scoring, drawing and polling. */
const SLACK_MS = 3000;

/** Channel per kind (indices into vibration, current, pressure), and the simulator's durations. */
const INJECTIONS = [
	{ kind: 'spike', label: 'Spike', channel: 'vibration', durationS: 0 },
	{ kind: 'level-shift', label: 'Level shift', channel: 'current', durationS: 10 },
	{ kind: 'drift', label: 'Slow drift', channel: 'pressure', durationS: 30 },
	{ kind: 'stuck', label: 'Stuck value', channel: 'vibration', durationS: 10 },
	{ kind: 'dropout', label: 'Dropout', channel: 'current', durationS: 3 },
	{ kind: 'noise-burst', label: 'Noise burst', channel: 'pressure', durationS: 5 },
	{ kind: 'correlation-break', label: 'Correlation break', channel: 'pressure', durationS: 20 }
] as const;

async function recordTwoMinutes(page: Page): Promise<string> {
	await page.goto(`/live?rate=${RATE_HZ}&channels=3&speed=${RECORD_SPEED}`);
	await expect(page.locator('canvas').first()).toBeVisible();
	await expect(page.getByText(`${RECORD_SPEED}× real time`).first()).toBeVisible();
	await page.getByRole('button', { name: '● Record' }).click();
	await expect(page.getByRole('button', { name: /Stop recording/ })).toBeVisible();
	const name = (await page.getByTestId('recording-name').textContent())!;
	const samples = page.getByTestId('recording-samples');
	await expect
		.poll(async () => Number((await samples.textContent())!.replaceAll(',', '')), {
			timeout: 30_000
		})
		.toBeGreaterThanOrEqual(120 * RATE_HZ);
	await page.keyboard.press('r');
	await expect(page.getByRole('status').filter({ hasText: 'Saved:' })).toBeVisible();
	return name;
}

async function trainOn(page: Page, dataset: string): Promise<void> {
	await page
		.getByRole('navigation', { name: 'Main' })
		.getByRole('link', { name: 'Models' })
		.click();
	await page.getByRole('link', { name: /Train a model/ }).click();
	await expect(page.getByRole('heading', { name: 'Train a model' })).toBeVisible();
	await page.getByRole('checkbox', { name: new RegExp(dataset) }).check();
	await page.getByRole('radio', { name: /A time range/ }).check();
	await page.getByLabel('Window', { exact: true }).fill('10');
	await page.getByLabel('Units of layer 1').fill('16');
	await page.getByLabel('Epochs', { exact: true }).fill('20');
	await page.getByText('More settings').click();
	await page.getByLabel('Difference drifting channels above').fill('0.85');
	await page.getByLabel('Backend').selectOption('wasm');
	await page.getByLabel('Model name').fill('Pump e2e');
	await page.getByRole('button', { name: 'Train', exact: true }).click();
	const result = page.getByTestId('training-result');
	await expect(result).toBeVisible({ timeout: 120_000 });
	await expect(result).toContainText('Saved as version 1');
	// The preview server sends COOP/COEP: the page is cross-origin isolated, so the detector
	// worker gave the fused LSTM's WASM kernels their helper thread (workers/lstm-threads.ts).
	expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
	await expect(result).toContainText('wasm, as chosen, fused LSTM on 2 threads');
}

/** The top channel of each listed anomaly, keyed by its start (epoch ms, simulated clock). */
async function listedEvents(page: Page): Promise<Map<number, string>> {
	const items = page
		.getByRole('list', { name: 'Recent anomalies, newest first' })
		.getByRole('button');
	const events = new Map<number, string>();
	for (const item of await items.all()) {
		const start = Number(await item.getAttribute('data-start-ms'));
		events.set(start, (await item.getAttribute('data-top-channel')) ?? '');
	}
	return events;
}

test('record, train, then every injected anomaly type is flagged in time and blamed on its channel', async ({
	page
}) => {
	test.setTimeout(300_000);
	const dataset = await recordTwoMinutes(page);
	await trainOn(page, dataset);

	await page.goto(`/live?rate=${RATE_HZ}&channels=3&speed=${DETECT_SPEED}`);
	const detection = page.getByRole('region', { name: 'Live detection' });
	await detection.getByLabel('Model').selectOption({ label: 'Pump e2e' });
	await detection.getByLabel('Version or alias').selectOption('v1');
	await detection.getByRole('button', { name: 'Start detection' }).click();
	await expect(detection.getByTestId('scoring-backend')).toBeVisible({ timeout: 30_000 });
	await expect(page.getByTestId('current-score')).toBeVisible({ timeout: 30_000 });
	// Let the first minute of scores settle, so that any event before it is not counted.
	await page.waitForTimeout(2000);

	const injector = page.getByRole('region', { name: 'Inject an anomaly' });
	const outcomes: string[] = [];
	for (const injection of INJECTIONS) {
		const before = await listedEvents(page);
		const newestBefore = Math.max(0, ...before.keys());
		await injector.getByLabel('Into channel').selectOption({ label: injection.channel });
		await injector.getByRole('button', { name: injection.label, exact: true }).click();
		const injectedAt = Date.now();
		// Flagged: a new event, after those listed before, whose explanation names the channel.
		let found: string | undefined;
		await expect
			.poll(
				async () => {
					const now = await listedEvents(page);
					const fresh = [...now].filter(([start]) => start > newestBefore);
					found = fresh.find(([, top]) => top === injection.channel)?.[1];
					return found ?? `new events: ${JSON.stringify(fresh)}`;
				},
				{ timeout: (BOUND_S * 1000) / DETECT_SPEED + SLACK_MS, intervals: [200] }
			)
			.toBe(injection.channel);
		outcomes.push(`${injection.kind}: ${Date.now() - injectedAt} ms`);
		// Let this anomaly end, its windows leave the model's view and its end (a step back) be
		// scored, before the next one: 5 s of simulated time past its end.
		await page.waitForTimeout(((injection.durationS + 5) * 1000) / DETECT_SPEED);
	}
	test
		.info()
		.annotations.push({ type: 'detection delays (real ms)', description: outcomes.join(', ') });
});
