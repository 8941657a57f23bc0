import { describe, expect, it } from 'vitest';
import {
	CHANGEPOINT_PROFILES,
	changepointRows,
	normalisedChangepointScore,
	predictedChangepoints,
	scoreChangepoints
} from './changepoint-score';

/** One sample per second from t = 0. */
const seconds = (n: number) => Float64Array.from({ length: n }, (_, i) => i * 1000);
const { standard, lowFp, lowFn } = CHANGEPOINT_PROFILES;

describe('changepoint score', () => {
	it('finds rising and falling edges, never at row 0', () => {
		expect(predictedChangepoints([1, 1, 0, 0, 1, 1, 0])).toEqual([2, 4, 6]);
		expect(changepointRows([0, 1, 0, 0, 1])).toEqual([1, 4]);
	});

	it('a detection exactly at the changepoint earns the full TP weight', () => {
		const predicted = new Uint8Array(200);
		predicted.fill(1, 50, 200); // rises at row 50
		const tally = scoreChangepoints(seconds(200), [50], predicted, standard);
		expect(tally).toEqual({ score: 1, windows: 1 });
	});

	it('a detection at the window end earns the FP weight; halfway earns the midpoint', () => {
		const late = new Uint8Array(200).fill(1, 110); // t = 110 s, window [50, 110] s
		expect(scoreChangepoints(seconds(200), [50], late, standard).score).toBeCloseTo(
			standard.fp,
			12
		);
		const half = new Uint8Array(200).fill(1, 80); // x = 0 → (tp + fp) / 2
		expect(scoreChangepoints(seconds(200), [50], half, standard).score).toBeCloseTo(
			(1 - 0.11) / 2,
			12
		);
	});

	it('counts misses and false alarms, and only the first detection in a window', () => {
		// True changepoints at 50 s and 150 s. Predicted edges at 10 s (false), 50 s (hit), 55 s (ignored).
		const predicted = new Uint8Array(200);
		predicted.fill(1, 10, 20); // edges at 10 and 20: both outside any window → 2 × fp
		predicted.fill(1, 50, 55); // edges at 50 (hit, +1) and 55 (inside same window: ignored)
		const tally = scoreChangepoints(seconds(200), [50, 150], predicted, lowFn);
		// 2 × (−0.11) + 1 + miss of the 150 s window (−2) = −1.22
		expect(tally.score).toBeCloseTo(-1.22, 12);
		expect(tally.windows).toBe(2);
	});

	it('normalises over all files: perfect = 100, nothing detected = 0', () => {
		const perfect = scoreChangepoints(seconds(100), [40], new Uint8Array(100).fill(1, 40), lowFp);
		const none = scoreChangepoints(seconds(100), [40], new Uint8Array(100), lowFp);
		expect(normalisedChangepointScore([perfect, perfect], lowFp)).toBeCloseTo(100, 12);
		expect(normalisedChangepointScore([none], lowFp)).toBeCloseTo(0, 12);
		expect(normalisedChangepointScore([perfect, none], lowFp)).toBeCloseTo(50, 12);
	});
});
