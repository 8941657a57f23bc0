import { describe, expect, it } from 'vitest';
import { skabPointLabels, streamingPointLabels, windowVerdicts } from './labelling';

describe('window verdicts', () => {
	it('marks windows strictly above the threshold; NaN is not anomalous', () => {
		expect(Array.from(windowVerdicts([0.5, 1, 1.5, NaN], 1))).toEqual([0, 0, 1, 0]);
	});
});

describe('streaming point labels', () => {
	it('labels each sample with the window that ends on it', () => {
		// window length 3, 6 rows → windows 0..3 end on rows 2..5
		const labels = streamingPointLabels(Uint8Array.from([0, 1, 0, 1]), 3, 6);
		expect(Array.from(labels)).toEqual([0, 0, 0, 1, 0, 1]);
	});
});

describe('SKAB notebook point labels', () => {
	it('needs the N − 1 windows before a sample all anomalous, within the notebook range', () => {
		// N = 3, 10 windows (12 rows). Samples i = 2 … 7 are considered (range(N−1, len − N + 1)).
		// Sample i is anomalous when windows i−2 and i−1 are anomalous.
		const windows = Uint8Array.from([0, 1, 1, 1, 0, 1, 1, 1, 1, 1]);
		const labels = skabPointLabels(windows, 3, 12);
		// i=2: w0,w1 → no; i=3: w1,w2 → yes; i=4: w2,w3 → yes; i=5: w3,w4 → no; i=6: w4,w5 → no;
		// i=7: w5,w6 → yes; i ≥ 8 is outside the notebook's range even though windows are anomalous.
		expect(Array.from(labels)).toEqual([0, 0, 0, 1, 1, 0, 0, 1, 0, 0, 0, 0]);
	});
});
