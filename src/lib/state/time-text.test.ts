import { describe, expect, it } from 'vitest';
import { formatUtc, parseUtc } from './time-text';

describe('UTC times as text', () => {
	it('round-trips, showing milliseconds only when there are some', () => {
		const ms = Date.UTC(2026, 0, 31, 14, 0, 5, 250);
		expect(formatUtc(ms)).toBe('2026-01-31 14:00:05.250');
		expect(parseUtc(formatUtc(ms))).toBe(ms);
		expect(formatUtc(Date.UTC(2026, 0, 1))).toBe('2026-01-01 00:00:00');
	});

	it('reads typed times as UTC unless they name a zone, and refuses junk', () => {
		expect(parseUtc(' 2026-01-31 14:00 ')).toBe(Date.UTC(2026, 0, 31, 14));
		expect(parseUtc('2026-01-31T14:00:00+01:00')).toBe(Date.UTC(2026, 0, 31, 13));
		expect(parseUtc('yesterday')).toBeNaN();
		expect(formatUtc(NaN)).toBe('');
	});
});
