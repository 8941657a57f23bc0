import type { Frame } from './frame';
import { quantile } from './quantile';
import {
	DEFAULT_GAP_FACTOR,
	noRows,
	reportFromSummary,
	type ChannelLimits,
	type ChannelSummary,
	type RowMark,
	type ValidationLevel,
	type ValidationReport,
	type ValidationSummary
} from './validation-report';

export {
	DEFAULT_GAP_FACTOR,
	reportFromSummary,
	type ChannelLimits,
	type ChannelSummary,
	type RowMark,
	type ValidationIssue,
	type ValidationIssueKind,
	type ValidationLevel,
	type ValidationReport,
	type ValidationSummary
} from './validation-report';

export interface ValidationOptions {
	level: ValidationLevel;
	channelNames: readonly string[];
	/** Per-channel limits by name; values outside are reported (standard and strict). */
	limits?: ChannelLimits;
	/** A gap is a step longer than this many median intervals. Default 3. */
	gapFactor?: number;
}

/** Checks a table of samples; never throws, reports everything it finds with rows and channels. */
export function validateFrame(frame: Frame, options: ValidationOptions): ValidationReport {
	return reportFromSummary(summariseFrame(frame, options), options.level);
}

/**
 * The facts behind a report, from a whole table in memory. This is the plain reference:
 * `ValidationAccumulator` gathers the same summary chunk by chunk and is tested against it.
 */
export function summariseFrame(
	frame: Frame,
	options: Omit<ValidationOptions, 'level'>
): ValidationSummary {
	const { channelNames, limits = {}, gapFactor = DEFAULT_GAP_FACTOR } = options;
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
	/** Steps passing `test`, marked at the row after the step. */
	const stepMark = (test: (step: number) => boolean): RowMark => {
		const first = steps.findIndex(test);
		if (first < 0) return noRows();
		return { count: steps.filter(test).length, firstRow: first + 1, firstTimeMs: t[first + 1]! };
	};
	const gapMs = gapFactor * medianIntervalMs;
	return {
		rows,
		medianIntervalMs,
		gapFactor,
		backwards: stepMark((s) => s < 0),
		duplicates: stepMark((s) => s === 0),
		gaps: Number.isFinite(medianIntervalMs) ? stepMark((s) => s > gapMs) : noRows(),
		offMedian: steps.filter((s) => s > 0 && Math.abs(s - medianIntervalMs) > 0.1 * medianIntervalMs)
			.length,
		channels: frame.channels.map((column, c) => {
			const name = channelNames[c] ?? `channel ${c}`;
			return summariseColumn(column, t, name, limits[name] ?? null);
		}),
		approximate: false
	};
}

function summariseColumn(
	column: Float32Array,
	t: Float64Array,
	name: string,
	limit: ChannelSummary['limit']
): ChannelSummary {
	const rowMark = (test: (v: number) => boolean): RowMark => {
		const first = column.findIndex(test);
		if (first < 0) return noRows();
		return { count: column.filter(test).length, firstRow: first, firstTimeMs: t[first]! };
	};
	let min = Infinity;
	let max = -Infinity;
	for (const v of column) {
		if (Number.isNaN(v)) continue;
		if (v < min) min = v;
		if (v > max) max = v;
	}
	const outside = limit
		? rowMark(
				(v) =>
					(limit.min !== undefined && v < limit.min) || (limit.max !== undefined && v > limit.max)
			)
		: noRows();
	return { name, missing: rowMark(Number.isNaN), min, max, outside, limit };
}
