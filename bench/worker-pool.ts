import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

/** A fixed pool of worker threads running TypeScript through tsx; one job per thread at a time. */
export class WorkerPool<Job extends { id: number }, Reply extends { id: number }> {
	readonly #idle: Worker[] = [];
	readonly #all: Worker[] = [];
	readonly #waiting: (() => void)[] = [];
	readonly #pending = new Map<number, (reply: Reply) => void>();

	constructor(script: URL, size: number, workerData: unknown) {
		for (let i = 0; i < size; i++) {
			const worker = new Worker(new URL('./ts-worker.mjs', import.meta.url), {
				workerData: { ...(workerData as object), script: script.href }
			});
			worker.on('message', (reply: Reply) => {
				this.#pending.get(reply.id)?.(reply);
				this.#pending.delete(reply.id);
				this.#release(worker);
			});
			worker.on('error', (error) => {
				console.error(`a worker thread failed: ${error.message}`);
				process.exit(1);
			});
			this.#all.push(worker);
			this.#idle.push(worker);
		}
	}

	/** Threads to use by default: every core, but at most `cap`. */
	static defaultSize(cap = 2): number {
		return Math.max(1, Math.min(cap, availableParallelism()));
	}

	async run(job: Job, transfer: ArrayBuffer[] = []): Promise<Reply> {
		while (this.#idle.length === 0)
			await new Promise<void>((resolve) => this.#waiting.push(resolve));
		const worker = this.#idle.pop()!;
		return new Promise<Reply>((resolve) => {
			this.#pending.set(job.id, resolve);
			worker.postMessage(job, transfer);
		});
	}

	async close(): Promise<void> {
		await Promise.all(this.#all.map((worker) => worker.terminate()));
	}

	#release(worker: Worker): void {
		this.#idle.push(worker);
		this.#waiting.shift()?.();
	}
}
