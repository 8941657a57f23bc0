import { describe, expect, it } from 'vitest';
import { createLineDecoder } from './decoder';
import { lineConfig } from './testing';
import { ArrivalClock, DeviceClock } from './timestamps';

function arrivalTimes(clock: ArrivalClock, count: number, arrivalMs: number): number[] {
	const t = new Float64Array(count);
	clock.assign(t, count, arrivalMs);
	return [...t];
}

describe('ArrivalClock', () => {
	it('gives the first push its arrival time, then spreads each push over the gap since the last', () => {
		const clock = new ArrivalClock();
		expect(arrivalTimes(clock, 2, 1000)).toEqual([1000, 1000]);
		expect(arrivalTimes(clock, 4, 1016)).toEqual([1004, 1008, 1012, 1016]);
		expect(arrivalTimes(clock, 16, 1032)).toEqual(Array.from({ length: 16 }, (_, i) => 1017 + i));
	});

	it('does not spread a burst after a silence over the whole silence', () => {
		const clock = new ArrivalClock();
		arrivalTimes(clock, 1, 0);
		arrivalTimes(clock, 10, 10); // 1 ms per line
		const burst = arrivalTimes(clock, 5, 60_000);
		expect(burst[4]).toBe(60_000);
		expect(burst[0]).toBeGreaterThan(60_000 - 5 * 4 - 1); // at most 4× the usual step
	});

	it('never goes back when the clock does', () => {
		const clock = new ArrivalClock();
		arrivalTimes(clock, 3, 5000);
		const after = arrivalTimes(clock, 3, 4000);
		expect(after).toEqual([5000, 5000, 5000]);
	});
});

describe('DeviceClock', () => {
	it('converts s, ms and µs epochs to epoch ms', () => {
		expect(new DeviceClock('s', true).toEpochMs(1712000000.5, 0)).toBe(1712000000500);
		expect(new DeviceClock('ms', true).toEpochMs(1712000000500, 0)).toBe(1712000000500);
		expect(new DeviceClock('us', true).toEpochMs(1712000000500000, 0)).toBe(1712000000500);
	});

	it('anchors a counter to the first sample’s arrival and follows the device from there', () => {
		const clock = new DeviceClock('ms', false);
		expect(clock.toEpochMs(5000, 1_000_000)).toBe(1_000_000);
		expect(clock.toEpochMs(5010, 1_000_050)).toBe(1_000_010);
	});

	it('re-anchors when the counter goes back (device rebooted) and counts a reset', () => {
		const clock = new DeviceClock('us', false);
		clock.toEpochMs(9_000_000, 1_000_000); // 9 s after boot
		clock.toEpochMs(9_500_000, 1_000_500);
		expect(clock.toEpochMs(200_000, 1_002_000)).toBe(1_002_000); // rebooted: 0.2 s after boot
		expect(clock.toEpochMs(300_000, 1_002_100)).toBe(1_002_100);
		expect(clock.resets).toBe(1);
	});

	it('after a reset never lands before the last time, even if the device ran ahead of the host', () => {
		const clock = new DeviceClock('ms', false);
		clock.toEpochMs(0, 1000);
		clock.toEpochMs(5000, 1000); // device ran 5 s in 0 s of host time
		expect(clock.toEpochMs(10, 1100)).toBe(6000);
	});
});

describe('timestamps through the decoder', () => {
	it('a counter timestamp column in µs, with a reboot in the middle', () => {
		const config = lineConfig({
			channels: ['a'],
			timestamp: { kind: 'field', unit: 'us', epoch: false }
		});
		const decoder = createLineDecoder(config);
		const first = decoder.push('1000000,1\n1002000,2\n', 50_000);
		const second = decoder.push('500,3\n', 60_000);
		expect([...first.frame.t, ...second.frame.t]).toEqual([50_000, 50_002, 60_000]);
		expect(decoder.stats.timestampResets).toBe(1);
	});

	it('arrival times rise across pushes: 1 kHz read every 16 ms gets 1 ms steps', () => {
		const decoder = createLineDecoder(lineConfig({ channels: ['a'] }));
		const lines = (n: number) => '1\n'.repeat(n);
		decoder.push(lines(16), 10_000);
		const { frame } = decoder.push(lines(16), 10_016);
		expect([...frame.t]).toEqual(Array.from({ length: 16 }, (_, i) => 10_001 + i));
	});
});
