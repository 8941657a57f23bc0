import { installFakeSerial } from './fake-serial';
import { expect, sampleCount, test } from './fixtures';

test('a USB serial sensor: pick the port, stream, unplug, and reconnect on its own when plugged back in', async ({
	page
}) => {
	await page.addInitScript(installFakeSerial, { rateHz: 200 });
	await page.goto('/live');
	await page.getByRole('button', { name: 'Change source…' }).click();
	await page.getByRole('radio', { name: 'USB serial' }).check();
	await page.getByLabel('Baud rate').fill('921600');
	await page.getByRole('button', { name: 'Choose port and connect' }).click();

	const status = page.getByTestId('source-status');
	await expect(status).toHaveAttribute('data-status', 'streaming');
	await expect(page.getByTestId('detected-format')).toContainText('labelled values');
	await expect(page.getByRole('img', { name: 'Live chart of temp' })).toBeVisible();
	await expect(page.getByRole('img', { name: 'Live chart of hum' })).toBeVisible();
	await expect.poll(() => sampleCount(page)).toBeGreaterThan(200);

	await page.getByLabel('Send a command to the device').fill('RATE 200');
	await page.getByRole('button', { name: 'Send', exact: true }).click();
	await expect(page.getByText('Sent “RATE 200”.')).toBeVisible();
	expect(
		await page.evaluate(() =>
			(window as never as { fakeSerial: { written(): string[] } }).fakeSerial.written()
		)
	).toEqual(['RATE 200\n']);

	await page.evaluate(() =>
		(window as never as { fakeSerial: { unplug(): void } }).fakeSerial.unplug()
	);
	await expect(status).toHaveAttribute('data-status', 'reconnecting');
	const whileUnplugged = await sampleCount(page);
	await page.evaluate(() =>
		(window as never as { fakeSerial: { plugIn(): void } }).fakeSerial.plugIn()
	);
	await expect(status).toHaveAttribute('data-status', 'streaming');
	await expect.poll(() => sampleCount(page)).toBeGreaterThan(whileUnplugged + 200);
});

test('without Web Serial (Android) the page says so and offers the other sources', async ({
	page
}) => {
	// Desktop Chromium has Web Serial; take it away as Android's Chrome does not have it.
	await page.addInitScript(() =>
		Object.defineProperty(Navigator.prototype, 'serial', { get: () => undefined })
	);
	await page.goto('/live');
	await page.getByRole('button', { name: 'Change source…' }).click();
	await page.getByRole('radio', { name: 'USB serial' }).check();
	await expect(page.getByRole('alert')).toContainText(
		'Web Serial is not available in this browser'
	);
	await expect(page.getByRole('radio', { name: 'WebSocket' })).toBeEnabled();
});
