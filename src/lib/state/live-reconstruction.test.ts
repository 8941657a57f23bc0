import { describe, expect, it } from 'vitest';
import { channelOf, ReconstructionCache, type WindowReconstruction } from './live-reconstruction';

const window = (value: number): WindowReconstruction => ({
	t: Float64Array.of(1, 2),
	actual: [Float32Array.of(value, value)],
	reconstructed: [Float32Array.of(value + 1, value + 1)]
});

describe('ReconstructionCache', () => {
	it('computes once per key, keeps the newest `capacity`, and forgets failures', async () => {
		const cache = new ReconstructionCache(2);
		let made = 0;
		const make = (value: number) => () => (made++, Promise.resolve(window(value)));
		const a = cache.getOrCreate('a', make(1))!;
		expect(cache.getOrCreate('a', make(9))).toBe(a);
		cache.getOrCreate('b', make(2));
		cache.getOrCreate('c', make(3));
		expect(cache.size).toBe(2);
		expect(made).toBe(3);
		// 'a' was the oldest: it is computed again.
		expect(await cache.getOrCreate('a', make(4))).toEqual(window(4));
		expect(made).toBe(4);

		const failed = cache.getOrCreate('x', () => Promise.reject(new Error('worker gone')))!;
		await expect(failed).rejects.toThrow('worker gone');
		expect(await cache.getOrCreate('x', make(5))).toEqual(window(5));
		// Nothing to compute: nothing cached.
		expect(cache.getOrCreate('y', () => undefined)).toBeUndefined();
	});

	it('hands out one channel of a window', () => {
		expect(channelOf(window(3), 0)).toEqual({
			ok: true,
			t: Float64Array.of(1, 2),
			actual: Float32Array.of(3, 3),
			reconstructed: Float32Array.of(4, 4)
		});
	});
});
