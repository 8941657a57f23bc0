import { describe, expect, it } from 'vitest';
import { LatencyWindow, LiveWindowBuffer, mapChannels, ScoreRing } from './live-window-buffer';

/** Rows `first…first+n-1`: t = the row number, channel c = row number × 10 + c. */
function rows(first: number, n: number, channelCount = 3) {
	const t = Float64Array.from({ length: n }, (_, i) => first + i);
	const columns = Array.from({ length: channelCount }, (_, c) =>
		Float32Array.from({ length: n }, (_, i) => (first + i) * 10 + c)
	);
	return { t, columns };
}

describe('mapChannels', () => {
	it('maps by name, ignores extra source channels, names the missing ones', () => {
		expect(mapChannels(['b', 'a'], ['a', 'x', 'b'])).toEqual({ ok: true, sourceIndex: [2, 0] });
		expect(mapChannels(['a', 'q', 'r'], ['a', 'b'])).toEqual({ ok: false, missing: ['q', 'r'] });
	});
});

describe('LiveWindowBuffer', () => {
	it('gives pending rows with the context before them, then keeps only the context', () => {
		const buffer = new LiveWindowBuffer(2, 3, 100);
		const a = rows(0, 5);
		buffer.push(a.t, a.columns, [2, 0]);
		expect(buffer.pendingRows).toBe(5);
		const first = buffer.take()!;
		// Nothing was scored before: every row is new, no context yet.
		expect(first.from).toBe(0);
		expect([...first.t]).toEqual([0, 1, 2, 3, 4]);
		expect([...first.channels[0]!]).toEqual([2, 12, 22, 32, 42]);
		expect([...first.channels[1]!]).toEqual([0, 10, 20, 30, 40]);
		expect(buffer.take()).toBeUndefined();

		const b = rows(5, 2);
		buffer.push(b.t, b.columns, [2, 0]);
		const second = buffer.take()!;
		expect([...second.t]).toEqual([2, 3, 4, 5, 6]);
		expect(second.from).toBe(3);
		expect(second.skipped).toBe(0);
		expect([...second.channels[1]!]).toEqual([20, 30, 40, 50, 60]);
	});

	it('batches what arrived while a call was in flight and drops the oldest past the cap', () => {
		const buffer = new LiveWindowBuffer(1, 2, 4);
		const a = rows(0, 3, 1);
		buffer.push(a.t, a.columns, [0]);
		buffer.take();
		// Three batches arrive while scoring: 3 + 2 + 2 = 7 rows, the cap is 4.
		for (const [first, n] of [
			[3, 3],
			[6, 2],
			[8, 2]
		] as const) {
			const batch = rows(first, n, 1);
			buffer.push(batch.t, batch.columns, [0]);
		}
		expect(buffer.pendingRows).toBe(4);
		const take = buffer.take()!;
		expect(take.skipped).toBe(3);
		expect([...take.t]).toEqual([4, 5, 6, 7, 8, 9]);
		expect(take.from).toBe(2);
		expect([...take.channels[0]!]).toEqual([40, 50, 60, 70, 80, 90]);
	});

	it('keeps only the newest rows of a batch larger than it holds', () => {
		const buffer = new LiveWindowBuffer(1, 2, 3);
		const big = rows(0, 10, 1);
		buffer.push(big.t, big.columns, [0]);
		const take = buffer.take()!;
		expect(take.skipped).toBe(7);
		expect([...take.t]).toEqual([5, 6, 7, 8, 9]);
		expect(take.from).toBe(2);
	});

	it('refuses a mapping of the wrong width (a bug, not an input)', () => {
		const buffer = new LiveWindowBuffer(2, 1, 4);
		const a = rows(0, 2);
		expect(() => buffer.push(a.t, a.columns, [0])).toThrow('expected 2 mapped channels, got 1');
	});
});

describe('ScoreRing.eventAttribution', () => {
	it('sums each channel’s error over the event’s windows above the threshold', () => {
		const ring = new ScoreRing(2, 10);
		// t 10..13: below, above (2 × [1, 0]), above (6 × [0.25, 0.75]), below.
		ring.addRows(
			Float64Array.of(10, 11, 12, 13),
			Float32Array.of(0.5, 2, 6, 0.5),
			Float32Array.of(0.5, 0.5, 1, 0, 0.25, 0.75, 0, 1)
		);
		const event = ring.eventAttribution(10, 13, 1)!;
		expect(event.windows).toBe(2);
		// channel 0: 2 + 1.5 = 3.5, channel 1: 4.5 of 8.
		expect(Array.from(event.attribution)).toEqual([3.5 / 8, 4.5 / 8].map(Math.fround));
		expect(ring.eventAttribution(13, 20, 1)).toBeUndefined();
	});

	it('weighs a rule-flagged window (Infinity) like the event’s largest finite score', () => {
		const ring = new ScoreRing(2, 10);
		ring.addRows(Float64Array.of(1, 2), Float32Array.of(3, Infinity), Float32Array.of(1, 0, 0, 1));
		// Threshold 1: weight of the Infinity window = max(2 × 1, 3) = 3, so the shares are even.
		expect(Array.from(ring.eventAttribution(0, 5, 1)!.attribution)).toEqual([0.5, 0.5]);
		// Threshold 2: weight max(4, 3) = 4.
		expect(Array.from(ring.eventAttribution(0, 5, 2)!.attribution)).toEqual(
			[3 / 7, 4 / 7].map(Math.fround)
		);
	});
});

