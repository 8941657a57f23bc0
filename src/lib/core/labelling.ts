/**
 * Turning window verdicts into per-sample (point) labels. Window `w` covers rows
 * `[w, w + windowLength)`; `anomalous[w]` is its verdict.
 */

/**
 * Streaming rule (the default): a sample is decided as soon as the window that ends on it
 * arrives, and takes that window's verdict. The first `windowLength − 1` samples have no window
 * ending on them and are labelled normal.
 */
export function streamingPointLabels(
	anomalous: Uint8Array,
	windowLength: number,
	rows: number
): Uint8Array {
	const labels = new Uint8Array(rows);
	for (let w = 0; w < anomalous.length; w++) {
		const row = w + windowLength - 1;
		if (row < rows) labels[row] = anomalous[w]!;
	}
	return labels;
}

/**
 * The rule of SKAB's LSTM-AE notebook, reproduced as published (including its quirks): sample
 * `i` is anomalous when windows `i − N + 1 … i − 1` are all anomalous (NumPy's slice
 * `[i − N + 1 : i]` excludes window `i`), and only samples `N − 1 … windows − N` are
 * considered; all others are normal. `N` is the window length.
 */
export function skabPointLabels(
	anomalous: Uint8Array,
	windowLength: number,
	rows: number
): Uint8Array {
	const labels = new Uint8Array(rows);
	const n = windowLength;
	for (let i = n - 1; i < anomalous.length - n + 1; i++) {
		let all = true;
		for (let w = i - n + 1; w < i && all; w++) all = anomalous[w] === 1;
		if (all && i < rows) labels[i] = 1;
	}
	return labels;
}

/** Window verdicts: `score > threshold` (a NaN score is not anomalous). */
export function windowVerdicts(scores: ArrayLike<number>, threshold: number): Uint8Array {
	return Uint8Array.from({ length: scores.length }, (_, w) => (scores[w]! > threshold ? 1 : 0));
}
