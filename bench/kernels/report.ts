/** The `kernels` section of docs/benchmarks.md, from bench/kernels.bench.ts's result. */
import type { LstmPath, Timing } from './measure';
import type { TorchResult } from './pytorch';
import type { SkabComparison } from './skab-compare';
import { writeBenchSection } from '../report.mjs';

interface Figures {
	readonly train: Timing[];
	readonly score: Timing[];
}

export interface KernelsResult {
	readonly measured: string;
	readonly loadAverage: { start: number; end: number };
	readonly node: string;
	readonly wasmVariant: string | null;
	readonly tfjs: string;
	readonly backends: Record<
		string,
		{
			ok: boolean;
			paths?: Record<LstmPath, Figures>;
			defaultPreset?: Record<LstmPath, Figures>;
			threads?:
				{ ok: true; paths: Figures; defaultPreset: Figures } | { ok: false; skipped: string };
		}
	>;
	readonly pytorch: TorchResult;
	readonly skab: SkabComparison[] | { skipped: string };
}

const n = (v: number | undefined, digits = 0) =>
	v === undefined ? 'n/a' : v.toLocaleString('en-US', { maximumFractionDigits: digits });

/** The better of the fused figures over the reference's, as "7.5×". */
function speedUp(reference: number | undefined, ...fused: (number | undefined)[]): string {
	const best = Math.max(0, ...fused.map((v) => v ?? 0));
	return reference && best ? `${(best / reference).toFixed(1)}×` : 'n/a';
}

export async function writeKernelsReport(result: KernelsResult): Promise<void> {
	const torch = result.pytorch.ok ? result.pytorch : undefined;
	const rows: string[] = [];
	for (const [backend, section] of Object.entries(result.backends)) {
		if (!section.paths) continue;
		const { reference, fused } = section.paths;
		const threaded = section.threads?.ok ? section.threads : undefined;
		const line = (what: string, pick: (f: Figures) => Timing | undefined, torchT?: number) => {
			const r = pick(reference)?.windowsPerS;
			const f = pick(fused)?.windowsPerS;
			const t = threaded ? pick(threaded.paths)?.windowsPerS : undefined;
			rows.push(
				`| ${backend} | ${what} | ${n(r)} | ${n(f)} | ${n(t)} | ${speedUp(r, f, t)} | ${torch ? n(torchT) : 'n/a'} |`
			);
		};
		for (const batch of [32, 256]) {
			line(
				`train, batch ${batch}`,
				(f) => f.train.find((t) => t.batch === batch),
				torch?.train.find((t) => t.batch === batch)?.windowsPerS
			);
		}
		for (const batch of [1, 64, 1024, 8192]) {
			line(
				`score, batch ${batch}`,
				(f) => f.score.find((t) => t.batch === batch),
				torch?.score.find((t) => t.batch === batch)?.windowsPerS
			);
		}
		const latency = (f: Figures) => f.score.find((t) => t.batch === 1)?.medianMs;
		rows.push(
			`| ${backend} | batch-1 latency (ms) | ${n(latency(reference), 2)} | ${n(latency(fused), 2)} | ${threaded ? n(latency(threaded.paths), 2) : 'n/a'} | | ${n(torch?.score.find((t) => t.batch === 1)?.medianMs, 2)} |`
		);
		const preset = section.defaultPreset;
		if (preset) {
			const two = threaded?.defaultPreset;
			const [rt, ft, tt] = [preset.reference, preset.fused, two].map(
				(f) => f?.train[0]?.windowsPerS
			);
			const [rs, fs, ts] = [preset.reference, preset.fused, two].map(
				(f) => f?.score[0]?.windowsPerS
			);
			rows.push(
				`| ${backend} | \`default\` preset: train, batch 32 | ${n(rt)} | ${n(ft)} | ${n(tt)} | ${speedUp(rt, ft, tt)} | |`
			);
			rows.push(
				`| ${backend} | \`default\` preset: score, batch 1,024 | ${n(rs)} | ${n(fs)} | ${n(ts)} | ${speedUp(rs, fs, ts)} | |`
			);
		}
	}
	const skab = Array.isArray(result.skab)
		? [
				'',
				'SKAB dev files, `skab-lstm-ae` trained on rows 0–399 (seed 0), best validation MAE:',
				'',
				'| file | reference (epochs) | fused (epochs) | apart | reference s | fused s |',
				'|---|---|---|---|---|---|',
				...result.skab.map(
					(s) =>
						`| ${s.file} | ${s.reference.bestValLoss.toFixed(4)} (${s.reference.epochs}) | ${s.fused.bestValLoss.toFixed(4)} (${s.fused.epochs}) | ${(100 * s.relativeDifference).toFixed(2)} % | ${s.reference.seconds.toFixed(1)} | ${s.fused.seconds.toFixed(1)} |`
				)
			]
		: ['', `SKAB comparison: ${result.skab.skipped}.`];
	await writeBenchSection(
		'kernels',
		'Fused LSTM kernels (skab-lstm-ae: LSTM 100 units relu, window 10, 8 channels)',
		[
			`Measured ${result.measured}, Node ${result.node}, tfjs ${result.tfjs}, 1-minute load average ${result.loadAverage.start.toFixed(1)} → ${result.loadAverage.end.toFixed(1)} (other sessions share the 2 cores). WASM binary: ${result.wasmVariant ?? 'n/a'}. Command: \`npm run bench:kernels\`. ` +
				'Windows per second; reference = tfjs’s own LSTM, fused = the fused kernels on one thread, 2 threads = the same with a helper worker thread taking half of every large forward (both inside the same model, with the fast RepeatVector and TimeDistributed layers of ml/fast-layers.ts); scoring applies the model to the whole batch, as score.ts does. Speed-up: the better fused column over the reference. ' +
				(torch
					? `PyTorch ${torch.torch} (${torch.threads} threads, tanh: nn.LSTM has no relu; BLAS: ${torch.blas.join(', ') || 'unknown'}) in the same run.`
					: `PyTorch: ${result.pytorch.ok ? '' : result.pytorch.skipped}.`),
			'',
			'| backend | figure | reference | fused | fused, 2 threads | speed-up | PyTorch |',
			'|---|---|---|---|---|---|---|',
			...rows,
			...skab
		]
	);
}