describe('ScoreRing', () => {
	it('keeps the newest scored rows with their attribution, skipping rows without a window', () => {
		const ring = new ScoreRing(2, 3);
		const first = ring.addRows(
			Float64Array.of(10, 11, 12),
			Float32Array.of(NaN, 1, 5),
			Float32Array.of(NaN, NaN, 0.5, 0.5, 0.9, 0.1)
		);
		expect(first.latest).toEqual({ tMs: 12, score: 5, attribution: Float32Array.of(0.9, 0.1) });
		expect(first.lastAbove(2)?.tMs).toBe(12);
		expect(first.lastAbove(9)).toBeUndefined();
		ring.addRows(Float64Array.of(13, 14), Float32Array.of(2, 3), Float32Array.of(0, 1, 1, 0));
		const { t, score } = ring.series();
		// Capacity 3: row 11 fell out.
		expect([...t]).toEqual([12, 13, 14]);
		expect([...score]).toEqual([5, 2, 3]);
		expect(ring.peak(13, 14)).toEqual({ tMs: 14, score: 3, attribution: Float32Array.of(1, 0) });
		expect(ring.peak(12, 14)?.attribution).toEqual(Float32Array.of(0.9, 0.1));
		expect(ring.peak(20, 30)).toBeUndefined();
	});

	it('answers range queries like a plain list of the newest rows, however often it wraps', () => {
		const capacity = 7;
		const ring = new ScoreRing(2, capacity);
		const all: { t: number; score: number; a: [number, number] }[] = [];
		let t = 0;
		let seed = 5;
		const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
		for (let call = 0; call < 40; call++) {
			const rows = 1 + Math.floor(random() * 5);
			const times = Float64Array.from({ length: rows }, () => (t += 1));
			const scores = Float32Array.from({ length: rows }, () => Math.fround(random() * 4));
			const shares = Float32Array.from({ length: rows * 2 }, (_, k) =>
				Math.fround(k % 2 === 0 ? random() : 0)
			);
			for (let i = 0; i < rows; i++) shares[2 * i + 1] = Math.fround(1 - shares[2 * i]!);
			ring.addRows(times, scores, shares);
			for (let i = 0; i < rows; i++)
				all.push({ t: times[i]!, score: scores[i]!, a: [shares[2 * i]!, shares[2 * i + 1]!] });
			const kept = all.slice(-capacity);
			expect([...ring.series().t]).toEqual(kept.map((r) => r.t));
			const from = kept[0]!.t + Math.floor(random() * 3);
			const to = from + Math.floor(random() * 5);
			const inRange = kept.filter((r) => r.t >= from && r.t <= to);
			const best = inRange.reduce<(typeof inRange)[number] | undefined>(
				(b, r) => (b === undefined || r.score > b.score ? r : b),
				undefined
			);
			expect(ring.peak(from, to)?.tMs).toBe(best?.t);
			const above = inRange.filter((r) => r.score > 1);
			const event = ring.eventAttribution(from, to, 1);
			expect(event?.windows).toBe(above.length || undefined);
			if (event) {
				const sum0 = above.reduce((s, r) => s + r.score * r.a[0], 0);
				const sum1 = above.reduce((s, r) => s + r.score * r.a[1], 0);
				expect(event.attribution[0]).toBeCloseTo(sum0 / (sum0 + sum1), 5);
			}
		}
	});

	it('keeps only the newest rows of one call larger than it holds', () => {
		const ring = new ScoreRing(1, 2);
		ring.addRows(
			Float64Array.of(1, 2, 3, 4),
			Float32Array.of(1, 2, 3, 4),
			Float32Array.of(1, 1, 1, 1)
		);
		expect([...ring.series().t]).toEqual([3, 4]);
	});
});

describe('LatencyWindow', () => {
	it('gives the median and 99th percentile of the last minute only', () => {
		const window = new LatencyWindow(60_000);
		expect(window.percentiles()).toBeUndefined();
		window.add(0, 1_000);
		for (let i = 1; i <= 100; i++) window.add(50_000 + i, i);
		// 101 values, 1…100 and 1,000: the median is the 51st.
		expect(window.percentiles()).toEqual({ p50Ms: 51, p99Ms: 100 });
		// 61 s later the 1,000 ms entry is over a minute old and gone.
		window.add(61_000, 1);
		expect(window.percentiles()).toEqual({ p50Ms: 50, p99Ms: 99 });
		window.add(200_000, 7);
		expect(window.percentiles()).toEqual({ p50Ms: 7, p99Ms: 7 });
	});
});
