/**
 * A worker thread of the SKAB runner: fits and scores one file at a time with its own tfjs
 * (wasm), so the runner uses every core. Messages: a job in, a result or a failure out.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Frame } from '../src/lib/core/frame';
import { runSkabFile } from '../src/lib/ml/detector/skab-file';
import type { PresetName } from '../src/lib/ml/presets';
import { prepareNodeBackend } from './node-backend';

export interface SkabJob {
	id: number;
	frame: Frame;
	presetName: PresetName;
	seed: number;
	trainRows: number;
	overrides: Record<string, unknown>;
}

await prepareNodeBackend((workerData as { backend: string }).backend);
parentPort!.on('message', async (job: SkabJob) => {
	try {
		const result = await runSkabFile(job.frame, job);
		const transfer = [result.score.buffer, result.prediction.buffer] as ArrayBuffer[];
		parentPort!.postMessage({ id: job.id, ok: true, result }, transfer);
	} catch (error) {
		parentPort!.postMessage({
			id: job.id,
			ok: false,
			reason: error instanceof Error ? error.message : String(error)
		});
	}
});
