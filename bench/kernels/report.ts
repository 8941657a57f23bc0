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
		}
	>;
	readonly pytorch: TorchResult;
	readonly skab: SkabComparison[] | { skipped: string };
}

const n = (v: number | undefined, digits = 0) =>
	v === undefined ? 'n/a' : v.toLocaleString('en-US', { maximumFractionDigits: digits });

export async function writeKernelsReport(result: KernelsResult): Promise<void> {
	const torch = result.pytorch.ok ? result.pytorch : undefined;
	const rows: string[] = [];
	for (const [backend, section] of Object.entries(result.backends)) {
		if (!section.paths) continue;
		const { reference, fused } = section.paths;
		const line = (what: string, pick: (f: Figures) => Timing | undefined, torchT?: number) => {
			const r = pick(reference)?.windowsPerS;
			const f = pick(fused)?.windowsPerS;
			const speedUp = r && f ? `${(f / r).toFixed(1)}×` : 'n/a';
			rows.push(
				`| ${backend} | ${what} | ${n(r)} | ${n(f)} | ${speedUp} | ${torch ? n(torchT) : 'n/a'} |`
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
			`| ${backend} | batch-1 latency (ms) | ${n(latency(reference), 2)} | ${n(latency(fused), 2)} | | ${n(torch?.score.find((t) => t.batch === 1)?.medianMs, 2)} |`
		);
		const preset = section.defaultPreset;
		if (preset) {
			const ratio = (r?: number, f?: number) => (r && f ? `${(f / r).toFixed(1)}×` : 'n/a');
			const [rt, ft] = [preset.reference.train[0]?.windowsPerS, preset.fused.train[0]?.windowsPerS];
			const [rs, fs] = [preset.reference.score[0]?.windowsPerS, preset.fused.score[0]?.windowsPerS];
			rows.push(
				`| ${backend} | \`default\` preset: train, batch 32 | ${n(rt)} | ${n(ft)} | ${ratio(rt, ft)} | |`
			);
			rows.push(
				`| ${backend} | \`default\` preset: score, batch 1,024 | ${n(rs)} | ${n(fs)} | ${ratio(rs, fs)} | |`
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
				'Windows per second; reference = tfjs’s own LSTM, fused = the fused kernels (both inside the same model, with the fast RepeatVector and TimeDistributed layers of ml/fast-layers.ts). ' +
				(torch
					? `PyTorch ${torch.torch} (${torch.threads} threads, tanh: nn.LSTM has no relu; BLAS: ${torch.blas.join(', ') || 'unknown'}) in the same run.`
					: `PyTorch: ${result.pytorch.ok ? '' : result.pytorch.skipped}.`),
			'',
			'| backend | figure | reference | fused | speed-up | PyTorch |',
			'|---|---|---|---|---|---|',
			...rows,
			...skab
		]
	);
}
