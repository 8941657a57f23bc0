/**
 * The level-independent facts a validation gathers (`ValidationSummary`) and the report built
 * from them for one level. `validateFrame` (whole table) and `ValidationAccumulator` (chunk by
 * chunk) both produce a summary, so a stored summary can be shown at any level without reading
 * the data again.
 */

/** How much to check. basic: order, duplicates, empty channels; standard: + gaps, constant channels,
 * limits; strict: + irregular sampling, and any missing value is an error. */
// DO NOT RENAME: persisted in IndexedDB (stored with datasets)
export type ValidationLevel = 'basic' | 'standard' | 'strict';

// DO NOT RENAME: persisted in IndexedDB (stored with datasets)
export type ValidationIssueKind =
	| 'not-increasing'
	| 'duplicate-time'
	| 'gap'
	| 'irregular-sampling'
	| 'missing-values'
	| 'constant-channel'
	| 'out-of-limits';

export interface ValidationIssue {
	kind: ValidationIssueKind;
	severity: 'error' | 'warning';
	/** What is wrong and where, for the user. */
	message: string;
	/** How many rows (or values) it concerns. */
	count: number;
	/** The first row concerned (0-based), when there is one. */
	firstRow?: number;
	/** The time of `firstRow`, epoch ms. */
	firstTimeMs?: number;
	channel?: string;
}

export interface ValidationReport {
	level: ValidationLevel;
	rows: number;
	/** Median time between rows, ms (NaN with fewer than 2 rows). */
	medianIntervalMs: number;
	estimatedRateHz: number;
	issues: ValidationIssue[];
	/** Set when the steps were too varied to count exactly (see `ValidationSummary.approximate`). */
	approximate?: true;
}

/** Per-channel limits by channel name; either end may be open. */
export type ChannelLimits = Record<string, { min?: number; max?: number }>;

/** How many rows (or steps) showed something, and the first of them. */
// DO NOT RENAME: persisted in IndexedDB (stored with datasets)
export interface RowMark {
	count: number;
	/** 0-based row, -1 when `count` is 0. */
	firstRow: number;
	/** Time of `firstRow` in epoch ms, NaN when `count` is 0. */
	firstTimeMs: number;
}

// DO NOT RENAME: persisted in IndexedDB (stored with datasets)
export interface ChannelSummary {
	name: string;
	missing: RowMark;
	/** Smallest and largest present value; Infinity / -Infinity when there is none. */
	min: number;
	max: number;
	/** Values outside the channel's limit (count 0 when it has none). */
	outside: RowMark;
	limit: { min?: number; max?: number } | null;
}

/** Everything a report at any level needs, gathered in one pass over the rows. */
// DO NOT RENAME: persisted in IndexedDB (stored with datasets)
export interface ValidationSummary {
	rows: number;
	/** Median of the positive steps between consecutive rows, ms; NaN when there is none. */
	medianIntervalMs: number;
	/** A gap is a step longer than `gapFactor` median intervals. */
	gapFactor: number;
	/** Steps that go back in time; `firstRow` is the row after the step. */
	backwards: RowMark;
	/** Steps of exactly 0 ms. */
	duplicates: RowMark;
	/** Steps longer than `gapFactor × medianIntervalMs`. */
	gaps: RowMark;
	/** Positive steps further than 10 % from the median. */
	offMedian: number;
	channels: ChannelSummary[];
	/**
	 * True when more distinct step lengths were seen than can be tracked exactly: the median,
	 * gaps and irregular counts then come from steps rounded to a few significant digits.
	 */
	approximate: boolean;
}

/** Sampling is irregular (strict) when more than this share of steps is off the median by > 10 %. */
const IRREGULAR_SHARE = 0.01;

export const DEFAULT_GAP_FACTOR = 3;

/** A mark with nothing in it. */
export const noRows = (): RowMark => ({ count: 0, firstRow: -1, firstTimeMs: NaN });

/** The issues of `summary` at `level`, in a fixed order: time, then per channel, then sampling. */
export function reportFromSummary(
	summary: ValidationSummary,
	level: ValidationLevel
): ValidationReport {
	const { rows, medianIntervalMs, gapFactor } = summary;
	const steps = Math.max(0, rows - 1);
	const issues: ValidationIssue[] = [];
	const add = (issue: ValidationIssue, mark?: RowMark) => {
		if (issue.count === 0) return;
		if (mark && mark.firstRow >= 0) issue.firstTimeMs = mark.firstTimeMs;
		issues.push(issue);
	};
	const { backwards, duplicates } = summary;
	add(
		{
			kind: 'not-increasing',
			severity: 'error',
			count: backwards.count,
			firstRow: backwards.firstRow,
			message: `${backwards.count} rows go back in time (first at row ${backwards.firstRow + 1}): sort by time`
		},
		backwards
	);
	add(
		{
			kind: 'duplicate-time',
			severity: 'error',
			count: duplicates.count,
			firstRow: duplicates.firstRow,
			message: `${duplicates.count} rows repeat the previous timestamp (first at row ${duplicates.firstRow + 1})`
		},
		duplicates
	);
	for (const channel of summary.channels) channelIssues(channel, rows, level, add);
	if (level !== 'basic' && Number.isFinite(medianIntervalMs)) {
		const { gaps } = summary;
		add(
			{
				kind: 'gap',
				severity: 'warning',
				count: gaps.count,
				firstRow: gaps.firstRow,
				message: `${gaps.count} gaps longer than ${gapFactor} × the usual ${medianIntervalMs} ms step (first after row ${gaps.firstRow})`
			},
			gaps
		);
	}
	if (
		level === 'strict' &&
		Number.isFinite(medianIntervalMs) &&
		summary.offMedian > IRREGULAR_SHARE * steps
	) {
		add({
			kind: 'irregular-sampling',
			severity: 'warning',
			count: summary.offMedian,
			message: `${summary.offMedian} of ${steps} steps differ from the usual ${medianIntervalMs} ms by more than 10 %`
		});
	}
	const report: ValidationReport = {
		level,
		rows,
		medianIntervalMs,
		estimatedRateHz: 1000 / medianIntervalMs,
		issues
	};
	if (summary.approximate) report.approximate = true;
	return report;
}

function channelIssues(
	summary: ChannelSummary,
	rows: number,
	level: ValidationLevel,
	add: (issue: ValidationIssue, mark?: RowMark) => void
): void {
	const { name: channel, missing, outside, limit } = summary;
	const allMissing = missing.count === rows && rows > 0;
	if (allMissing || level !== 'basic' || missing.count > 0) {
		add(
			{
				kind: 'missing-values',
				severity: allMissing || level === 'strict' ? 'error' : 'warning',
				count: missing.count,
				firstRow: missing.firstRow,
				channel,
				message: allMissing
					? `${channel} has no values at all`
					: `${channel} is missing ${missing.count} of ${rows} values (${((100 * missing.count) / rows).toFixed(1)} %, first at row ${missing.firstRow + 1})`
			},
			missing
		);
	}
	if (level === 'basic' || allMissing) return;
	if (summary.min === summary.max)
		add({
			kind: 'constant-channel',
			severity: 'warning',
			count: rows - missing.count,
			channel,
			message: `${channel} is constant (${summary.min}): it carries no information`
		});
	if (limit)
		add(
			{
				kind: 'out-of-limits',
				severity: 'warning',
				count: outside.count,
				firstRow: outside.firstRow,
				channel,
				message: `${channel} has ${outside.count} values outside [${limit.min ?? '−∞'}, ${limit.max ?? '∞'}] (first at row ${outside.firstRow + 1})`
			},
			outside
		);
}
