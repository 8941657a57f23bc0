/**
 * SKAB benchmark runner (Node, the same engine code as the app):
 *
 *   npm run bench:skab -- --data <dir> --out <dir> [--preset <name>] [--seeds 0,1,2] [--backend <name>]
 *
 * For every *.csv under <dir> (recursively) it runs SKAB's protocol (a fresh model per file,
 * scaler and training on rows 0–399, test rows 400 to the end) and writes, per seed and file,
 * <out>/seed-<n>/<relative path>.json with one score and one prediction per test row, then
 * <out>/summary.json with pooled metrics per seed, their mean and std, per-file figures, the
 * backend and wall times. A bad file is reported and skipped. Ends with one line of JSON.
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { readCsvText } from '../src/lib/core/csv';
import {
	evaluateRun,
	meanAndStd,
	SKAB_TRAIN_ROWS,
	type FileOutcome,
	type RunEvaluation
} from '../src/lib/core/skab-evaluation';
import { isPresetName, PRESETS, type PresetName } from '../src/lib/ml/presets';
import { exitCleanlyOnErrors, prepareNodeBackend } from './node-backend';
import type { SkabFileResult } from '../src/lib/ml/detector/skab-file';
import type { SkabJob } from './skab-file-worker';
import { WorkerPool } from './worker-pool';

type SkabReply = { id: number } & (
	{ ok: true; result: SkabFileResult } | { ok: false; reason: string }
);

exitCleanlyOnErrors();

const { values } = parseArgs({
	options: {
		data: { type: 'string' },
		out: { type: 'string' },
		preset: { type: 'string', default: 'default' },
		seeds: { type: 'string', default: '0,1,2' },
		backend: { type: 'string', default: 'wasm' },
		/** Files fitted at once, one per worker thread (default: every core, at most 2). */
		jobs: { type: 'string' },
		/** JSON merged over the preset, for experiments: --config '{"windowLength": 30}'. */
		config: { type: 'string', default: '{}' }
	}
});
if (!values.data || !values.out) {
	console.error(
		'usage: npm run bench:skab -- --data <dir> --out <dir> [--preset <name>] [--seeds 0,1,2] [--backend <name>]'
	);
	process.exit(2);
}
const preset = values.preset!;
if (!isPresetName(preset)) {
	console.error(`unknown preset "${preset}"; presets: ${Object.keys(PRESETS).join(', ')}`);
	process.exit(2);
}
const seeds = values.seeds!.split(',').map((s) => Number(s.trim()));
if (seeds.some((s) => !Number.isInteger(s) || s < 0)) {
	console.error(`--seeds must be non-negative integers separated by commas, got "${values.seeds}"`);
	process.exit(2);
}

let overrides: Record<string, unknown>;
try {
	overrides = JSON.parse(values.config!) as Record<string, unknown>;
} catch (error) {
	console.error(`--config is not valid JSON: ${(error as Error).message}`);
	process.exit(2);
}
const backend = await prepareNodeBackend(values.backend!);
const jobs = values.jobs ? Number(values.jobs) : WorkerPool.defaultSize();
if (!Number.isInteger(jobs) || jobs < 1) {
	console.error(`--jobs must be a positive integer, got "${values.jobs}"`);
	process.exit(2);
}
const pool = new WorkerPool<SkabJob, SkabReply>(
	new URL('./skab-file-worker.ts', import.meta.url),
	jobs,
	{ backend }
);
let nextJobId = 0;
const files = (await findCsv(values.data)).sort();
if (files.length === 0) console.warn(`no .csv files under ${values.data}`);
const started = performance.now();
const runs: { seed: number; evaluation: RunEvaluation; wallS: number }[] = [];
const skipped: { file: string; reason: string }[] = [];
const perFileTimes: {
	seed: number;
	file: string;
	trainS: number;
	scoreS: number;
	epochs: number;
}[] = [];

for (const seed of seeds) {
	const seedStarted = performance.now();
	// Files run in parallel (one per thread); outcomes keep the files' order.
	const results = await Promise.all(
		files.map((path) => runOne(path, relative(values.data!, path), seed, preset as PresetName))
	);
	const outcomes = results.filter((o): o is FileOutcome => o !== undefined);
	runs.push({
		seed,
		evaluation: evaluateRun(outcomes),
		wallS: (performance.now() - seedStarted) / 1000
	});
}

