import { describe, expect, it } from 'vitest';
import { ANOMALY_KINDS, type AnomalyKind } from './anomalies';
import { PumpSimulator, type SimulatorConfig } from './simulator';

const CONFIG: SimulatorConfig = {
	seed: 42,
	sampleRateHz: 100,
	channelCount: 5,
	startMs: 1_700_000_000_000
};

function pearson(a: ArrayLike<number>, b: ArrayLike<number>): number {
	const n = a.length;
	let ma = 0;
	let mb = 0;
	for (let i = 0; i < n; i++) {
		ma += a[i]! / n;
		mb += b[i]! / n;
	}
	let sab = 0;
	let saa = 0;
	let sbb = 0;
	for (let i = 0; i < n; i++) {
		sab += (a[i]! - ma) * (b[i]! - mb);
		saa += (a[i]! - ma) ** 2;
		sbb += (b[i]! - mb) ** 2;
	}
	return sab / Math.sqrt(saa * sbb);
}

describe('PumpSimulator determinism', () => {
	it('gives the same data for the same seed, however the stream is batched', () => {
		const whole = new PumpSimulator(CONFIG).generate(5_000);
		const pieces = new PumpSimulator(CONFIG);
		const parts = [1, 999, 2_000, 1_500, 500].map((n) => pieces.generate(n));
		const joined = parts.flatMap((p) => Array.from(p.frame.channels[3]!));
		expect(joined).toEqual(Array.from(whole.frame.channels[3]!));
		expect(parts.at(-1)!.firstIndex).toBe(4_500);
	});

	it('gives different data for another seed', () => {
		const a = new PumpSimulator(CONFIG).generate(100).frame.channels[0]!;
		const b = new PumpSimulator({ ...CONFIG, seed: 43 }).generate(100).frame.channels[0]!;
		expect(Array.from(a)).not.toEqual(Array.from(b));
	});

	it('stamps samples at index ÷ rate from the start', () => {
		const batch = new PumpSimulator({ ...CONFIG, sampleRateHz: 1000 }).generate(3);
		expect(Array.from(batch.frame.t)).toEqual([
			CONFIG.startMs,
			CONFIG.startMs + 1,
			CONFIG.startMs + 2
		]);
	});

	it('makes correlated channels (current and pressure follow the load)', () => {
		const { frame } = new PumpSimulator({ ...CONFIG, sampleRateHz: 10 }).generate(6_000);
		expect(pearson(frame.channels[1]!, frame.channels[2]!)).toBeGreaterThan(0.6);
		for (const column of frame.channels) expect(column.every(Number.isFinite)).toBe(true);
	});

	it('refuses rates and channel counts outside its range', () => {
		expect(() => new PumpSimulator({ ...CONFIG, sampleRateHz: 0.5 })).toThrow(
			/outside 1\.\.1000 Hz/
		);
		expect(() => new PumpSimulator({ ...CONFIG, sampleRateHz: 2000 })).toThrow(/outside/);
		expect(() => new PumpSimulator({ ...CONFIG, channelCount: 33 })).toThrow(/outside 1\.\.32/);
	});

	it('names channels beyond the eight pump sensors with a suffix', () => {
		const sim = new PumpSimulator({ ...CONFIG, channelCount: 10 });
		expect(sim.channels.map((c) => c.name).slice(7)).toEqual([
			'acoustic',
			'vibration_2',
			'current_2'
		]);
	});
});

describe('PumpSimulator anomaly ground truth', () => {
	/** Clean and anomalous runs of the same seed, with one anomaly injected at sample 1000. */
	function runWith(kind: AnomalyKind, channel = 2) {
		const clean = new PumpSimulator(CONFIG).generate(6_000);
		const sim = new PumpSimulator(CONFIG);
		const before = sim.generate(1_000);
		const injected = sim.inject({ kind, channel });
		expect(injected.ok).toBe(true);
		const after = sim.generate(5_000);
		return { clean, before, after, sim, event: injected.ok ? injected.event : undefined };
	}

	it.each(ANOMALY_KINDS)('%s changes exactly the samples and channel it labels', (kind) => {
		const { clean, before, after, event } = runWith(kind);
		expect(Array.from(before.anomalous).every((m) => m === 0)).toBe(true);
		let labelled = 0;
		for (let row = 0; row < 5_000; row++) {
			const index = 1_000 + row;
			const mask = after.anomalous[row]!;
			for (let c = 0; c < CONFIG.channelCount; c++) {
				const original = clean.frame.channels[c]![index]!;
				const actual = after.frame.channels[c]![row]!;
				const changed = !Object.is(original, actual);
				const isLabelled = (mask & (1 << c)) !== 0;
				if (isLabelled) labelled++;
				// Unlabelled samples are untouched; labelled ones carry the anomaly (a stuck value may
				// coincide with the truth only at its first sample, where it is captured).
				if (!isLabelled)
					expect(changed, `${kind} changed unlabelled ch ${c} row ${index}`).toBe(false);
				if (isLabelled && !(kind === 'stuck' && index === event!.startIndex)) {
					expect(changed, `${kind} left labelled row ${index} unchanged`).toBe(true);
				}
			}
		}
		expect(labelled).toBe(event!.endIndex - event!.startIndex);
		expect(event!.startIndex).toBe(1_000);
	});

	it('a dropout is NaN, a stuck value is constant, a spike lasts one sample', () => {
		const dropout = runWith('dropout').after;
		expect(Number.isNaN(dropout.frame.channels[2]![0]!)).toBe(true);
		expect(Number.isNaN(dropout.frame.channels[2]![299]!)).toBe(true);
		expect(Number.isNaN(dropout.frame.channels[2]![300]!)).toBe(false);

		const stuck = runWith('stuck').after.frame.channels[2]!;
		expect(new Set(stuck.subarray(0, 1_000)).size).toBe(1);

		const spike = runWith('spike');
		expect(spike.event!.endIndex - spike.event!.startIndex).toBe(1);
	});

	it('a correlation break turns the channel against its partner', () => {
		const { after, event } = runWith('correlation-break', 2);
		expect(event!.partner).toBe(1);
		const inside = (c: number) => after.frame.channels[c]!.subarray(0, 2_000);
		const outside = (c: number) => after.frame.channels[c]!.subarray(2_000, 5_000);
		expect(pearson(outside(1), outside(2))).toBeGreaterThan(0.3);
		expect(pearson(inside(1), inside(2))).toBeLessThan(-0.3);
	});

	it('records every event and refuses bad requests with the reason', () => {
		const sim = new PumpSimulator(CONFIG);
		sim.generate(10);
		expect(sim.inject({ kind: 'spike', channel: 9 })).toEqual({
			ok: false,
			reason: 'channel 9 is not one of 0..4'
		});
		expect(sim.inject({ kind: 'drift', channel: 0, startIndex: 3 })).toMatchObject({
			ok: false,
			reason: expect.stringMatching(/already generated/)
		});
		expect(sim.inject({ kind: 'drift', channel: 0, durationS: -1 })).toMatchObject({ ok: false });
		sim.inject({ kind: 'drift', channel: 0, durationS: 2 });
		sim.inject({ kind: 'spike', channel: 4, startIndex: 500 });
		expect(sim.events.map((e) => [e.kind, e.startIndex, e.endIndex])).toEqual([
			['drift', 10, 210],
			['spike', 500, 501]
		]);
	});
});
