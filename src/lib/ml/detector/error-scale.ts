/**
 * Per-channel error normalisation. A window's raw score sums each channel's mean absolute error;
 * channels with a high noise floor (an RMS vibration, a flow meter) then dominate it and can
 * drown an anomaly on a quiet channel. Dividing each channel's error by its mean on the normal
 * training windows puts every channel's normal level at 1, so the score counts "how many times
 * its usual error" each channel shows.
 */

/** Mean error of each channel over windows, from scores `[n]` and attribution `[n][channels]`. */
export function fitErrorScale(
	scores: Float32Array,
	attribution: Float32Array,
	channelCount: number
): Float32Array {
	const scale = new Float32Array(channelCount);
	const n = scores.length;
	for (let w = 0; w < n; w++) {
		for (let c = 0; c < channelCount; c++)
			scale[c]! += (attribution[w * channelCount + c]! * scores[w]!) / n;
	}
	// A channel reconstructed perfectly in training (constant) keeps its raw error.
	for (let c = 0; c < channelCount; c++) if (!(scale[c]! > 1e-12)) scale[c] = 1;
	return scale;
}

/** Scores and attribution recomputed from per-channel errors divided by `scale` (in place). */
export function normaliseErrors(
	scores: Float32Array,
	attribution: Float32Array,
	scale: Float32Array
): { scores: Float32Array; attribution: Float32Array } {
	const channelCount = scale.length;
	for (let w = 0; w < scores.length; w++) {
		let total = 0;
		for (let c = 0; c < channelCount; c++) {
			const k = w * channelCount + c;
			attribution[k] = (attribution[k]! * scores[w]!) / scale[c]!;
			total += attribution[k]!;
		}
		for (let c = 0; c < channelCount; c++) {
			const k = w * channelCount + c;
			attribution[k] = total > 0 ? attribution[k]! / total : 1 / channelCount;
		}
		scores[w] = total;
	}
	return { scores, attribution };
}
