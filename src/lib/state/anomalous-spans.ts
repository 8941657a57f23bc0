/** An anomalous span of live scores: first and last window end above the threshold (epoch ms). */
export interface AnomalySpan {
	startMs: number;
	endMs: number;
	kind: 'anomaly';
}

/**
 * Runs of consecutive windows scoring above `threshold`, as anomaly spans from the first such
 * window's end time to the last one's (epoch ms). NaN scores end a run; `+Infinity` (values
 * missing or stuck) is above any threshold. Live detection computes them once per publication
 * (`LiveDetection.spans`) for the charts, the score lane and the event panel.
 */
export function anomalousSpans(
	t: ArrayLike<number>,
	score: ArrayLike<number | null | undefined>,
	threshold: number
): AnomalySpan[] {
	const spans: AnomalySpan[] = [];
	let start = -1;
	for (let i = 0; i <= t.length; i++) {
		const value = i < t.length ? score[i] : null;
		const above = value !== null && value !== undefined && value > threshold;
		if (above && start < 0) start = i;
		if (!above && start >= 0) {
			spans.push({ startMs: t[start]!, endMs: t[i - 1]!, kind: 'anomaly' });
			start = -1;
		}
	}
	return spans;
}
