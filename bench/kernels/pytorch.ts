/**
 * Runs `pytorch_lstm_ae.py` (Debian's python3-torch) beside the tfjs figures, so the ratio is
 * measured on one machine in one run. Skips with the reason when Python or torch is missing.
 */
import { spawnSync } from 'node:child_process';

export interface TorchTiming {
	readonly batch: number;
	readonly iterations: number;
	readonly windowsPerS: number;
	readonly medianMs: number;
}

export type TorchResult =
	| {
			readonly ok: true;
			readonly torch: string;
			readonly threads: number;
			readonly activation: string;
			/** The BLAS libraries torch loaded (reference BLAS: slow). */
			readonly blas: string[];
			readonly train: TorchTiming[];
			readonly score: TorchTiming[];
	  }
	| { readonly ok: false; readonly skipped: string };

const SCRIPT = 'bench/kernels/pytorch_lstm_ae.py';
const PYTHONS = ['python3', '/usr/bin/python3'];

export function runPyTorch(args: {
	window: number;
	channels: number;
	units: number;
	trainBatches: readonly number[];
	scoreBatches: readonly number[];
	seconds: number;
}): TorchResult {
	// Debian's python3-torch lives in the system Python; a pyenv `python3` first on PATH lacks it.
	const python = PYTHONS.find(
		(candidate) => spawnSync(candidate, ['-c', 'import torch'], { encoding: 'utf8' }).status === 0
	);
	if (!python) {
		return {
			ok: false,
			skipped: `neither ${PYTHONS.join(' nor ')} can import torch: apt-get install python3-torch`
		};
	}
	const run = spawnSync(
		python,
		[
			SCRIPT,
			'--window',
			String(args.window),
			'--channels',
			String(args.channels),
			'--units',
			String(args.units),
			'--train-batches',
			args.trainBatches.join(','),
			'--score-batches',
			args.scoreBatches.join(','),
			'--seconds',
			String(args.seconds)
		],
		{ encoding: 'utf8', maxBuffer: 2 ** 24 }
	);
	const last = run.stdout?.trim().split('\n').at(-1) ?? '';
	if (run.status !== 0 || !last.startsWith('{')) {
		return { ok: false, skipped: `${SCRIPT} failed: ${run.stderr?.trim().split('\n').at(-1)}` };
	}
	return { ok: true, ...(JSON.parse(last) as Omit<Extract<TorchResult, { ok: true }>, 'ok'>) };
}
