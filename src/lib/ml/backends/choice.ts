import type { BackendName, BackendProbe } from './probe';

/** What a backend is chosen for: training and scoring are timed and chosen separately. */
export type BackendTask = 'train' | 'score';

export interface BackendChoice {
	task: BackendTask;
	/** Identifies the model shape the timing is valid for (architecture, window, channels, batch …). */
	shapeKey: string;
	backend: BackendName;
	/** Why: measured (ms per batch per backend), the user's override, or the only one working. */
	reason: 'measured' | 'override' | 'only-available';
	msPerBatch: Partial<Record<BackendName, number>>;
	/** Backends not considered, with the reason (from the probe). */
	skipped: { backend: BackendName; reason: string }[];
	measuredAt: number;
	/**
	 * Threads the fused LSTM's WASM kernels run on (wasm only; kernels/wasm/lstm-wasm-threads.ts),
	 * added when the choice is reported, not cached: it depends on the page, not the device.
	 */
	lstmThreads?: 1 | 2;
}

/** Where choices persist per device (the database in the app; a Map in tests and Node). */
export interface BackendChoiceCache {
	get(task: BackendTask, shapeKey: string): Promise<BackendChoice | undefined>;
	set(choice: BackendChoice): Promise<void>;
}

export interface ChooseOptions {
	task: BackendTask;
	shapeKey: string;
	probes: readonly BackendProbe[];
	/**
	 * Times a few batches of the real work on `backend` (after a warm-up batch: shader compilation
	 * must not decide) and returns milliseconds per batch. Called only for working backends.
	 */
	timeBatch: (backend: BackendName) => Promise<number>;
	cache?: BackendChoiceCache;
	/** The user's choice; used when that backend works. */
	override?: BackendName;
	nowMs?: () => number;
}

/** Backends that run on the CPU itself: with one of them working, GPU emulation is not timed. */
const CPU_BACKENDS: readonly BackendName[] = ['wasm', 'cpu'];

/**
 * Chooses the backend for a task and model shape by measurement, once per device and shape:
 * a cached choice is reused; an override that works wins (software GPU emulation included);
 * otherwise every working backend is timed and the fastest is kept. WebGPU and WebGL on GPU
 * emulation in software (`probe.software`) are not timed while wasm or cpu works: timing them
 * made a fresh device wait 25–31 s before its first score here (SwiftShader, 2 cores), and their
 * batches ran 30–75 times slower than wasm's. They are timed only when no CPU backend works or
 * every CPU backend failed its timing. The result records why, and why the others were skipped.
 */
export async function chooseBackend(options: ChooseOptions): Promise<BackendChoice> {
	const { task, shapeKey, probes, timeBatch, cache, override, nowMs = Date.now } = options;
	const working = probes.filter((p) => p.ok).map((p) => p.backend);
	const skipped = probes.flatMap((p) => (p.ok ? [] : [{ backend: p.backend, reason: p.reason }]));
	if (working.length === 0) throw new Error('no tfjs backend works on this device');
	const base = { task, shapeKey, skipped, measuredAt: nowMs() };
	if (override && working.includes(override)) {
		return { ...base, backend: override, reason: 'override', msPerBatch: {} };
	}
	const cached = await cache?.get(task, shapeKey);
	if (cached && working.includes(cached.backend)) return cached;
	const { first, later } = timingOrder(probes);
	if (first.length === 1 && later.length === 0) {
		const choice: BackendChoice = {
			...base,
			backend: first[0]!,
			reason: 'only-available',
			msPerBatch: {}
		};
		await cache?.set(choice);
		return choice;
	}
	const msPerBatch: Partial<Record<BackendName, number>> = {};
	const timeEach = async (backends: readonly BackendName[]) => {
		for (const backend of backends) {
			try {
				msPerBatch[backend] = await timeBatch(backend);
			} catch (error) {
				skipped.push({ backend, reason: `failed while timed: ${(error as Error).message}` });
			}
		}
	};
	await timeEach(first);
	if (Object.keys(msPerBatch).length === 0) {
		// Every CPU backend failed its timing: GPU emulation is slow, but better than nothing.
		await timeEach(later.map((entry) => entry.backend));
	} else {
		skipped.push(...later);
	}
	const timed = Object.entries(msPerBatch) as [BackendName, number][];
	if (timed.length === 0) throw new Error('every working tfjs backend failed while being timed');
	const [fastest] = timed.reduce((best, entry) => (entry[1] < best[1] ? entry : best));
	const choice: BackendChoice = { ...base, backend: fastest, reason: 'measured', msPerBatch };
	await cache?.set(choice);
	return choice;
}

/**
 * The working backends in the order they are timed: `first` (real GPUs and CPU backends), and
 * `later`, GPU emulation in software, timed only if nothing in `first` can be. Without a working
 * CPU backend, emulation is all there is and goes first too.
 */
function timingOrder(probes: readonly BackendProbe[]): {
	first: BackendName[];
	later: { backend: BackendName; reason: string }[];
} {
	const working = probes.filter((p) => p.ok);
	const wasmWorks = working.some((p) => p.backend === 'wasm');
	if (!working.some((p) => CPU_BACKENDS.includes(p.backend))) {
		return { first: working.map((p) => p.backend), later: [] };
	}
	const first: BackendName[] = [];
	const later: { backend: BackendName; reason: string }[] = [];
	for (const probe of working) {
		if (!probe.software) first.push(probe.backend);
		else
			later.push({
				backend: probe.backend,
				reason: `software GPU emulation (${probe.software.renderer}): ${
					wasmWorks
						? 'slower than WebAssembly here'
						: 'not timed while the cpu backend works (its warm-up alone takes seconds)'
				}`
			});
	}
	return { first, later };
}

/** A cache in memory (Node runner, tests). */
export function memoryChoiceCache(): BackendChoiceCache {
	const entries = new Map<string, BackendChoice>();
	return {
		get: async (task, shapeKey) => entries.get(`${task}|${shapeKey}`),
		set: async (choice) => void entries.set(`${choice.task}|${choice.shapeKey}`, choice)
	};
}
