import { sha256Hex, sha256OfDigests } from './hash';
import type { DatasetRow } from './schema';

/** What one stored chunk contributes to its dataset's totals. */
export interface ChunkFacts {
	rows: number;
	/** Bytes of the chunk's typed arrays. */
	sizeBytes: number;
	/** Smallest and largest `t` (epoch ms), NaN ignored; ±Infinity when every `t` is NaN. */
	startMs: number;
	endMs: number;
	/** Hex SHA-256 of the chunk's raw column bytes: `t`, channels, labels (as imports hash). */
	digest: string;
	/** Median positive step between consecutive `t` in ms; null with fewer than two steps. */
	medianStepMs: number | null;
}

/** Facts of one chunk's columns. Each column must own its buffer (no view into a bigger one). */
export async function chunkFacts(
	t: Float64Array,
	channels: readonly Float32Array[],
	labels: readonly Uint8Array[] = []
): Promise<ChunkFacts> {
	let startMs = Infinity;
	let endMs = -Infinity;
	for (const time of t) {
		if (time < startMs) startMs = time;
		if (time > endMs) endMs = time;
	}
	const columns = [t, ...channels, ...labels];
	return {
		rows: t.length,
		sizeBytes: columns.reduce((n, column) => n + column.byteLength, 0),
		startMs,
		endMs,
		digest: await sha256Hex(columns),
		medianStepMs: medianPositiveStep(t)
	};
}

/** The dataset fields a recording's chunks determine. */
export type RecordingSummary = Pick<
	DatasetRow,
	'rowCount' | 'chunkCount' | 'sizeBytes' | 'startMs' | 'endMs' | 'sampleRateHz' | 'sha256'
>;

/**
 * Running totals over a recording's chunks in `seq` order. The live writer and crash recovery
 * both build one, so a finished and a recovered recording of the same chunks are identical
 * (same hash, same rate). Memory: one digest and one number per chunk.
 */
export class RecordingTotals {
	rows = 0;
	chunks = 0;
	sizeBytes = 0;
	startMs = Infinity;
	endMs = -Infinity;
	readonly #digests: string[] = [];
	/** Per-chunk median steps: the rate is estimated from their median, in bounded memory. */
	readonly #stepsMs: number[] = [];

	add(facts: ChunkFacts): void {
		this.rows += facts.rows;
		this.chunks++;
		this.sizeBytes += facts.sizeBytes;
		this.startMs = Math.min(this.startMs, facts.startMs);
		this.endMs = Math.max(this.endMs, facts.endMs);
		this.#digests.push(facts.digest);
		if (facts.medianStepMs !== null) this.#stepsMs.push(facts.medianStepMs);
	}

	/** Counts and time range, as they would be with `next` added too (for a row update). */
	counts(next?: ChunkFacts): Pick<RecordingSummary, 'rowCount' | 'chunkCount' | 'sizeBytes'> & {
		startMs: number | null;
		endMs: number | null;
	} {
		const rowCount = this.rows + (next?.rows ?? 0);
		const startMs = Math.min(this.startMs, next?.startMs ?? Infinity);
		const endMs = Math.max(this.endMs, next?.endMs ?? -Infinity);
		const known = rowCount > 0 && Number.isFinite(startMs) && Number.isFinite(endMs);
		return {
			rowCount,
			chunkCount: this.chunks + (next ? 1 : 0),
			sizeBytes: this.sizeBytes + (next?.sizeBytes ?? 0),
			startMs: known ? startMs : null,
			endMs: known ? endMs : null
		};
	}

	/** Hash (as imports compute it: SHA-256 of the chunk digests in order) and estimated rate. */
	async summary(): Promise<RecordingSummary> {
		const stepMs = median(this.#stepsMs);
		return {
			...this.counts(),
			sampleRateHz: stepMs === null ? null : Number((1000 / stepMs).toPrecision(6)),
			sha256: await sha256OfDigests(this.#digests)
		};
	}
}

function medianPositiveStep(t: Float64Array): number | null {
	const steps: number[] = [];
	for (let i = 1; i < t.length; i++) {
		const step = t[i]! - t[i - 1]!;
		if (step > 0) steps.push(step);
	}
	return median(steps);
}

function median(values: number[]): number | null {
	if (values.length === 0) return null;
	const sorted = Float64Array.from(values).sort();
	return sorted[Math.floor(sorted.length / 2)]!;
}
