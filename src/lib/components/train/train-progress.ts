/** Texts of the running training: what it is doing, how long is left, which backend and why. */
import type { TrainingPhase } from '$lib/state/training.svelte';

/** `75` → "1 min 15 s", `3725` → "1 h 2 min", under a second → "under a second". */
export function formatDuration(seconds: number): string {
	if (!Number.isFinite(seconds) || seconds < 1) return 'under a second';
	const s = Math.round(seconds);
	if (s < 60) return `${s} s`;
	if (s < 3600) return `${Math.floor(s / 60)} min${s % 60 ? ` ${s % 60} s` : ''}`;
	const minutes = Math.round((s % 3600) / 60);
	return `${Math.floor(s / 3600)} h${minutes ? ` ${minutes} min` : ''}`;
}

export interface PhaseFacts {
	phase: TrainingPhase;
	epochsDone: number;
	maxEpochs: number;
	batchesDone: number;
	batchesPerEpoch: number;
}

/** One line saying what the training does now; epochs and batches count from 1 for people. */
export function describePhase(facts: PhaseFacts): string {
	switch (facts.phase) {
		case 'reading':
			return 'Reading the chosen rows…';
		case 'backend':
			return 'Choosing the backend (each is timed once per device and model shape)…';
		case 'training': {
			const epoch = Math.min(facts.epochsDone + 1, facts.maxEpochs);
			// Between epochs (no batch of the next one done yet) the batch says nothing.
			const batch =
				facts.batchesDone > 0 ? `, batch ${facts.batchesDone} of ${facts.batchesPerEpoch}` : '';
			return `Epoch ${epoch} of at most ${facts.maxEpochs}${batch}`;
		}
		case 'calibrating':
			return 'Scoring the training windows and calibrating the threshold…';
		case 'saving':
			return 'Saving the model version…';
		default:
			return '';
	}
}

/** The backend's choice in words: "wasm, the fastest measured (wasm 12 ms, cpu 40 ms per batch)". */
export function describeBackend(choice: {
	backend: string;
	reason: 'measured' | 'override' | 'only-available';
	msPerBatch: Partial<Record<string, number>>;
	skipped?: readonly { backend: string; reason: string }[];
	lstmThreads?: 1 | 2;
}): string {
	const threads = choice.lstmThreads === 2 ? ', fused LSTM on 2 threads' : '';
	return describeChoice(choice) + threads;
}

function describeChoice(choice: Parameters<typeof describeBackend>[0]): string {
	if (choice.reason === 'override') return `${choice.backend}, as chosen`;
	if (choice.reason === 'only-available') return `${choice.backend}, the only one working here`;
	const timings = Object.entries(choice.msPerBatch)
		.map(([name, ms]) => `${name} ${Math.round(ms!)} ms`)
		.join(', ');
	// Why a GPU the user may know they have was not used (ml/backends/choice.ts skips emulation).
	const emulated = (choice.skipped ?? [])
		.filter(({ reason }) => reason.startsWith('software GPU emulation'))
		.map(({ backend }) => backend);
	const notTimed =
		emulated.length > 0
			? `; ${emulated.join(' and ')} not timed (only software GPU emulation here)`
			: '';
	return timings
		? `${choice.backend}, the fastest measured (${timings} per batch${notTimed})`
		: `${choice.backend}, measured earlier on this device`;
}
