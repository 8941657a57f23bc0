import type uPlot from 'uplot';
import { seriesColour } from '../chart/chart-options';

/** One epoch of a training run, as stored (`epoch` counts from 0; losses are MAE, scaled units). */
export interface EpochLoss {
	epoch: number;
	loss: number;
	valLoss: number | null;
}

/**
 * The loss history to chart: the training run's (one entry per epoch), or, when the run is gone
 * or empty, the copy the engine keeps in `engineData.training.history` (`{ loss: number[],
 * valLoss: number[] }`, index = epoch from 0). Empty when neither is readable.
 */
export function lossHistoryOf(
	run: { lossHistory: readonly EpochLoss[] } | null,
	engineData: Record<string, unknown>
): readonly EpochLoss[] {
	if (run && run.lossHistory.length > 0) return run.lossHistory;
	const history = (engineData.training as { history?: unknown } | undefined)?.history as
		{ loss?: unknown; valLoss?: unknown } | undefined;
	const { loss, valLoss } = history ?? {};
	if (!Array.isArray(loss) || !loss.every((x) => typeof x === 'number')) return [];
	const validation = Array.isArray(valLoss) ? valLoss : [];
	return loss.map((value: number, epoch) => {
		const v = validation[epoch];
		return { epoch, loss: value, valLoss: typeof v === 'number' ? v : null };
	});
}

const AXIS = {
	light: { text: '#52616b', grid: 'rgba(16, 24, 27, 0.08)', best: 'rgba(21, 128, 61, 0.85)' },
	dark: { text: '#98a9b1', grid: 'rgba(227, 236, 239, 0.09)', best: 'rgba(74, 222, 128, 0.85)' }
} as const;

/**
 * The epoch (from 0) with the lowest finite validation loss, the one whose weights the engine
 * keeps; null when no epoch has one.
 */
export function bestEpoch(history: readonly EpochLoss[]): number | null {
	let best: EpochLoss | undefined;
	for (const entry of history) {
		if (entry.valLoss === null || !Number.isFinite(entry.valLoss)) continue;
		if (!best || entry.valLoss < best.valLoss!) best = entry;
	}
	return best ? best.epoch : null;
}

/**
 * uPlot data: x = epoch number from 1 (as people count epochs), then loss and validation loss.
 * Sorted by epoch; a missing or non-finite value is `null`, which uPlot draws as a gap.
 */
export function trainingHistoryData(history: readonly EpochLoss[]): uPlot.AlignedData {
	const sorted = [...history].sort((a, b) => a.epoch - b.epoch);
	const finite = (x: number | null) => (x !== null && Number.isFinite(x) ? x : null);
	return [
		Float64Array.from(sorted, (e) => e.epoch + 1),
		sorted.map((e) => finite(e.loss)),
		sorted.map((e) => finite(e.valLoss))
	];
}

/**
 * Options for the loss / validation-loss chart of a training run (size from UPlotChart). The
 * validation loss is dashed, so the two read apart without colour; `best` (epoch from 0) is
 * marked by a vertical line after the series are drawn.
 */
export function trainingHistoryOptions(spec: {
	dark: boolean;
	best: number | null;
}): Omit<uPlot.Options, 'width' | 'height'> {
	const colours = AXIS[spec.dark ? 'dark' : 'light'];
	const axis = {
		stroke: colours.text,
		grid: { stroke: colours.grid, width: 1 },
		ticks: { stroke: colours.grid, width: 1 },
		labelFont: '12px system-ui',
		labelSize: 18
	};
	const bestX = spec.best === null ? null : spec.best + 1;
	return {
		legend: { show: true, live: true },
		cursor: { drag: { x: false, y: false } },
		scales: { x: { time: false }, y: { auto: true } },
		axes: [
			{ ...axis, label: 'Epoch', size: 40, incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500] },
			{ ...axis, label: 'Loss (MAE, scaled units)', size: 60 }
		],
		series: [
			{ label: 'Epoch' },
			{
				label: 'Loss',
				stroke: seriesColour(0, spec.dark),
				width: 2,
				points: { show: false },
				spanGaps: false
			},
			{
				label: 'Validation loss',
				stroke: seriesColour(1, spec.dark),
				width: 2,
				dash: [6, 4],
				points: { show: false },
				spanGaps: false
			}
		],
		hooks: {
			draw:
				bestX === null
					? []
					: [
							(u) => {
								const x = u.valToPos(bestX, 'x', true);
								const { ctx, bbox } = u;
								if (x < bbox.left || x > bbox.left + bbox.width) return;
								ctx.save();
								ctx.fillStyle = colours.best;
								ctx.fillRect(x - 1, bbox.top, 2, bbox.height);
								ctx.restore();
							}
						]
		}
	};
}
