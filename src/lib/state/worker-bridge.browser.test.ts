import { describe, expect, it } from 'vitest';
import type { EchoApi } from './test-fixtures/echo.worker';
import { WorkerBridge } from './worker-bridge';

function bridge(idleMs = 10_000) {
	return new WorkerBridge<EchoApi>({
		create: () =>
			new Worker(new URL('./test-fixtures/echo.worker.ts', import.meta.url), { type: 'module' }),
		idleMs,
		name: 'test worker'
	});
}

describe('WorkerBridge (real Worker in Chromium)', () => {
	it('starts the worker lazily, on the first call', async () => {
		const b = bridge();
		expect(b.started).toBe(false);
		expect(await b.call((api) => api.echo('hi'))).toBe('hi');
		expect(b.started).toBe(true);
		b.stop();
	});

	it('runs calls one at a time, in order', async () => {
		const b = bridge();
		const finished: string[] = [];
		const slow = b.call((api) => api.slow(200, 'slow')).then((v) => finished.push(v));
		const fast = b.call((api) => api.echo('fast')).then((v) => finished.push(v));
		await Promise.all([slow, fast]);
		expect(finished).toEqual(['slow', 'fast']);
		b.stop();
	});

	it('an abort rejects with AbortError, terminates the worker, and the next call gets a fresh one', async () => {
		const b = bridge();
		await b.call((api) => api.echo('warm'));
		const controller = new AbortController();
		const pending = b.call((api) => api.slow(5_000, 'never'), controller.signal);
		setTimeout(() => controller.abort(), 50);
		await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
		expect(b.started).toBe(false);
		expect(await b.call((api) => api.calls())).toBe(0); // a new worker counts from zero
		b.stop();
	});

	it('a stop rejects the running call with AbortError; the queued call runs on a fresh worker', async () => {
		const b = bridge();
		await b.call((api) => api.echo('warm'));
		const running = b.call((api) => api.slow(5_000, 'never'));
		const queued = b.call((api) => api.calls());
		await new Promise((resolve) => setTimeout(resolve, 50));
		b.stop();
		// A terminated worker never answers: without the rejection both calls would wait forever.
		await expect(running).rejects.toMatchObject({
			name: 'AbortError',
			message: 'test worker: stopped'
		});
		expect(await queued).toBe(0); // a new worker counts from zero
		b.stop();
	});

	it('skips a queued call whose signal is already aborted', async () => {
		const b = bridge();
		const controller = new AbortController();
		controller.abort();
		await expect(b.call((api) => api.echo('x'), controller.signal)).rejects.toMatchObject({
			name: 'AbortError'
		});
		expect(b.started).toBe(false);
	});

	it('a crash rejects the running call with WorkerCrashed and the next call restarts', async () => {
		const b = bridge();
		await expect(b.call((api) => api.crash())).rejects.toMatchObject({
			name: 'WorkerCrashed',
			message: expect.stringContaining('test worker stopped unexpectedly')
		});
		expect(b.started).toBe(false);
		expect(await b.call((api) => api.echo('again'))).toBe('again');
		b.stop();
	});

	it('terminates an idle worker', async () => {
		const b = bridge(100);
		await b.call((api) => api.echo('x'));
		expect(b.started).toBe(true);
		await expect.poll(() => b.started, { timeout: 2000 }).toBe(false);
	});
});
