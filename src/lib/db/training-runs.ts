import type { VigilDb } from './db';
import { restoreTrainingRun } from './restore';
import type { TrainingRunRow, TrainingRunStatus } from './schema';

/** Records the start of a training run; returns its id. */
export async function startTrainingRun(
	db: VigilDb,
	run: { modelId: number; datasetId: number | null; backend: string }
): Promise<number> {
	return db.trainingRuns.add({
		...run,
		modelVersionId: null,
		status: 'running',
		lossHistory: [],
		error: null,
		startedAt: Date.now(),
		endedAt: null
	});
}

/** Appends one epoch's losses. */
export async function appendLoss(
	db: VigilDb,
	runId: number,
	entry: TrainingRunRow['lossHistory'][number]
): Promise<void> {
	await db.trainingRuns
		.where('id')
		.equals(runId)
		.modify((row) => {
			row.lossHistory.push(entry);
		});
}

/** Ends a run: `done` with the version it produced, or `failed`/`cancelled` with a reason. */
export async function endTrainingRun(
	db: VigilDb,
	runId: number,
	end: { status: Exclude<TrainingRunStatus, 'running'>; modelVersionId?: number; error?: string }
): Promise<void> {
	await db.trainingRuns.update(runId, {
		status: end.status,
		modelVersionId: end.modelVersionId ?? null,
		error: end.error ?? null,
		endedAt: Date.now()
	});
}

export async function getTrainingRun(db: VigilDb, runId: number): Promise<TrainingRunRow | null> {
	const row = await db.trainingRuns.get(runId);
	return row ? restoreTrainingRun(row) : null;
}
