/**
 * Stuck sensors. A reconstruction detector cannot see a value that stopped moving: a flat input is
 * easy to reconstruct, so its error *falls*. But a live channel whose training rows never held
 * the same value for long is broken when it does. So each channel's longest run of identical
 * consecutive values in the training rows is kept with the detector, and a window in which a
 * channel holds one value throughout, more than twice as long as any run in training, is flagged
 * like a window with missing values (score `+Infinity`, attribution on the stuck channels).
 * Channels that are legitimately constant for long (a closed valve, a coarse ADC) had long runs
 * in training, so the rule stays off for them. Window-local, so it needs no state across calls.
 * Pure: no tfjs.
 */

/**
 * Per channel, the longest run of identical consecutive values (rows; missing values end a run)
 * in rows `[from, to)`, with no run crossing a part boundary (`partStarts`, row indices, sorted).
 */
export function longestConstantRuns(
	channels: readonly Float32Array[],
	from = 0,
	to = channels[0]?.length ?? 0,
	partStarts: readonly number[] = []
): Uint32Array {
	const boundaries = new Set(partStarts);
	return Uint32Array.from(channels, (column) => {
		let longest = 0;
		let run = 0;
		for (let i = from; i < to; i++) {
			const value = column[i]!;
			if (Number.isNaN(value)) run = 0;
			else if (run > 0 && value === column[i - 1] && !boundaries.has(i)) run++;
			else run = 1;
			if (run > longest) longest = run;
		}
		return longest;
	});
}

/**
 * Marks, in place, the windows of `rows` (raw channel values, window `w` = rows `[w, w + N)`) in
 * which a channel holds one value throughout while `N > 2 × longestRun[channel]`: score
 * `+Infinity`, attribution shared by the stuck channels. Returns how many windows it marked.
 */
export function markStuckWindows(
	rows: readonly Float32Array[],
	windowLength: number,
	longestRun: Uint32Array,
	scores: Float32Array,
	attribution: Float32Array
): number {
	const channelCount = rows.length;
	const watched = rows.map((_, c) => windowLength > 2 * longestRun[c]!);
	if (!watched.includes(true)) return 0;
	// runEnding[c]: length of the constant run ending at the current row of channel c.
	const runLengths = rows.map((column, c) => {
		if (!watched[c]) return undefined;
		const runs = new Uint32Array(column.length);
		for (let i = 0; i < column.length; i++) {
			const value = column[i]!;
			runs[i] = Number.isNaN(value) ? 0 : i > 0 && value === column[i - 1] ? runs[i - 1]! + 1 : 1;
		}
		return runs;
	});
	let marked = 0;
	for (let w = 0; w < scores.length; w++) {
		const last = w + windowLength - 1;
		let stuck = 0;
		for (let c = 0; c < channelCount; c++)
			if (runLengths[c] && runLengths[c]![last]! >= windowLength) stuck++;
		if (stuck === 0) continue;
		scores[w] = Infinity;
		for (let c = 0; c < channelCount; c++) {
			const isStuck = runLengths[c] !== undefined && runLengths[c]![last]! >= windowLength;
			attribution[w * channelCount + c] = isStuck ? 1 / stuck : 0;
		}
		marked++;
	}
	return marked;
}
