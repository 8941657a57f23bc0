import type uPlot from 'uplot';
import { describe, expect, it } from 'vitest';
import { seriesColour } from '../chart/chart-options';
import {
	bestEpoch,
	lossHistoryOf,
	trainingHistoryData,
	trainingHistoryOptions
} from './training-history-options';

describe('training history chart', () => {
	it('puts epochs from 1 on x, gaps where a loss is missing, sorted by epoch', () => {
		const data = trainingHistoryData([
			{ epoch: 1, loss: 0.5, valLoss: NaN },
			{ epoch: 0, loss: 0.9, valLoss: null },
			{ epoch: 2, loss: 0.4, valLoss: 0.45 }
		]);
		expect(Array.from(data[0] as Float64Array)).toEqual([1, 2, 3]);
		expect(data[1]).toEqual([0.9, 0.5, 0.4]);
		expect(data[2]).toEqual([null, null, 0.45]);
	});

	it('takes the run’s history, else the copy in the engine data, else nothing', () => {
		const run = { lossHistory: [{ epoch: 0, loss: 0.5, valLoss: 0.6 }] };
		const engineData = { training: { history: { loss: [0.9, 0.4], valLoss: [1, 'x'] } } };
		expect(lossHistoryOf(run, engineData)).toBe(run.lossHistory);
		expect(lossHistoryOf({ lossHistory: [] }, engineData)).toEqual([
			{ epoch: 0, loss: 0.9, valLoss: 1 },
			{ epoch: 1, loss: 0.4, valLoss: null }
		]);
		expect(lossHistoryOf(null, { training: { history: { loss: ['a'] } } })).toEqual([]);
		expect(lossHistoryOf(null, {})).toEqual([]);
	});

	it('finds the epoch with the lowest validation loss, or none', () => {
		expect(
			bestEpoch([
				{ epoch: 0, loss: 1, valLoss: 0.3 },
				{ epoch: 1, loss: 1, valLoss: 0.2 },
				{ epoch: 2, loss: 1, valLoss: 0.25 }
			])
		).toBe(1);
		expect(bestEpoch([{ epoch: 0, loss: 1, valLoss: null }])).toBeNull();
	});

	it('draws loss solid and validation loss dashed, in theme colours, x not as time', () => {
		for (const dark of [false, true]) {
			const options = trainingHistoryOptions({ dark, best: null });
			expect(options.scales?.x?.time).toBe(false);
			expect(options.series.map((s) => s.label)).toEqual(['Epoch', 'Loss', 'Validation loss']);
			expect(options.series[1]).toMatchObject({ stroke: seriesColour(0, dark) });
			expect(options.series[1]!.dash).toBeUndefined();
			expect(options.series[2]).toMatchObject({ stroke: seriesColour(1, dark), dash: [6, 4] });
			expect(options.axes?.map((a) => a.label)).toEqual(['Epoch', 'Loss (MAE, scaled units)']);
			expect(options.hooks?.draw).toEqual([]);
		}
	});

	it('marks the best epoch with a line across the plot, and nothing outside it', () => {
		const options = trainingHistoryOptions({ dark: false, best: 4 });
		const rects: number[][] = [];
		const positions: number[] = [];
		const fake = {
			bbox: { left: 10, top: 5, width: 200, height: 100 },
			valToPos: (value: number) => {
				positions.push(value);
				return value * 20;
			},
			ctx: {
				save() {},
				restore() {},
				fillStyle: '',
				fillRect: (...args: number[]) => rects.push(args)
			}
		} as unknown as uPlot;
		const [draw] = options.hooks!.draw!;
		draw!(fake);
		// Epoch 4 from 0 is drawn at x = 5 (epochs from 1).
		expect(positions).toEqual([5]);
		expect(rects).toEqual([[99, 5, 2, 100]]);
		trainingHistoryOptions({ dark: false, best: 40 }).hooks!.draw![0]!(fake);
		expect(rects).toHaveLength(1);
	});
});
