import { assert } from '../../core/assert';
import { windowCount, windowSourceAt, type WindowSource } from '../../core/windowing';

/**
 * Training rows that come from several places (normal segments, datasets) are stored back to back
 * in one set of columns; `partStarts` says where each contiguous part begins. A window must never
 * span two parts: its rows would join the end of one recording to the start of another (or to the
 * far side of a gap), a transition that never happened. Pure: no tfjs here.
 */

/**
 * Stride-1 windows over columnar channels cut into parts: part `p` is rows
 * `[partStarts[p], partStarts[p + 1])` (the last ends at the columns' length). Windows are numbered
 * part by part, so the last windows (the validation split) come from the last part(s). Parts
 * shorter than `windowLength` contribute none.
 */
export function partWindows(
	channels: readonly Float32Array[],
	partStarts: readonly number[],
	windowLength: number
): WindowSource {
	assert(channels.length > 0, 'windows need at least one channel');
	assert(Number.isInteger(windowLength) && windowLength >= 1, `bad window length ${windowLength}`);
	const rows = channels[0]!.length;
	assert(partStarts[0] === 0 || partStarts.length === 0, `parts must start at row 0`);
	// firstWindow[p] = windows in parts before p; rowOf maps a window index to its first row.
	const firstWindow: number[] = [];
	let count = 0;
	partStarts.forEach((start, p) => {
		const end = partStarts[p + 1] ?? rows;
		assert(start <= end && end <= rows, `bad part ${p}: rows [${start}, ${end}) of ${rows}`);
		firstWindow.push(count);
		count += windowCount(end - start, windowLength);
	});
	const rowOf = (w: number): number => {
		let lo = 0;
		let hi = firstWindow.length - 1;
		while (lo < hi) {
			const mid = (lo + hi + 1) >> 1;
			if (firstWindow[mid]! <= w) lo = mid;
			else hi = mid - 1;
		}
		return partStarts[lo]! + (w - firstWindow[lo]!);
	};
	return windowSourceAt(channels, windowLength, count, rowOf);
}

/** A block of consecutive rows: `t` in epoch ms, `channels[c]` the chosen channels. */
export interface RowBlock {
	t: Float64Array;
	channels: Float32Array[];
}

/** Rows `[from, to)` of a block. */
export interface RowRun {
	from: number;
	to: number;
}

/**
 * Cuts a block into runs of rows a window may cross: a row with a missing value (`NaN` in any
 * channel) is dropped and ends the run, and so does a time step longer than `maxStepMs` (a pause
 * in a recording) or a step backwards (unsorted rows). `maxStepMs` Infinity keeps gaps.
 */
export function contiguousRuns(block: RowBlock, maxStepMs: number): RowRun[] {
	const runs: RowRun[] = [];
	const rows = block.t.length;
	let from = -1;
	for (let i = 0; i < rows; i++) {
		const complete = block.channels.every((column) => !Number.isNaN(column[i]!));
		const step = from >= 0 ? block.t[i]! - block.t[i - 1]! : 0;
		const joins = from >= 0 && complete && step >= 0 && step <= maxStepMs;
		if (from >= 0 && !joins) {
			runs.push({ from, to: i });
			from = -1;
		}
		if (complete && from < 0) from = i;
	}
	if (from >= 0) runs.push({ from, to: rows });
	return runs;
}

/** The channels of `blocks`' runs back to back, with where each run starts. */
export function concatenateRuns(
	blocks: readonly RowBlock[],
	runs: readonly (readonly RowRun[])[]
): { channels: Float32Array[]; partStarts: number[] } {
	assert(blocks.length === runs.length, `${blocks.length} blocks but ${runs.length} run lists`);
	const channelCount = blocks[0]?.channels.length ?? 0;
	const total = runs.flat().reduce((n, r) => n + (r.to - r.from), 0);
	const channels = Array.from({ length: channelCount }, () => new Float32Array(total));
	const partStarts: number[] = [];
	let at = 0;
	blocks.forEach((block, b) => {
		assert(
			block.channels.length === channelCount,
			`block ${b} has ${block.channels.length} channels, the first ${channelCount}`
		);
		for (const run of runs[b]!) {
			partStarts.push(at);
			block.channels.forEach((column, c) =>
				channels[c]!.set(column.subarray(run.from, run.to), at)
			);
			at += run.to - run.from;
		}
	});
	return { channels, partStarts };
}
