import { createServer, type AddressInfo } from 'node:net';
import { startSensorServer, type SensorServer } from '../sensor-server.js';
import { chartRows, expect, sampleCount, test } from './fixtures';

let sensor: SensorServer;
test.beforeEach(async () => {
	sensor = await startSensorServer({ rateHz: 1000, channelCount: 8 });
});
test.afterEach(async () => {
	await sensor.close();
});

test('a WebSocket feed of 8 channels at 1 kHz is detected, charted and survives a dropped connection', async ({
	page
}) => {
	await page.goto('/live');
	await page.getByRole('button', { name: 'Change source…' }).click();
	await page.getByRole('radio', { name: 'WebSocket' }).check();
	await page.getByLabel('WebSocket URL').fill(sensor.url);
	await page.getByRole('button', { name: 'Connect', exact: true }).click();

	const status = page.getByTestId('source-status');
	await expect(status).toHaveAttribute('data-status', 'streaming');
	// Detection found the header, the Unix-ms time column and the eight channels.
	const detected = page.getByTestId('detected-format');
	await expect(detected).toContainText('comma-separated, 8 channels, time in ms (Unix time)');
	await expect(page.locator('canvas')).toHaveCount(8);
	await expect(page.getByRole('img', { name: 'Live chart of ch8' })).toBeVisible();
	await expect.poll(() => chartRows(page)).toBeGreaterThan(100);
	const first = await sampleCount(page);
	await expect.poll(() => sampleCount(page), { timeout: 5000 }).toBeGreaterThan(first + 1500);
	await expect(status).toContainText(/rate (9\d\d|10\d\d) Hz/);

	sensor.dropClients();
	await expect(status).toHaveAttribute('data-status', 'reconnecting');
	await expect(status).toHaveAttribute('data-status', 'streaming', { timeout: 15_000 });
	const afterReconnect = await sampleCount(page);
	await expect
		.poll(() => sampleCount(page), { timeout: 5000 })
		.toBeGreaterThan(afterReconnect + 500);

	// The recording receives them too: 2 s or more of 8 channels at 1 kHz, every sample kept.
	await page.getByRole('button', { name: '● Record' }).click();
	const name = (await page.getByTestId('recording-name').textContent())!;
	const recordedSamples = async () =>
		Number((await page.getByTestId('recording-samples').textContent())!.replaceAll(',', ''));
	await expect.poll(recordedSamples).toBeGreaterThan(2000);
	await page.getByRole('button', { name: /Stop recording/ }).click();
	const saved = page.getByRole('status').filter({ hasText: 'Saved:' }).getByRole('link', { name });
	await expect(saved).toBeVisible();
	const recorded = await recordedSamples();
	await page.getByRole('navigation').getByRole('link', { name: 'Data' }).click();
	const row = page.getByTestId('dataset-list').getByRole('row').filter({ hasText: name });
	await expect(row.getByRole('cell').nth(1)).toHaveText(recorded.toLocaleString('en'));
	await expect(row.getByRole('cell').nth(2)).toHaveText('ch1, ch2, ch3, ch4, ch5, ch6, ch7, ch8');
});

test.describe('links and refusals', () => {
	// Chromium itself logs every refused WebSocket as a console error.
	test.use({
		expectedConsoleErrors: [/^WebSocket connection to 'ws:\/\/127\.0\.0\.1:\d+\/' failed/]
	});

	test('a bookmarkable /live?ws= link connects at once; a refused connection is explained', async ({
		page
	}) => {
		await page.goto(`/live?ws=${encodeURIComponent(sensor.url)}`);
		await expect(page.getByTestId('source-status')).toHaveAttribute('data-status', 'streaming');
		await expect.poll(() => sampleCount(page)).toBeGreaterThan(500);

		await page.goto(`/live?ws=ws://127.0.0.1:${await closedPort()}`);
		const status = page.getByTestId('source-status');
		await expect(status).toHaveAttribute('data-status', 'reconnecting');
		await expect(status).toContainText('attempt');
		await expect(page.getByTestId('live-charts')).toContainText('Reconnecting');
	});
});

/** A local port nobody listens on (a sensor bridge that is switched off). */
async function closedPort(): Promise<number> {
	const server = createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	await new Promise((resolve) => server.close(resolve));
	return port;
}
