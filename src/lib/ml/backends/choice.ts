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

/**
 * Chooses the backend for a task and model shape by measurement, once per device and shape:
 * a cached choice is reused; an override that works wins; otherwise every working backend is
 * timed and the fastest is kept. The result records why, and why the others were skipped.
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
	if (working.length === 1) {
		const choice: BackendChoice = {
			...base,
			backend: working[0]!,
			reason: 'only-available',
			msPerBatch: {}
		};
		await cache?.set(choice);
		return choice;
	}
	const msPerBatch: Partial<Record<BackendName, number>> = {};
	for (const backend of working) {
		try {
			msPerBatch[backend] = await timeBatch(backend);
		} catch (error) {
			skipped.push({ backend, reason: `failed while timed: ${(error as Error).message}` });
		}
	}
	const timed = Object.entries(msPerBatch) as [BackendName, number][];
	if (timed.length === 0) throw new Error('every working tfjs backend failed while being timed');
	const [fastest] = timed.reduce((best, entry) => (entry[1] < best[1] ? entry : best));
	const choice: BackendChoice = { ...base, backend: fastest, reason: 'measured', msPerBatch };
	await cache?.set(choice);
	return choice;
}

/** A cache in memory (Node runner, tests). */
export function memoryChoiceCache(): BackendChoiceCache {
	const entries = new Map<string, BackendChoice>();
	return {
		get: async (task, shapeKey) => entries.get(`${task}|${shapeKey}`),
		set: async (choice) => void entries.set(`${choice.task}|${choice.shapeKey}`, choice)
	};
}
