import { quantile } from './quantile';

/** How a score threshold is calibrated from normal (training) windows' scores. DO NOT RENAME `method` values: stored with model versions. */
export type QuantileFactorMethod = { method: 'quantile-factor'; quantile: number; factor: number };
export type PeaksOverThresholdMethod = {
	method: 'peaks-over-threshold';
	initialQuantile: number;
	risk: number;
	minPeaks: number;
};
export type ThresholdMethod = QuantileFactorMethod | PeaksOverThresholdMethod;

/** The published SKAB rule: 0.99 quantile of the training windows' scores × 1.5. */
export const SKAB_THRESHOLD: QuantileFactorMethod = {
	method: 'quantile-factor',
	quantile: 0.99,
	factor: 1.5
};

/**
 * Peaks over threshold (Siffer et al., KDD 2017, "Anomaly detection in streams with extreme value
 * theory"): model the tail of the normal scores above their 0.9 quantile with a generalised Pareto
 * distribution and put the threshold where a normal window exceeds it with probability `risk`.
 * Unlike quantile × factor, whose factor is arbitrary, the threshold follows from a stated
 * false-alarm probability, and it extrapolates past the largest training score, which a quantile of
 * a few hundred windows cannot do.
 */
export const POT_THRESHOLD: PeaksOverThresholdMethod = {
	method: 'peaks-over-threshold',
	initialQuantile: 0.9,
	risk: 1e-3,
	minPeaks: 10
};

export type ThresholdResult =
	{ ok: true; threshold: number; detail: Record<string, number> } | { ok: false; reason: string };

/** Calibrates a threshold from normal scores (NaN ignored). */
export function calibrateThreshold(
	scores: ArrayLike<number>,
	method: ThresholdMethod
): ThresholdResult {
	const finite = Float64Array.from(scores).filter(Number.isFinite);
	if (finite.length === 0) return { ok: false, reason: 'no finite scores to calibrate on' };
	if (method.method === 'quantile-factor') {
		const base = quantile(finite, method.quantile);
		return {
			ok: true,
			threshold: base * method.factor,
			detail: { quantileValue: base, windows: finite.length }
		};
	}
	return peaksOverThreshold(finite, method);
}

function peaksOverThreshold(
	scores: Float64Array,
	{ initialQuantile, risk, minPeaks }: PeaksOverThresholdMethod
): ThresholdResult {
	const initial = quantile(scores, initialQuantile);
	const excesses = scores.filter((s) => s > initial).map((s) => s - initial);
	if (excesses.length < minPeaks) {
		return {
			ok: false,
			reason: `only ${excesses.length} of ${scores.length} scores lie above the ${initialQuantile} quantile; peaks over threshold needs ${minPeaks}`
		};
	}
	const { shape, scale } = fitGeneralisedPareto(excesses);
	// P(score > z) = (peaks / n) · (1 + shape (z − t) / scale)^(−1/shape); solve for P = risk.
	const ratio = (risk * scores.length) / excesses.length;
	const threshold =
		Math.abs(shape) < 1e-9
			? initial - scale * Math.log(ratio)
			: initial + (scale / shape) * (Math.pow(ratio, -shape) - 1);
	return {
		ok: true,
		threshold,
		detail: { initial, shape, scale, peaks: excesses.length, windows: scores.length }
	};
}

/**
 * Generalised Pareto fit of positive excesses by probability-weighted moments (Hosking & Wallis,
 * Technometrics 1987): closed form, no iteration, robust for the few dozen peaks a training set
 * gives. Returns the shape ξ (> 0 heavy tail, < 0 bounded) and the scale σ.
 */
export function fitGeneralisedPareto(excesses: Float64Array): { shape: number; scale: number } {
	const sorted = Float64Array.from(excesses).sort();
	const n = sorted.length;
	let a0 = 0;
	let a1 = 0;
	for (let i = 0; i < n; i++) {
		const plotting = (i + 1 - 0.35) / n;
		a0 += sorted[i]! / n;
		a1 += ((1 - plotting) * sorted[i]!) / n;
	}
	const k = a0 / (a0 - 2 * a1) - 2; // Hosking's k = −ξ
	const scale = (2 * a0 * a1) / (a0 - 2 * a1);
	return { shape: -k, scale };
}
