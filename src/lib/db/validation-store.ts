import type { ChannelLimits, ValidationSummary } from '../core/validation';
import { ValidationAccumulator } from '../core/validation-accumulator';
import { chunksInOrder, getDataset } from './datasets';
import type { VigilDb } from './db';
import type { DatasetValidation } from './schema';

/** Stores a dataset's validation (replacing the previous one). */
export async function saveValidation(
	db: VigilDb,
	datasetId: number,
	summary: ValidationSummary
): Promise<DatasetValidation> {
	const validation: DatasetValidation = { summary, validatedAt: Date.now() };
	await db.datasets.update(datasetId, { validation });
	return validation;
}

/** The per-channel limits a dataset was last validated against (by channel name). */
export function limitsOf(validation: DatasetValidation | null | undefined): ChannelLimits {
	const limits: ChannelLimits = {};
	for (const channel of validation?.summary.channels ?? []) {
		if (channel.limit) limits[channel.name] = channel.limit;
	}
	return limits;
}

export interface RevalidateOptions {
	/** Per-channel limits; by default the ones of the last validation. */
	limits?: ChannelLimits;
	gapFactor?: number;
	signal?: AbortSignal;
	/** Rows read so far, after each chunk. */
	onProgress?: (rows: number) => void;
}

/**
 * Validates a stored dataset again, reading it chunk by chunk, and stores the result. Returns
 * null when the dataset does not exist (any more) or when cancelled through `signal`.
 */
export async function revalidateDataset(
	db: VigilDb,
	datasetId: number,
	options: RevalidateOptions = {}
): Promise<DatasetValidation | null> {
	const dataset = await getDataset(db, datasetId);
	if (!dataset) return null;
	const accumulator = new ValidationAccumulator({
		channelNames: dataset.channels.map((c) => c.name),
		limits: options.limits ?? limitsOf(dataset.validation),
		gapFactor: options.gapFactor
	});
	let rows = 0;
	for await (const chunk of chunksInOrder(db, datasetId)) {
		if (options.signal?.aborted) return null;
		accumulator.push(chunk);
		rows += chunk.rows;
		options.onProgress?.(rows);
	}
	return saveValidation(db, datasetId, accumulator.summary());
}
