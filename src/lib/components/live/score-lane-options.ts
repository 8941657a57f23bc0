import type uPlot from 'uplot';
import {
	bandColour,
	channelChartOptions,
	drawBands,
	seriesColour,
	type ChartBand
} from '../chart/chart-options';
import { clampMissingScores } from '../chart/score-values';
import { anomalousSpans } from '$lib/state/anomalous-spans';

/** Score line and threshold colours per theme (the threshold in the anomaly band's hue). */
const LANE_COLOURS = {
	light: { score: '#1b1b1b', threshold: '#d55e00', selected: '#a34400' },
	dark: { score: '#e0e0e0', threshold: '#f0a35e', selected: '#ffc98f' }
} as const;

/** Colour of the missing-values markers (the legend beside the lane uses it too). */
export function missingValuesColour(dark: boolean): string {
	return seriesColour(6, dark);
}

/** How near (CSS px) a click must land to a span to pick it: one-window spans are 1 px wide. */
const PICK_TOLERANCE_PX = 4;

/** A time range (epoch ms, both ends inclusive). */
export interface TimeSpan {
	startMs: number;
	endMs: number;
}

export interface ScoreLaneSpec {
	/** Visible span of the x axis (ms), the live charts' window. */
	windowMs: number;
	threshold: number;
	dark: boolean;
	/** The live charts' cursor sync key. */
	syncKey?: string;
	/** The selected span, drawn stronger; read at each draw, so a change needs only a redraw. */
	selected?: () => TimeSpan | undefined;
	/**
	 * Called on a click in the plot with the time under the pointer and how many ms
	 * `PICK_TOLERANCE_PX` spans there (for `spanIndexAt`).
	 */
	onpick?: (tMs: number, toleranceMs: number) => void;
}

/** Computed in state (once per publication: `LiveDetection.spans`); re-exported for the lane's draw hook. */
export { anomalousSpans } from '$lib/state/anomalous-spans';

/**
 * The span a click at `tMs` picks, as an index into `spans` (ascending, not overlapping): the one
 * containing `tMs`, else the nearest one within `toleranceMs`, else -1 (nothing picked).
 */
export function spanIndexAt(spans: readonly TimeSpan[], tMs: number, toleranceMs: number): number {
	let best = -1;
	let bestGapMs = Number.POSITIVE_INFINITY;
	for (let i = 0; i < spans.length; i++) {
		const { startMs, endMs } = spans[i]!;
		const gapMs = tMs < startMs ? startMs - tMs : tMs > endMs ? tMs - endMs : 0;
		if (gapMs === 0) return i;
		if (gapMs <= toleranceMs && gapMs < bestGapMs) {
			best = i;
			bestGapMs = gapMs;
		}
	}
	return best;
}

/** Draws the selected span over the plain anomaly bands: filled again and outlined. */
function drawSelectedSpan(u: uPlot, span: TimeSpan, dark: boolean): void {
	const { ctx, bbox } = u;
	const x0 = Math.max(bbox.left, u.valToPos(span.startMs, 'x', true));
	const x1 = Math.min(bbox.left + bbox.width, u.valToPos(span.endMs, 'x', true));
	if (x1 < bbox.left || x0 > bbox.left + bbox.width || x1 < x0) return;
	const pxRatio = globalThis.devicePixelRatio ?? 1;
	// At least 4 CSS px wide, centred, so a one-window span still shows it is the chosen one.
	const widthPx = Math.max(4 * pxRatio, x1 - x0);
	const left = (x0 + x1) / 2 - widthPx / 2;
	ctx.save();
	ctx.fillStyle = bandColour('anomaly', dark);
	ctx.fillRect(left, bbox.top, widthPx, bbox.height);
	ctx.strokeStyle = LANE_COLOURS[dark ? 'dark' : 'light'].selected;
	ctx.lineWidth = 2 * pxRatio;
	ctx.strokeRect(left, bbox.top + ctx.lineWidth / 2, widthPx, bbox.height - ctx.lineWidth);
	ctx.restore();
}

/**
 * uPlot options for the score lane under the live charts: the score, the threshold as a dashed
 * line, spans above the threshold shaded (the selected one stronger), and windows that could not
 * be scored (values missing) marked at the top. The x range spans `windowMs` and ends at the
 * newest score, like the live charts' does at the newest sample. Spans are computed from the
 * chart's own data at each draw, so new scores never rebuild the chart. Data: `toScoreLaneData`.
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
	const missingColour = missingValuesColour(spec.dark);
	/** The spans last drawn, for the pointer's hover feedback (one chart per options object). */
	let drawnSpans: ChartBand[] = [];
	const toleranceAt = (u: uPlot, leftPx: number, tMs: number) =>
		Math.abs(u.posToVal(leftPx + PICK_TOLERANCE_PX, 'x') - tMs);
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
			},
			{
				// Markers only: the score line already runs up to them.
				label: 'Missing or stuck values',
				stroke: missingColour,
				paths: () => null,
				points: { show: true, size: 7, width: 1, stroke: missingColour, fill: missingColour }
			}
		],
		hooks: {
			drawClear: [
				(u) => {
					const [t, score] = u.data;
					drawnSpans = anomalousSpans(t, score ?? [], spec.threshold);
					drawBands(u, drawnSpans, spec.dark);
					const selected = spec.selected?.();
					if (selected) drawSelectedSpan(u, selected, spec.dark);
				}
			],
			ready: spec.onpick
				? [
						(u) => {
							const onpick = spec.onpick!;
							u.over.addEventListener('click', (event) => {
								const leftPx = event.clientX - u.over.getBoundingClientRect().left;
								const tMs = u.posToVal(leftPx, 'x');
								onpick(tMs, toleranceAt(u, leftPx, tMs));
							});
						}
					]
				: [],
			// A pointer over a span says it can be clicked.
			setCursor: spec.onpick
				? [
						(u) => {
							const leftPx = u.cursor.left ?? -1;
							const tMs = u.posToVal(leftPx, 'x');
							const over =
								leftPx >= 0 && spanIndexAt(drawnSpans, tMs, toleranceAt(u, leftPx, tMs)) >= 0;
							u.over.style.cursor = over ? 'pointer' : '';
						}
					]
				: []
		}
	};
}

/**
 * The lane's data: times, scores (with `+Infinity` drawn at the top of the scores in the last
 * `windowMs`, see `clampMissingScores`), the threshold repeated (uPlot draws it as a line), and
 * the missing-values markers (null where none). Whole series when `windowMs` is not given.
 */
export function toScoreLaneData(
	series: { t: Float64Array; score: Float32Array },
	threshold: number,
	windowMs?: number
): uPlot.AlignedData {
	const { t } = series;
	let fromRow = 0;
	if (windowMs !== undefined && t.length > 0) {
		const startMs = t[t.length - 1]! - windowMs;
		while (fromRow < t.length && t[fromRow]! < startMs) fromRow++;
	}
	const clamped = clampMissingScores(series.score, threshold, fromRow);
	return [t, clamped.score, new Float64Array(t.length).fill(threshold), clamped.missing];
}
