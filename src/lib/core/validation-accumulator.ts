import type { Frame } from './frame';
import {
	DEFAULT_GAP_FACTOR,
	noRows,
	reportFromSummary,
	type ChannelLimits,
	type RowMark,
	type ValidationLevel,
	type ValidationReport,
	type ValidationSummary
} from './validation-report';

/**
 * Distinct step lengths tracked exactly. Regular data has a handful (a 10 ms clock with ms
 * timestamps: one); timestamps with µs jitter can have thousands. Past this the steps are
 * rounded (see `ValidationSummary.approximate`), so memory stays bounded for any file.
 */
export const MAX_DISTINCT_STEPS = 100_000;
/** Significant digits the steps are rounded to, coarser each time the map fills up again. */
const ROUNDING_DIGITS = [6, 4, 3, 2];

interface StepBucket {
	count: number;
	/** Index of the first step with this length (step i goes from row i to row i + 1). */
	firstStep: number;
	/** Time of row firstStep + 1, epoch ms. */
	firstTimeMs: number;
}

interface ChannelState {
	name: string;
	missing: RowMark;
	min: number;
	max: number;
	outside: RowMark;
	limit: { min?: number; max?: number } | null;
}

export interface AccumulatorOptions {
	channelNames: readonly string[];
	limits?: ChannelLimits;
	/** A gap is a step longer than this many median intervals. Default 3. */
	gapFactor?: number;
}

/**
 * Validation of rows that arrive in chunks (an import, a dataset read back chunk by chunk):
 * `push` each chunk in order, then `summary()` or `report(level)`. The result is the one
 * `summariseFrame` / `validateFrame` give for all rows at once (tested), except that the median
 * step and the gap and irregular counts need every step length: they are kept as a histogram of
 * distinct lengths, exact up to `MAX_DISTINCT_STEPS` of them and rounded past that.
 */
export class ValidationAccumulator {
	private rows = 0;
	private lastT = NaN;
	private readonly backwards = noRows();
	private readonly duplicates = noRows();
	/** Positive steps by length. */
	private steps = new Map<number, StepBucket>();
	private roundingLevel = -1;
	private readonly channels: ChannelState[];
	private readonly gapFactor: number;

	constructor(options: AccumulatorOptions) {
		this.gapFactor = options.gapFactor ?? DEFAULT_GAP_FACTOR;
		this.channels = options.channelNames.map((name) => ({
			name,
			missing: noRows(),
			min: Infinity,
			max: -Infinity,
			outside: noRows(),
			limit: options.limits?.[name] ?? null
		}));
	}

	/** Adds the next rows (in order). `frame.channels` follow `channelNames`. */
	push(frame: Frame): void {
		const { t } = frame;
		const base = this.rows;
		let previous = this.lastT;
		for (let i = 0; i < t.length; i++) {
			const time = t[i]!;
			const row = base + i;
			if (row > 0) {
				const step = time - previous;
				if (step < 0) mark(this.backwards, row, time);
				else if (step === 0) mark(this.duplicates, row, time);
				else if (step > 0) this.addStep(step, row - 1, time);
			}
			previous = time;
		}
		this.lastT = previous;
		frame.channels.forEach((column, c) => {
			const state = this.channels[c];
			if (state) this.pushColumn(state, column, t, base);
		});
		this.rows += t.length;
	}

	/** The facts gathered so far. */
	summary(): ValidationSummary {
		const medianIntervalMs = this.median();
		const gapMs = this.gapFactor * medianIntervalMs;
		const gaps = noRows();
		let offMedian = 0;
		for (const [step, bucket] of this.steps) {
			if (Math.abs(step - medianIntervalMs) > 0.1 * medianIntervalMs) offMedian += bucket.count;
			if (!(step > gapMs)) continue;
			gaps.count += bucket.count;
			if (gaps.firstRow < 0 || bucket.firstStep + 1 < gaps.firstRow) {
				gaps.firstRow = bucket.firstStep + 1;
				gaps.firstTimeMs = bucket.firstTimeMs;
			}
		}
		return {
			rows: this.rows,
			medianIntervalMs,
			gapFactor: this.gapFactor,
			backwards: { ...this.backwards },
			duplicates: { ...this.duplicates },
			gaps,
			offMedian,
			channels: this.channels.map((c) => ({
				name: c.name,
				missing: { ...c.missing },
				min: c.min,
				max: c.max,
				outside: { ...c.outside },
				limit: c.limit
			})),
			approximate: this.roundingLevel >= 0
		};
	}

	/** The report at `level` for the rows so far. */
	report(level: ValidationLevel): ValidationReport {
		return reportFromSummary(this.summary(), level);
	}

	private pushColumn(state: ChannelState, column: Float32Array, t: Float64Array, base: number) {
		const { limit } = state;
		const low = limit?.min ?? -Infinity;
		const high = limit?.max ?? Infinity;
		let { min, max } = state;
		for (let i = 0; i < column.length; i++) {
			const v = column[i]!;
			if (Number.isNaN(v)) {
				mark(state.missing, base + i, t[i]!);
				continue;
			}
			if (v < min) min = v;
			if (v > max) max = v;
			if (limit && (v < low || v > high)) mark(state.outside, base + i, t[i]!);
		}
		state.min = min;
		state.max = max;
	}

	private addStep(step: number, stepIndex: number, timeMs: number): void {
		const key = this.roundingLevel < 0 ? step : round(step, ROUNDING_DIGITS[this.roundingLevel]!);
		const bucket = this.steps.get(key);
		if (bucket) {
			bucket.count++;
			return;
		}
		this.steps.set(key, { count: 1, firstStep: stepIndex, firstTimeMs: timeMs });
		if (this.steps.size > MAX_DISTINCT_STEPS) this.coarsen();
	}

	/** Merges the histogram onto steps rounded to fewer digits (keeping each first occurrence). */
	private coarsen(): void {
		while (
			this.steps.size > MAX_DISTINCT_STEPS &&
			this.roundingLevel < ROUNDING_DIGITS.length - 1
		) {
			this.roundingLevel++;
			const digits = ROUNDING_DIGITS[this.roundingLevel]!;
			const merged = new Map<number, StepBucket>();
			for (const [step, bucket] of this.steps) {
				const key = round(step, digits);
				const into = merged.get(key);
				if (!into) merged.set(key, { ...bucket });
				else {
					into.count += bucket.count;
					if (bucket.firstStep < into.firstStep) {
						into.firstStep = bucket.firstStep;
						into.firstTimeMs = bucket.firstTimeMs;
					}
				}
			}
			this.steps = merged;
		}
	}

	/** The median positive step, interpolated like `quantile(steps, 0.5)`; NaN without steps. */
	private median(): number {
		let total = 0;
		for (const bucket of this.steps.values()) total += bucket.count;
		if (total === 0) return NaN;
		const sorted = [...this.steps.keys()].sort((a, b) => a - b);
		const position = (total - 1) * 0.5;
		const lower = Math.floor(position);
		const upper = Math.min(lower + 1, total - 1);
		let seen = 0;
		let lowerValue = NaN;
		for (const step of sorted) {
			seen += this.steps.get(step)!.count;
			if (Number.isNaN(lowerValue) && seen > lower) lowerValue = step;
			if (seen > upper) return lowerValue + (step - lowerValue) * (position - lower);
		}
		return lowerValue;
	}
}

function mark(into: RowMark, row: number, timeMs: number): void {
	if (into.count++ === 0) {
		into.firstRow = row;
		into.firstTimeMs = timeMs;
	}
}

function round(value: number, digits: number): number {
	return Number(value.toPrecision(digits));
}
