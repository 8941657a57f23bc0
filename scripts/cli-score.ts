/**
 * `npm run cli -- score`: trains a fresh model on the first rows of a CSV and writes one line per
 * row after them: `timestamp,score,threshold,anomaly` and one attribution column per channel (its
 * share of the error). Rows whose window is not complete yet have empty score and attribution.
 */
import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { prepareNodeBackend } from '../bench/node-backend';
import { startNodeLstmThreads } from './lstm-helper-node';
import { readCsvText } from '../src/lib/core/csv';
import { detectRows } from '../src/lib/ml/detector/detect';
import { fitDetector } from '../src/lib/ml/detector/fit';
import { isPresetName, PRESETS } from '../src/lib/ml/presets';
import { fail } from './cli-fail';

export const SCORE_USAGE =
	'npm run cli -- score --csv <file> [--train-rows N | --train-fraction F] [--preset <name>] [--seed N] [--backend wasm|cpu] --out <file.csv>';

export async function runScore(args: string[]): Promise<void> {
	const { values } = parseArgs({
		args,
		options: {
			csv: { type: 'string' },
			out: { type: 'string' },
			'train-rows': { type: 'string' },
			'train-fraction': { type: 'string' },
			preset: { type: 'string', default: 'default' },
			seed: { type: 'string', default: '0' },
			backend: { type: 'string', default: 'wasm' }
		}
	});
	if (!values.csv || !values.out) fail(`usage: ${SCORE_USAGE}`);
	const presetName = values.preset!;
	if (!isPresetName(presetName))
		fail(`unknown preset "${presetName}"; presets: ${Object.keys(PRESETS).join(', ')}`);
	const seed = Number(values.seed);
	if (!Number.isInteger(seed) || seed < 0)
		fail(`--seed must be a non-negative integer, got "${values.seed}"`);

	const table = readCsvText(await readFile(values.csv, 'utf8'));
	const rows = table.frame.t.length;
	if (table.channelNames.length === 0) fail(`${values.csv}: no numeric channels found`);
	for (const issue of table.report.issues.slice(0, 5))
		console.warn(`${values.csv}: line ${issue.line}: ${issue.message}`);

	const trainRows = values['train-rows']
		? Number(values['train-rows'])
		: Math.floor(rows * Number(values['train-fraction'] ?? 0.4));
	const config = { ...PRESETS[presetName], seed };
	if (!Number.isInteger(trainRows) || trainRows <= config.windowLength || trainRows >= rows) {
		fail(
			`training rows must be an integer between ${config.windowLength + 1} and ${rows - 1} (the file has ${rows} rows), got ${trainRows}`
		);
	}

	const backend = await prepareNodeBackend(values.backend!);
	// The fused LSTM's second thread (bitwise the same results, about 1.9× faster scoring).
	if (backend === 'wasm') await startNodeLstmThreads();
	console.error(
		`${values.csv}: ${rows} rows × ${table.channelNames.length} channels; training ${presetName} on rows 0–${trainRows - 1} (${backend})…`
	);
	const fitted = await fitDetector(table.frame.channels, config, {
		trainTo: trainRows,
		channelNames: table.channelNames,
		onEpoch: (p) =>
			console.error(
				`  epoch ${p.epoch + 1}: loss ${p.loss.toFixed(4)}, validation ${p.valLoss.toFixed(4)}`
			)
	});
	if (!fitted.ok) fail(`${values.csv}: cannot train: ${fitted.reason}`);
	const { detector } = fitted;
	for (const warning of detector.warnings) console.warn(`warning: ${warning}`);
	const detection = await detectRows(detector, table.frame.channels, {
		from: trainRows,
		to: rows,
		rule: 'streaming'
	});
	detector.model.dispose();

	const out = createWriteStream(values.out);
	const channelCount = table.channelNames.length;
	const quote = (name: string) => (/[",\n]/.test(name) ? `"${name.replaceAll('"', '""')}"` : name);
	out.write(
		[
			'timestamp',
			'score',
			'threshold',
			'anomaly',
			...table.channelNames.map((n) => quote(`attribution_${n}`))
		].join(',') + '\n'
	);
	let flagged = 0;
	for (let i = 0; i < rows - trainRows; i++) {
		const score = detection.score[i]!;
		const known = Number.isFinite(score);
		flagged += detection.prediction[i]!;
		const shares = Array.from(
			detection.attribution.subarray(i * channelCount, (i + 1) * channelCount),
			(v) => (known ? v.toFixed(4) : '')
		);
		out.write(
			[
				new Date(table.frame.t[trainRows + i]!).toISOString(),
				known ? score.toFixed(6) : '',
				detector.threshold.toFixed(6),
				detection.prediction[i],
				...shares
			].join(',') + '\n'
		);
	}
	await new Promise<void>((resolve, reject) =>
		out.end((error?: Error | null) => (error ? reject(error) : resolve()))
	);
	console.error(
		`wrote ${rows - trainRows} rows to ${values.out}: ${flagged} anomalous (threshold ${detector.threshold.toFixed(4)})`
	);
}
