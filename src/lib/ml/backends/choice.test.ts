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

	describe('software GPU emulation', () => {
		const swiftShader = { renderer: 'SwiftShader', evidence: 'fallback adapter' };
		const emulated: BackendProbe[] = [
			{ backend: 'webgpu', ok: true, detail: 'webgpu', software: swiftShader },
			{ backend: 'webgl', ok: true, detail: 'webgl', software: swiftShader },
			{ backend: 'wasm', ok: true, detail: 'wasm' },
			{ backend: 'cpu', ok: true, detail: 'cpu' }
		];
		const slower = 'software GPU emulation (SwiftShader): slower than WebAssembly here';

		it('is not timed while wasm or cpu works, and says why', async () => {
			const { timed, timeBatch } = timer();
			const choice = await chooseBackend({
				task: 'score',
				shapeKey: 'k',
				probes: emulated,
				timeBatch
			});
			expect(timed).toEqual(['wasm', 'cpu']);
			expect(choice).toMatchObject({
				backend: 'wasm',
				reason: 'measured',
				msPerBatch: { wasm: 12, cpu: 80 }
			});
			expect(choice.skipped).toEqual([
				{ backend: 'webgpu', reason: slower },
				{ backend: 'webgl', reason: slower }
			]);
		});

		it('is still timed beside a real GPU, which is', async () => {
			const { timed, timeBatch } = timer();
			const realWebGpu: BackendProbe = { backend: 'webgpu', ok: true, detail: 'webgpu (nvidia)' };
			const choice = await chooseBackend({
				task: 'score',
				shapeKey: 'k',
				probes: [realWebGpu, ...emulated.slice(1)],
				timeBatch
			});
			expect(timed).toEqual(['webgpu', 'wasm', 'cpu']);
			expect(choice.backend).toBe('webgpu');
			expect(choice.skipped).toEqual([{ backend: 'webgl', reason: slower }]);
		});

		it('says so without claiming WebAssembly when only the cpu backend works beside it', async () => {
			const { timed, timeBatch } = timer();
			const choice = await chooseBackend({
				task: 'score',
				shapeKey: 'k',
				probes: [emulated[1]!, { backend: 'cpu', ok: true, detail: 'cpu' }],
				timeBatch
			});
			expect(timed).toEqual(['cpu']);
			expect(choice.backend).toBe('cpu');
			expect(choice.skipped).toEqual([
				{
					backend: 'webgl',
					reason: expect.stringMatching(/^software GPU emulation \(SwiftShader\): not timed/)
				}
			]);
		});

		it("is used when the user chooses it (the Train page's backend select)", async () => {
			const { timed, timeBatch } = timer();
			const choice = await chooseBackend({
				task: 'train',
				shapeKey: 'k',
				probes: emulated,
				timeBatch,
				override: 'webgl'
			});
			expect(choice).toMatchObject({ backend: 'webgl', reason: 'override' });
			expect(timed).toEqual([]);
		});

		it('is timed when it is all that works', async () => {
			const { timed, timeBatch } = timer();
			const onlyGpus = emulated.slice(0, 2);
			const choice = await chooseBackend({
				task: 'score',
				shapeKey: 'k',
				probes: onlyGpus,
				timeBatch
			});
			expect(timed).toEqual(['webgpu', 'webgl']);
			expect(choice).toMatchObject({ backend: 'webgpu', reason: 'measured', skipped: [] });
			const alone = await chooseBackend({
				task: 'score',
				shapeKey: 'k',
				probes: [emulated[1]!],
				timeBatch
			});
			expect(alone).toMatchObject({ backend: 'webgl', reason: 'only-available' });
		});

		it('is timed after all when every CPU backend fails its timing', async () => {
			const timed: BackendName[] = [];
			const choice = await chooseBackend({
				task: 'score',
				shapeKey: 'k',
				probes: emulated,
				timeBatch: async (backend) => {
					timed.push(backend);
					if (backend === 'wasm' || backend === 'cpu') throw new Error(`${backend} broke`);
					return timings[backend];
				}
			});
			expect(timed).toEqual(['wasm', 'cpu', 'webgpu', 'webgl']);
			expect(choice).toMatchObject({ backend: 'webgpu', msPerBatch: { webgpu: 1, webgl: 30 } });
			expect(choice.skipped.map((s) => s.reason)).toEqual([
				'failed while timed: wasm broke',
				'failed while timed: cpu broke'
			]);
		});

		it('keeps a cached choice measured before (the choice record is unchanged)', async () => {
			const cache = memoryChoiceCache();
			await chooseBackend({
				task: 'score',
				shapeKey: 'k',
				probes: emulated,
				timeBatch: timer().timeBatch,
				cache
			});
			const { timed, timeBatch } = timer();
			const again = await chooseBackend({
				task: 'score',
				shapeKey: 'k',
				probes: emulated,
				timeBatch,
				cache
			});
			expect(timed).toEqual([]);
			expect(again.skipped.map((s) => s.backend)).toEqual(['webgpu', 'webgl']);
		});
	});
});
