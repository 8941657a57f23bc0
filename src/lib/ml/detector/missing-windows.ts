/**
 * Windows that hold a missing value (`NaN`: a sensor dropout, a gap in a recording) cannot be
 * reconstructed, and a silent sensor is exactly what an operator must hear about. So such a
 * window is flagged rather than skipped: its score becomes `+Infinity` (above any threshold: "cannot
 * be scored, values missing") and its attribution each channel's share of the missing values, so
 * the channel that went quiet is named. Pure: no tfjs.
 */

/**
 * Marks, in place, every window of `inputs` (the rows the model saw, columnar) that holds a
 * missing value. Window `w` covers rows `[w, w + windowLength)`; `scores[w]` and attribution row
 * `w` (`[windows][channels]`) are overwritten for those windows only. Returns how many it marked.
 */
export function markMissingWindows(
	inputs: readonly Float32Array[],
	windowLength: number,
	scores: Float32Array,
	attribution: Float32Array
): number {
	const channelCount = inputs.length;
	const windowCount = scores.length;
	if (channelCount === 0 || windowCount === 0) return 0;
	// missingBefore[c][i]: missing values of channel c in rows [0, i).
	const missingBefore = inputs.map((column) => {
		const counts = new Uint32Array(column.length + 1);
		for (let i = 0; i < column.length; i++)
			counts[i + 1] = counts[i]! + (Number.isNaN(column[i]!) ? 1 : 0);
		return counts;
	});
	if (missingBefore.every((counts) => counts[counts.length - 1] === 0)) return 0;
	let marked = 0;
	for (let w = 0; w < windowCount; w++) {
		let total = 0;
		for (let c = 0; c < channelCount; c++)
			total += missingBefore[c]![w + windowLength]! - missingBefore[c]![w]!;
		if (total === 0) continue;
		scores[w] = Infinity;
		for (let c = 0; c < channelCount; c++) {
			const missing = missingBefore[c]![w + windowLength]! - missingBefore[c]![w]!;
			attribution[w * channelCount + c] = missing / total;
		}
		marked++;
	}
	return marked;
}
