import type uPlot from 'uplot';
import { channelChartOptions, drawBands, type ChartBand } from '../chart/chart-options';

/** Score line and threshold colours per theme (the threshold in the anomaly band's hue). */
const LANE_COLOURS = {
	light: { score: '#1b1b1b', threshold: '#d55e00' },
	dark: { score: '#e0e0e0', threshold: '#f0a35e' }
} as const;

export interface ScoreLaneSpec {
	/** Visible span of the x axis (ms), the live charts' window. */
	windowMs: number;
	threshold: number;
	dark: boolean;
	/** The live charts' cursor sync key. */
	syncKey?: string;
}

/**
 * Runs of consecutive windows scoring above `threshold`, as anomaly bands from the first such
 * window's end time to the last one's (epoch ms). NaN scores end a run.
 */
export function anomalousSpans(
	t: ArrayLike<number>,
	score: ArrayLike<number | null | undefined>,
	threshold: number
): ChartBand[] {
	const spans: ChartBand[] = [];
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

/**
 * uPlot options for the score lane under the live charts: the score, the threshold as a dashed
 * line, and spans above the threshold shaded. The x range spans `windowMs` and ends at the
 * newest score, like the live charts' does at the newest sample. Spans are computed from the
 * chart's own data at each draw, so new scores never rebuild the chart.
 */
export function scoreLaneOptions(spec: ScoreLaneSpec): Omit<uPlot.Options, 'width' | 'height'> {
	const colours = LANE_COLOURS[spec.dark ? 'dark' : 'light'];
	const base = channelChartOptions({
		name: 'Score',
		unit: '',
		colour: colours.score,
		windowMs: spec.windowMs,
		dark: spec.dark,
		syncKey: spec.syncKey
	});
	return {
		...base,
		// The threshold stays in view even while every score is far below it.
		scales: {
			...base.scales,
			y: { range: (_u, min, max) => [0, Math.max(max, spec.threshold * 1.2, min)] }
		},
		series: [
			{},
			base.series[1]!,
			{
				label: 'Threshold',
				stroke: colours.threshold,
				width: 1,
				dash: [6, 4],
				points: { show: false }
			}
		],
		hooks: {
			drawClear: [
				(u) => {
					const [t, score] = u.data;
					drawBands(u, anomalousSpans(t, score ?? [], spec.threshold), spec.dark);
				}
			]
		}
	};
}

/** The lane's data: times, scores and the threshold repeated (uPlot draws it as a line). */
export function toScoreLaneData(
	series: { t: Float64Array; score: Float32Array },
	threshold: number
): uPlot.AlignedData {
	return [series.t, series.score, new Float64Array(series.t.length).fill(threshold)];
}