await pool.close();
const figures = ['f1', 'farPct', 'marPct'] as const;
const summary = {
	preset,
	overrides,
	backend,
	jobs,
	seeds,
	files: files.map((f) => relative(values.data!, f)),
	skipped,
	perSeed: runs.map(({ seed, evaluation, wallS }) => ({ seed, wallS, ...evaluation })),
	mean: Object.fromEntries([
		...figures.map((k) => [k, meanAndStd(runs.map((r) => r.evaluation[k]))]),
		...(['standard', 'lowFp', 'lowFn'] as const).map((k) => [
			`changepoint.${k}`,
			meanAndStd(runs.map((r) => r.evaluation.changepoint[k]))
		])
	]),
	perFileTimes,
	wallS: (performance.now() - started) / 1000
};
await mkdir(values.out, { recursive: true });
await writeFile(join(values.out, 'summary.json'), JSON.stringify(summary, null, '\t'));
console.log(
	JSON.stringify({
		bench: 'skab',
		preset,
		overrides,
		backend,
		jobs,
		seeds,
		files: files.length,
		skipped: skipped.length,
		f1: summary.mean['f1'],
		farPct: summary.mean['farPct'],
		marPct: summary.mean['marPct'],
		changepointStandard: summary.mean['changepoint.standard'],
		meanSecondsPerFile: summary.wallS / Math.max(1, files.length * seeds.length),
		wallS: summary.wallS
	})
);

async function runOne(
	path: string,
	file: string,
	seed: number,
	presetName: PresetName
): Promise<FileOutcome | undefined> {
	let table: ReturnType<typeof readCsvText>;
	try {
		table = readCsvText(await readFile(path, 'utf8'));
	} catch (error) {
		skipped.push({ file, reason: `cannot read: ${(error as Error).message}` });
		console.warn(`skipped ${file}: cannot read: ${(error as Error).message}`);
		return undefined;
	}
	const rows = table.frame.t.length;
	if (
		table.channelNames.length === 0 ||
		rows <= SKAB_TRAIN_ROWS + PRESETS[presetName].windowLength
	) {
		const reason =
			table.channelNames.length === 0
				? 'no numeric channels'
				: `only ${rows} rows (needs more than ${SKAB_TRAIN_ROWS} + a window)`;
		skipped.push({ file, reason });
		console.warn(`skipped ${file}: ${reason}`);
		return undefined;
	}
	const reply = await pool.run({
		id: nextJobId++,
		frame: table.frame,
		presetName,
		seed,
		trainRows: SKAB_TRAIN_ROWS,
		overrides
	});
	if (!reply.ok) {
		// A file that cannot be fitted is reported and skipped; the run goes on.
		skipped.push({ file, reason: reply.reason });
		console.warn(`skipped ${file} (seed ${seed}): ${reply.reason}`);
		return undefined;
	}
	const { result } = reply;
	const label = (name: string) => {
		const k = table.labelNames.findIndex((n) => n.toLowerCase() === name);
		return k < 0 ? undefined : table.labels[k]!.subarray(SKAB_TRAIN_ROWS);
	};
	const outPath = join(values.out!, `seed-${seed}`, file.replace(/\.csv$/i, '.json'));
	await mkdir(dirname(outPath), { recursive: true });
	await writeFile(
		outPath,
		JSON.stringify({
			file,
			seed,
			preset: presetName,
			trainRows: SKAB_TRAIN_ROWS,
			threshold: result.threshold,
			score: Array.from(result.score, (s) => (Number.isFinite(s) ? s : null)),
			prediction: Array.from(result.prediction)
		})
	);
	perFileTimes.push({
		seed,
		file,
		trainS: result.trainMs / 1000,
		scoreS: result.scoreMs / 1000,
		epochs: result.epochs
	});
	console.log(
		`seed ${seed} ${file}: ${rows - SKAB_TRAIN_ROWS} test rows, ${result.epochs} epochs, train ${(result.trainMs / 1000).toFixed(1)} s, score ${(result.scoreMs / 1000).toFixed(2)} s, ${result.prediction.reduce((a, b) => a + b, 0)} flagged`
	);
	return {
		file,
		timesMs: table.frame.t.subarray(SKAB_TRAIN_ROWS),
		anomaly: label('anomaly'),
		changepoint: label('changepoint'),
		prediction: result.prediction
	};
}

async function findCsv(dir: string): Promise<string[]> {
	const entries = await readdir(dir, { withFileTypes: true, recursive: true });
	return entries
		.filter((e) => e.isFile() && e.name.toLowerCase().endsWith('.csv'))
		.map((e) => join(e.parentPath, e.name));
}
