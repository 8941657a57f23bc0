import type { Frame } from './frame';
import { quantile } from './quantile';

/** How much to check. basic: order, duplicates, empty channels; standard: + gaps, constant channels,
 * limits; strict: + irregular sampling, and any missing value is an error. */
export type ValidationLevel = 'basic' | 'standard' | 'strict';

/** DO NOT RENAME: stored in validation reports. */
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
	channel?: string;
}

export interface ValidationReport {
	level: ValidationLevel;
	rows: number;
	/** Median time between rows, ms (NaN with fewer than 2 rows). */
	medianIntervalMs: number;
	estimatedRateHz: number;
	issues: ValidationIssue[];
}

export interface ValidationOptions {
	level: ValidationLevel;
	channelNames: readonly string[];
	/** Per-channel limits by name; values outside are reported (standard and strict). */
	limits?: Record<string, { min?: number; max?: number }>;
	/** A gap is a step longer than this many median intervals. Default 3. */
	gapFactor?: number;
}

/** Sampling is irregular (strict) when more than this share of steps is off the median by > 10 %. */
const IRREGULAR_SHARE = 0.01;

/** Checks a table of samples; never throws, reports everything it finds with rows and channels. */
export function validateFrame(frame: Frame, options: ValidationOptions): ValidationReport {
	const { level, channelNames, limits = {}, gapFactor = 3 } = options;
	const { t } = frame;
	const rows = t.length;
	const steps = Float64Array.from({ length: Math.max(0, rows - 1) }, (_, i) => t[i + 1]! - t[i]!);
	const medianIntervalMs =
		steps.length > 0
			? quantile(
					steps.filter((s) => s > 0),
					0.5
				)
			: NaN;
	const issues: ValidationIssue[] = [];
	const add = (issue: ValidationIssue) => issue.count > 0 && issues.push(issue);
	const firstIndex = (test: (step: number) => boolean) => steps.findIndex(test);

	const backwards = steps.filter((s) => s < 0).length;
	add({
		kind: 'not-increasing',
		severity: 'error',
		count: backwards,
		firstRow: firstIndex((s) => s < 0) + 1,
		message: `${backwards} rows go back in time (first at row ${firstIndex((s) => s < 0) + 2}): sort by time`
	});
	const duplicates = steps.filter((s) => s === 0).length;
	add({
		kind: 'duplicate-time',
		severity: 'error',
		count: duplicates,
		firstRow: firstIndex((s) => s === 0) + 1,
		message: `${duplicates} rows repeat the previous timestamp (first at row ${firstIndex((s) => s === 0) + 2})`
	});

	frame.channels.forEach((column, c) => {
		const channel = channelNames[c] ?? `channel ${c}`;
		let missing = 0;
		let firstMissing = -1;
		let min = Infinity;
		let max = -Infinity;
		for (let i = 0; i < rows; i++) {
			const v = column[i]!;
			if (Number.isNaN(v)) {
				missing++;
				if (firstMissing < 0) firstMissing = i;
			} else {
				min = Math.min(min, v);
				max = Math.max(max, v);
			}
		}
		const allMissing = missing === rows && rows > 0;
		if (allMissing || level !== 'basic' || missing > 0) {
			add({
				kind: 'missing-values',
				severity: allMissing || level === 'strict' ? 'error' : 'warning',
				count: missing,
				firstRow: firstMissing,
				channel,
				message: allMissing
					? `${channel} has no values at all`
					: `${channel} is missing ${missing} of ${rows} values (${((100 * missing) / rows).toFixed(1)} %, first at row ${firstMissing + 1})`
			});
		}
		if (level === 'basic' || allMissing) return;
		if (min === max)
			add({
				kind: 'constant-channel',
				severity: 'warning',
				count: rows - missing,
				channel,
				message: `${channel} is constant (${min}): it carries no information`
			});
		const limit = limits[channel];
		if (limit) {
			let outside = 0;
			let firstOutside = -1;
			for (let i = 0; i < rows; i++) {
				const v = column[i]!;
				if (
					(limit.min !== undefined && v < limit.min) ||
					(limit.max !== undefined && v > limit.max)
				) {
					outside++;
					if (firstOutside < 0) firstOutside = i;
				}
			}
			add({
				kind: 'out-of-limits',
				severity: 'warning',
				count: outside,
				firstRow: firstOutside,
				channel,
				message: `${channel} has ${outside} values outside [${limit.min ?? '−∞'}, ${limit.max ?? '∞'}] (first at row ${firstOutside + 1})`
			});
		}
	});

	if (level !== 'basic' && Number.isFinite(medianIntervalMs)) {
		const gapAt = firstIndex((s) => s > gapFactor * medianIntervalMs);
		const gaps = steps.filter((s) => s > gapFactor * medianIntervalMs).length;
		add({
			kind: 'gap',
			severity: 'warning',
			count: gaps,
			firstRow: gapAt + 1,
			message: `${gaps} gaps longer than ${gapFactor} × the usual ${medianIntervalMs} ms step (first after row ${gapAt + 1})`
		});
	}
	if (level === 'strict' && Number.isFinite(medianIntervalMs)) {
		const off = steps.filter(
			(s) => s > 0 && Math.abs(s - medianIntervalMs) > 0.1 * medianIntervalMs
		).length;
		if (off > IRREGULAR_SHARE * steps.length) {
			add({
				kind: 'irregular-sampling',
				severity: 'warning',
				count: off,
				message: `${off} of ${steps.length} steps differ from the usual ${medianIntervalMs} ms by more than 10 %`
			});
		}
	}
	return { level, rows, medianIntervalMs, estimatedRateHz: 1000 / medianIntervalMs, issues };
}
