/**
 * Batch scoring of a stored dataset with a saved model version, as the detector worker runs it:
 * chunk by chunk (never the whole dataset's windows at once), the last `windowLength` rows carried
 * into the next block so windows (and first differences) cross chunk boundaries, spans merged on
 * the way, metrics when the dataset has labels, and one stored result at the end. A cancel
 * terminates the worker before the save, so a cancelled run stores nothing.
 */
import { kindError } from '../src/lib/core/error-kinds';
import { chunksInOrder, type VigilDb } from '../src/lib/db';
import { saveBatchScores, type BatchScoresRow } from '../src/lib/db/scores';
import type { ScoreRequest } from '../src/lib/ml/detector/engine';
import type { RowDetection } from '../src/lib/ml/detector/detect';
import { batchMetrics, pointLabelColumn, SpanMerger } from './batch-metrics';

/** Rows scored per engine call: enough for full forward batches, small enough to stay bounded. */
export const BLOCK_ROWS = 8192;

export interface ScoreDatasetRequest {
	datasetId: number;
	versionId: number;
	/** Rows per engine call (default `BLOCK_ROWS`; tests make it small to cross many blocks). */
	blockRows?: number;
}

export type ScoreDatasetEvent =
	| { kind: 'opening' }
	| { kind: 'progress'; rowsDone: number; rowsTotal: number }
	| { kind: 'saving' };

export interface ScoreDatasetEnvironment {
	db: VigilDb;
	/** Loads the version into the engine; its channel names in model order. */
	open: (versionId: number) => Promise<{ channelNames: string[] }>;
	score: (request: ScoreRequest) => Promise<RowDetection>;
	/** The backend the engine scores with (recorded with the result). */
	backend: () => string;
	onEvent: (event: ScoreDatasetEvent) => void;
}

/** Scores and stores; refusals reject with an `InvalidConfig` kind naming what is missing. */
export async function scoreDataset(
	request: ScoreDatasetRequest,
	env: ScoreDatasetEnvironment
): Promise<BatchScoresRow> {
	const { db, onEvent } = env;
	const dataset = await db.datasets.get(request.datasetId);
	if (!dataset) throw kindError('InvalidConfig', `dataset ${request.datasetId} is not stored`);
	const version = await db.modelVersions.get(request.versionId);
	if (!version)
		throw kindError('InvalidConfig', `model version ${request.versionId} is not stored`);
	if (version.threshold === null || !Number.isFinite(version.threshold))
		throw kindError('InvalidConfig', `model version ${request.versionId} has no threshold`);
	const threshold = version.threshold;
	onEvent({ kind: 'opening' });
	const { channelNames } = await env.open(request.versionId);
	const names = dataset.channels.map((c) => c.name);
	const columns = channelNames.map((n) => names.indexOf(n));
	const missing = channelNames.filter((_, i) => columns[i]! < 0);
	if (missing.length > 0)
		throw kindError(
			'InvalidConfig',
			`dataset "${dataset.name}" lacks the model's channel(s) ${missing.join(', ')}`
		);
	const windowLength = Number(version.config.windowLength);
	const labelAt = pointLabelColumn(dataset.labelColumns);
	const changeAt = dataset.labelColumns.findIndex((c) => c.toLowerCase() === 'changepoint');

	const total = dataset.rowCount;
	const scores = new Float32Array(total).fill(NaN);
	// Per-row times and labels are kept for spans and metrics: 8 + 2 bytes a row, no windows.
	const timesMs = new Float64Array(total);
	const labels = labelAt >= 0 ? new Uint8Array(total) : null;
	const changes = labelAt >= 0 && changeAt >= 0 ? new Uint8Array(total) : null;
	const spans = new SpanMerger(threshold);
	let carry: Float32Array[] = columns.map(() => new Float32Array(0));
	let pending: Float32Array[][] = columns.map(() => []);
	let pendingRows = 0;
	let done = 0;
	let scoreMs = 0;

	const flush = async () => {
		if (pendingRows === 0) return;
		const block = columns.map((_, c) => concat([carry[c]!, ...pending[c]!]));
		const from = carry[0]!.length;
		const detection = await env.score({ channels: block, from, to: from + pendingRows });
		scoreMs += detection.scoreMs;
		scores.set(detection.score, done);
		for (let i = 0; i < pendingRows; i++) spans.add(timesMs[done + i]!, detection.score[i]!);
		done += pendingRows;
		// One row more than a window: a differenced channel needs the row before the window too.
		const keep = Math.min(windowLength, block[0]!.length);
		carry = block.map((column) => column.slice(column.length - keep));
		pending = columns.map(() => []);
		pendingRows = 0;
		onEvent({ kind: 'progress', rowsDone: done, rowsTotal: total });
	};

	let at = 0;
	for await (const chunk of chunksInOrder(db, dataset.id)) {
		if (at + chunk.rows > total)
			throw kindError('InvalidConfig', `dataset "${dataset.name}" has more rows than recorded`);
		timesMs.set(chunk.t, at);
		if (labels) labels.set(chunk.labels[labelAt]!, at);
		if (changes) changes.set(chunk.labels[changeAt]!, at);
		columns.forEach((column, c) => pending[c]!.push(chunk.channels[column]!));
		pendingRows += chunk.rows;
		at += chunk.rows;
		if (pendingRows >= (request.blockRows ?? BLOCK_ROWS)) await flush();
	}
	await flush();

	onEvent({ kind: 'saving' });
	const row: BatchScoresRow = {
		datasetId: dataset.id,
		versionId: request.versionId,
		scores: scores.subarray(0, done).slice(),
		threshold,
		windowLength,
		spans: spans.finish(),
		metrics: labels
			? batchMetrics({
					labelColumn: dataset.labelColumns[labelAt]!,
					labels: labels.subarray(0, done),
					changepoints: changes?.subarray(0, done) ?? null,
					scores: scores.subarray(0, done),
					threshold,
					timesMs: timesMs.subarray(0, done)
				})
			: null,
		backend: env.backend(),
		scoreMs,
		createdAt: Date.now()
	};
	await saveBatchScores(db, row);
	return row;
}

function concat(parts: Float32Array[]): Float32Array {
	if (parts.length === 1) return parts[0]!;
	const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
	let at = 0;
	for (const part of parts) {
		out.set(part, at);
		at += part.length;
	}
	return out;
}
