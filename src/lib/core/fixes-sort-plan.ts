/**
 * Sorting a dataset stored in chunks without holding all of it: chunks whose time ranges overlap
 * (directly or through others) form a group that is read and sorted together; groups follow
 * each other in time, so they are written one after the other. Nearly sorted data (a few rows
 * out of place near chunk borders) makes groups of one or two chunks; shuffled data makes one
 * group of everything, which is refused past a size limit rather than running out of memory.
 */

/** A stored chunk's place in the file and its time range (epoch ms). */
export interface ChunkSpan {
	seq: number;
	startMs: number;
	endMs: number;
	rows: number;
}

/** The most bytes of samples one sort group may hold in memory (sorting needs about twice this). */
export const SORT_GROUP_MAX_BYTES = 128 * 2 ** 20;

export type SortPlan =
	| { ok: true; groups: number[][]; largestGroupRows: number }
	| { ok: false; largestGroupRows: number; maxRows: number; message: string };

/**
 * Groups of chunk `seq`s to sort together, in time order; each group lists its chunks in file
 * order so a stable sort keeps rows with equal times in file order. `bytesPerRow` sizes the
 * memory limit (8 for the time plus 4 per channel and 1 per label column).
 */
export function planSortGroups(
	chunks: readonly ChunkSpan[],
	bytesPerRow: number,
	maxBytes = SORT_GROUP_MAX_BYTES
): SortPlan {
	const byStart = [...chunks].sort((a, b) => a.startMs - b.startMs || a.seq - b.seq);
	const groups: ChunkSpan[][] = [];
	let endMs = -Infinity;
	for (const chunk of byStart) {
		// Equal times at a border join the groups too, so their file order decides.
		if (groups.length > 0 && chunk.startMs <= endMs) groups[groups.length - 1]!.push(chunk);
		else groups.push([chunk]);
		endMs = Math.max(endMs, chunk.endMs);
	}
	const rowsOf = (group: ChunkSpan[]) => group.reduce((n, c) => n + c.rows, 0);
	const largestGroupRows = groups.reduce((most, g) => Math.max(most, rowsOf(g)), 0);
	const maxRows = Math.floor(maxBytes / bytesPerRow);
	if (largestGroupRows > maxRows) {
		return {
			ok: false,
			largestGroupRows,
			maxRows,
			message:
				`sorting needs ${largestGroupRows.toLocaleString('en')} rows in memory at once (their times ` +
				`overlap), more than the ${maxRows.toLocaleString('en')} allowed: sort the file before ` +
				`importing it, or import it in parts`
		};
	}
	return {
		ok: true,
		groups: groups.map((g) => g.map((c) => c.seq).sort((a, b) => a - b)),
		largestGroupRows
	};
}
