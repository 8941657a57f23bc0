/**
 * The "same validation loss" check on real data: the `skab-lstm-ae` preset trained on
 * each SKAB dev file (rows 0–399, SKAB's protocol, read in place from ../shared/data/skab) with the
 * fused kernels and with tfjs's own LSTM, same seed. The two runs differ only in float summation
 * order, so their losses drift apart slowly; early stopping may end them at different epochs.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readCsvText } from '../../src/lib/core/csv';
import { fitDetector } from '../../src/lib/ml/detector/fit';
import { PRESETS } from '../../src/lib/ml/presets';
import { selectLstmPath, type LstmPath } from './measure';

const TRAIN_ROWS = 400;

export interface SkabRun {
	readonly bestValLoss: number;
	readonly bestEpoch: number;
	readonly epochs: number;
	readonly seconds: number;
}

export interface SkabComparison {
	readonly file: string;
	readonly reference: SkabRun;
	readonly fused: SkabRun;
	/** |fused − reference| / reference of the best validation loss. */
	readonly relativeDifference: number;
}

/** The CSV files under `dir` (recursively), sorted; empty when it does not exist. */
export function skabFiles(dir: string): string[] {
	if (!existsSync(dir)) return [];
	return readdirSync(dir, { recursive: true, encoding: 'utf8' })
		.filter((name) => name.endsWith('.csv'))
		.sort()
		.map((name) => join(dir, name));
}

async function fitOnce(file: string, backend: string, path: LstmPath): Promise<SkabRun> {
	selectLstmPath(backend, path);
	const table = readCsvText(readFileSync(file, 'utf8'));
	const started = performance.now();
	const fitted = await fitDetector(table.frame.channels, PRESETS['skab-lstm-ae'], {
		trainTo: TRAIN_ROWS
	});
	if (!fitted.ok) throw new Error(`${file}: ${fitted.reason}`);
	const { training } = fitted.detector;
	fitted.detector.model.dispose();
	return {
		bestValLoss: training.bestValLoss,
		bestEpoch: training.bestEpoch,
		epochs: training.history.loss.length,
		seconds: (performance.now() - started) / 1000
	};
}

/** Both paths on every file; leaves the fused path selected. */
export async function compareOnSkab(
	files: readonly string[],
	backend: string,
	log: (line: string) => void
): Promise<SkabComparison[]> {
	const results: SkabComparison[] = [];
	for (const file of files) {
		const reference = await fitOnce(file, backend, 'reference');
		const fused = await fitOnce(file, backend, 'fused');
		const relativeDifference =
			Math.abs(fused.bestValLoss - reference.bestValLoss) / reference.bestValLoss;
		results.push({ file, reference, fused, relativeDifference });
		log(
			`SKAB ${file}: best val MAE reference ${reference.bestValLoss.toFixed(4)} ` +
				`(epoch ${reference.bestEpoch + 1}/${reference.epochs}, ${reference.seconds.toFixed(1)} s), ` +
				`fused ${fused.bestValLoss.toFixed(4)} (epoch ${fused.bestEpoch + 1}/${fused.epochs}, ` +
				`${fused.seconds.toFixed(1)} s): ${(100 * relativeDifference).toFixed(2)} % apart`
		);
	}
	selectLstmPath(backend, 'fused');
	return results;
}
