import { describe, expect, it } from 'vitest';
import { ReconnectBackoff } from './backoff';

describe('ReconnectBackoff', () => {
	it('doubles the ceiling from 0.5 s up to 30 s', () => {
		const backoff = new ReconnectBackoff({}, () => 0.999_999);
		const delays = Array.from({ length: 10 }, () => backoff.next(0).delayMs);
		expect(delays).toEqual([500, 1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000, 30_000]);
		expect(backoff.failures).toBe(10);
	});

	it('draws the delay uniformly below the ceiling (full jitter)', () => {
		let draw = 0;
		const draws = [0, 0.25, 0.5];
		const backoff = new ReconnectBackoff({ initialMs: 1000 }, () => draws[draw++]!);
		expect([backoff.next(0), backoff.next(0), backoff.next(0)]).toEqual([
			{ attempt: 1, delayMs: 0 },
			{ attempt: 2, delayMs: 500 },
			{ attempt: 3, delayMs: 2000 }
		]);
	});

	it('starts over only after a connection stayed up for the healthy period', () => {
		const backoff = new ReconnectBackoff({ healthyAfterMs: 10_000 }, () => 0.5);
		backoff.next(0);
		backoff.next(0);
		// Accepted and dropped at once: still backing off.
		backoff.connected(1000);
		expect(backoff.next(1500).attempt).toBe(3);
		// Up for 10 s: healthy, the next loss is attempt 1 with the first ceiling.
		backoff.connected(2000);
		expect(backoff.next(12_000)).toEqual({ attempt: 1, delayMs: 250 });
	});
});
