import { defineConfig } from '@playwright/test';
import { CHROMIUM_LAUNCH } from './tests/chromium.js';

/** `E2E_PORT` lets a second checkout run its end-to-end tests beside a running preview. */
const PORT = Number(process.env.E2E_PORT ?? 4173);

/** End-to-end tests run against the production build: the service worker exists only there. */
export default defineConfig({
	testDir: 'tests/e2e',
	fullyParallel: false,
	workers: 1,
	forbidOnly: !!process.env.CI,
	retries: process.env.CI ? 1 : 0,
	timeout: 60_000,
	reporter: process.env.CI ? [['list']] : [['list']],
	use: {
		baseURL: `http://localhost:${PORT}`,
		trace: 'retain-on-failure',
		launchOptions: CHROMIUM_LAUNCH
	},
	webServer: {
		command: `npm run build && npx vite preview --port ${PORT} --strictPort`,
		port: PORT,
		reuseExistingServer: !process.env.CI,
		timeout: 180_000
	}
});
