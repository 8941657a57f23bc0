import { wrap, type Remote } from 'comlink';
import { kindError } from '../core/error-kinds';

export interface WorkerBridgeOptions {
	/** Creates the worker; called lazily on the first call and again after a stop. */
	create: () => Worker;
	/** The worker is terminated after this long without calls (frees tfjs memory, GPU). */
	idleMs: number;
	/** For messages: "the detector worker stopped …". */
	name: string;
}

/**
 * Owns one Web Worker for the UI (ARCHITECTURE.md, Workers): starts it lazily, runs calls one at
 * a time in order, terminates it when a call is aborted (the only way to stop tfjs mid-epoch) or
 * when idle, and rejects the running call with a `WorkerCrashed` error if it dies; the next call
 * starts a fresh worker, which reloads whatever state it needs from IndexedDB.
 */
export class WorkerBridge<Api> {
	readonly #options: WorkerBridgeOptions;
	#worker: Worker | undefined;
	#remote: Remote<Api> | undefined;
	#queue: Promise<unknown> = Promise.resolve();
	#idleTimer: ReturnType<typeof setTimeout> | undefined;
	/** Rejects the call in flight when the worker dies or is aborted. */
	#failCurrent: ((error: Error) => void) | undefined;

	constructor(options: WorkerBridgeOptions) {
		this.#options = options;
	}

	/** Whether a worker is running now. */
	get started(): boolean {
		return this.#worker !== undefined;
	}

	/**
	 * Queues `task` against the worker's API. An abort of `signal` rejects with an `AbortError`
	 * and terminates the worker if the task is running (or skips it if it is still queued).
	 */
	call<Result>(task: (api: Remote<Api>) => Promise<Result>, signal?: AbortSignal): Promise<Result> {
		const run = this.#queue.then(() => this.#run(task, signal));
		this.#queue = run.catch(() => undefined);
		return run;
	}

	/**
	 * Terminates the worker now and rejects the call in flight with an `AbortError` (a terminated
	 * worker never answers it, and every queued call waits on it); a queued or later call starts
	 * a fresh worker.
	 */
	stop(): void {
		clearTimeout(this.#idleTimer);
		this.#worker?.terminate();
		this.#worker = undefined;
		this.#remote = undefined;
		this.#failCurrent?.(kindError('AbortError', `${this.#options.name}: stopped`));
	}

	async #run<Result>(
		task: (api: Remote<Api>) => Promise<Result>,
		signal?: AbortSignal
	): Promise<Result> {
		if (signal?.aborted)
			throw kindError('AbortError', `${this.#options.name}: cancelled before it started`);
		clearTimeout(this.#idleTimer);
		const remote = this.#ensure();
		const failure = new Promise<never>((_, reject) => (this.#failCurrent = reject));
		const onAbort = () => {
			this.#failCurrent?.(kindError('AbortError', `${this.#options.name}: cancelled`));
			this.stop();
		};
		signal?.addEventListener('abort', onAbort, { once: true });
		try {
			return await Promise.race([task(remote), failure]);
		} finally {
			signal?.removeEventListener('abort', onAbort);
			this.#failCurrent = undefined;
			if (this.#worker) this.#idleTimer = setTimeout(() => this.stop(), this.#options.idleMs);
		}
	}

	#ensure(): Remote<Api> {
		if (this.#remote) return this.#remote;
		const worker = this.#options.create();
		const crashed = (detail: string) => {
			if (this.#worker !== worker) return;
			this.#failCurrent?.(
				kindError('WorkerCrashed', `${this.#options.name} stopped unexpectedly: ${detail}`)
			);
			this.stop();
		};
		worker.addEventListener('error', (event) => {
			event.preventDefault();
			crashed(event.message || 'uncaught error');
		});
		worker.addEventListener('messageerror', () => crashed('a message could not be read'));
		this.#worker = worker;
		this.#remote = wrap<Api>(worker);
		return this.#remote;
	}
}
