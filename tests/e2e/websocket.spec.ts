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
});

test('a bookmarkable /live?ws= link connects at once; a refused connection is explained', async ({
	page
}) => {
	await page.goto(`/live?ws=${encodeURIComponent(sensor.url)}`);
	await expect(page.getByTestId('source-status')).toHaveAttribute('data-status', 'streaming');
	await expect.poll(() => sampleCount(page)).toBeGreaterThan(500);

	await page.goto('/live?ws=ws://127.0.0.1:9');
	const status = page.getByTestId('source-status');
	await expect(status).toHaveAttribute('data-status', 'reconnecting');
	await expect(status).toContainText('attempt');
	await expect(page.getByTestId('live-charts')).toContainText('Reconnecting');
});
