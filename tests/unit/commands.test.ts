import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The command-line tools run as a user runs them (`npm run cli`, `npm run bench:skab` go through
 * tsx), on fixtures generated here. Training is cut to a few epochs with --config where possible.
 */
const run = promisify(execFile);
const TSX = join('node_modules', '.bin', 'tsx');
let dir: string;

beforeAll(async () => {
	dir = await mkdtemp(join(tmpdir(), 'vigil-commands-'));
});
afterAll(async () => {
	await rm(dir, { recursive: true, force: true });
});

/** A SKAB-format file: `;`, CRLF, datetime, two channels, labels from row `anomalyFrom`. */
function skabCsv(rows: number, anomalyFrom: number): string {
	const lines = ['datetime;Flow;Pressure;anomaly;changepoint'];
	for (let i = 0; i < rows; i++) {
		const time = new Date(Date.UTC(2020, 2, 9, 15, 0, i))
			.toISOString()
			.slice(0, 19)
			.replace('T', ' ');
		const anomalous = i >= anomalyFrom;
		const flow = 30 + Math.sin(i / 4) + (anomalous ? 6 : 0);
		lines.push(
			`${time};${flow.toFixed(4)};${(1 + 0.5 * Math.cos(i / 6)).toFixed(4)};${anomalous ? '1.0' : '0.0'};${i === anomalyFrom ? '1.0' : '0.0'}`
		);
	}
	return lines.join('\r\n') + '\r\n';
}

describe('npm run cli -- score', () => {
	it('scores a one-channel file without timestamps: one line per row after training, with attribution', async () => {
		const input = join(dir, 'one.csv');
		const rows = [
			'value',
			...Array.from({ length: 300 }, (_, i) =>
				(Math.sin(i / 5) + (i >= 250 && i < 260 ? 8 : 0)).toFixed(4)
			)
		];
		await writeFile(input, rows.join('\n'));
		const output = join(dir, 'one-out.csv');
		await run(TSX, [
			'scripts/cli.ts',
			'score',
			'--csv',
			input,
			'--train-rows',
			'200',
			'--out',
			output
		]);
		const lines = (await readFile(output, 'utf8')).trim().split('\n');
		expect(lines[0]).toBe('timestamp,score,threshold,anomaly,attribution_value');
		expect(lines).toHaveLength(101);
		const flagged = lines.slice(1).map((l) => l.split(',')[3]);
		expect(flagged.slice(50, 60)).toContain('1'); // rows 250–259 carry the spike
		expect(new Set(lines.slice(1).map((l) => l.split(',')[2])).size).toBe(1); // one threshold
	}, 120_000);

	it('ignores label columns and explains bad arguments', async () => {
		const input = join(dir, 'skab-like.csv');
		await writeFile(input, skabCsv(120, 100));
		const output = join(dir, 'skab-like-out.csv');
		await run(TSX, [
			'scripts/cli.ts',
			'score',
			'--csv',
			input,
			'--train-fraction',
			'0.5',
			'--out',
			output
		]);
		const header = (await readFile(output, 'utf8')).split('\n')[0];
		expect(header).toBe('timestamp,score,threshold,anomaly,attribution_Flow,attribution_Pressure');
		await expect(
			run(TSX, ['scripts/cli.ts', 'score', '--csv', input, '--train-rows', '5000', '--out', output])
		).rejects.toMatchObject({
			stderr: expect.stringContaining('training rows must be an integer between')
		});
	}, 120_000);
});

describe('npm run bench:skab', () => {
	it('writes one score and prediction per test row per file and seed, a summary, and skips a bad file', async () => {
		const data = join(dir, 'skab');
		await mkdir(join(data, 'valve'), { recursive: true });
		await writeFile(join(data, 'valve', '0.csv'), skabCsv(520, 470));
		await writeFile(join(data, 'broken.csv'), 'datetime;x\n2020-03-09 15:00:00;1\n');
		const out = join(dir, 'out');
		const { stdout } = await run(TSX, [
			'bench/skab-runner.ts',
			'--data',
			data,
			'--out',
			out,
			'--seeds',
			'0,1',
			'--config',
			'{"maxEpochs": 2}'
		]);
		const last = JSON.parse(stdout.trim().split('\n').at(-1)!);
		expect(last).toMatchObject({
			bench: 'skab',
			preset: 'default',
			files: 2,
			skipped: 2,
			seeds: [0, 1]
		}); // broken.csv, once per seed
		for (const seed of [0, 1]) {
			const file = JSON.parse(await readFile(join(out, `seed-${seed}`, 'valve', '0.json'), 'utf8'));
			expect(file).toMatchObject({
				file: join('valve', '0.csv'),
				seed,
				preset: 'default',
				trainRows: 400
			});
			expect(file.score).toHaveLength(120);
			expect(file.prediction).toHaveLength(120);
			expect(new Set(file.prediction)).toEqual(new Set([0, 1]));
		}
		const summary = JSON.parse(await readFile(join(out, 'summary.json'), 'utf8'));
		expect(summary.perSeed).toHaveLength(2);
		expect(summary.perSeed[0]).toHaveProperty('changepoint.standard');
		expect(summary.skipped[0]).toMatchObject({ file: 'broken.csv' });
		expect(summary.mean.f1.mean).toBeGreaterThan(0);
	}, 180_000);
});
