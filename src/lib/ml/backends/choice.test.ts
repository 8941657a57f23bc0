import { describe, expect, it } from 'vitest';
import { chooseBackend, memoryChoiceCache } from './choice';
import type { BackendName, BackendProbe } from './probe';

const probes: BackendProbe[] = [
	{ backend: 'webgpu', ok: false, reason: 'WebGPU has no adapter on this device' },
	{ backend: 'webgl', ok: true, detail: 'webgl' },
	{ backend: 'wasm', ok: true, detail: 'wasm' },
	{ backend: 'cpu', ok: true, detail: 'cpu' }
];
const timings: Record<BackendName, number> = { webgpu: 1, webgl: 30, wasm: 12, cpu: 80 };

function timer() {
	const timed: BackendName[] = [];
	return {
		timed,
		timeBatch: async (backend: BackendName) => (timed.push(backend), timings[backend])
	};
}

describe('chooseBackend', () => {
	it('times every working backend, keeps the fastest, and records why the others were skipped', async () => {
		const { timed, timeBatch } = timer();
		const choice = await chooseBackend({
			task: 'train',
			shapeKey: 'lstm:w10:c8',
			probes,
			timeBatch,
			nowMs: () => 5
		});
		expect(timed).toEqual(['webgl', 'wasm', 'cpu']);
		expect(choice).toMatchObject({
			backend: 'wasm',
			reason: 'measured',
			msPerBatch: { webgl: 30, wasm: 12, cpu: 80 }
		});
		expect(choice.skipped).toEqual([
			{ backend: 'webgpu', reason: 'WebGPU has no adapter on this device' }
		]);
	});

	it('measures once per task and shape, then reuses the cached choice', async () => {
		const cache = memoryChoiceCache();
		const first = timer();
		await chooseBackend({
			task: 'score',
			shapeKey: 'k',
			probes,
			timeBatch: first.timeBatch,
			cache
		});
		const second = timer();
		const again = await chooseBackend({
			task: 'score',
			shapeKey: 'k',
			probes,
			timeBatch: second.timeBatch,
			cache
		});
		expect(second.timed).toEqual([]);
		expect(again.backend).toBe('wasm');
		const other = timer();
		await chooseBackend({
			task: 'train',
			shapeKey: 'k',
			probes,
			timeBatch: other.timeBatch,
			cache
		});
		expect(other.timed).toHaveLength(3); // training is chosen separately from scoring
	});

	it('honours a working override and ignores one that does not work', async () => {
		const { timed, timeBatch } = timer();
		expect(
			await chooseBackend({ task: 'train', shapeKey: 'k', probes, timeBatch, override: 'cpu' })
		).toMatchObject({ backend: 'cpu', reason: 'override' });
		expect(timed).toEqual([]);
		expect(
			(await chooseBackend({ task: 'train', shapeKey: 'k', probes, timeBatch, override: 'webgpu' }))
				.backend
		).toBe('wasm');
	});

	it('skips a backend that fails while timed', async () => {
		const choice = await chooseBackend({
			task: 'train',
			shapeKey: 'k',
			probes,
			timeBatch: async (backend) => {
				if (backend === 'wasm') throw new Error('out of memory');
				return timings[backend];
			}
		});
		expect(choice.backend).toBe('webgl');
		expect(choice.skipped).toContainEqual({
			backend: 'wasm',
			reason: 'failed while timed: out of memory'
		});
	});

	it('fails clearly when nothing works', async () => {
		const none: BackendProbe[] = [{ backend: 'cpu', ok: false, reason: 'x' }];
		await expect(
			chooseBackend({ task: 'train', shapeKey: 'k', probes: none, timeBatch: async () => 1 })
		).rejects.toThrow(/no tfjs backend works/);
	});
});
