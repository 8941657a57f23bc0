import type { TimestampSource } from './types';

type FieldTimestamp = Extract<TimestampSource, { kind: 'field' }>;

/** What the first values of a column or key say about it being a device timestamp. */
export interface TimeGuess {
	unit: FieldTimestamp['unit'];
	epoch: boolean;
	/** For the preview: "t looks like epoch ms". */
	note: string;
}

/** Names devices give their time field; matched case-insensitively on the whole name. */
const TIME_NAME =
	/^(t|ts|time|timestamp|epoch|millis|micros|ms|us|µs|sec|secs|seconds|elapsed|uptime|(time|t|ts|timestamp|elapsed|uptime)[ _-]?\(?(s|ms|us|µs|sec|millis|micros)\)?)$/i;
const MICROS_NAME = /(us|µs|micros)\)?$/i;
const MILLIS_NAME = /(ms|millis)\)?$/i;
const SECONDS_NAME = /((^|[ _(-])s|sec|secs|seconds)\)?$/i;

/** An unnamed column must rise strictly and regularly over this many lines to be taken for a clock. */
const MIN_UNNAMED_VALUES = 5;

/** Epoch ranges by magnitude, 2001-09 to 2286: a counter since boot is far below them. */
const EPOCH_RANGES: { unit: FieldTimestamp['unit']; from: number; to: number }[] = [
	{ unit: 's', from: 1e9, to: 1e10 },
	{ unit: 'ms', from: 1e12, to: 1e13 },
	{ unit: 'us', from: 1e15, to: 1e16 }
];

/** Whether a column or key name says it holds time (`t`, `time_ms`, `millis`, `timestamp`…). */
export function isTimeName(name: string): boolean {
	return TIME_NAME.test(name.trim());
}

/**
 * Whether `values` (in line order) can be a device timestamp, and in which unit. They must rise
 * (never fall, and end above where they start: counters at high rates may repeat a value). A
 * time-like `name` is then enough; without one the column must also look like a clock: an epoch
 * magnitude, or at least 5 values rising strictly in regular steps (none more than 3× the median),
 * which a sensor value rarely does. Needs 3 values. Units: epoch by magnitude; counters by the name's suffix, else
 * seconds when values have fractions (`time.monotonic()`), else milliseconds (`millis()`).
 * One exception to rising: a time-named column at an epoch magnitude may hold one value on every
 * sampled line. A gateway that stamps each batch when it sends it does that, and the first
 * message after connecting can be one batch longer than the sample (a WebSocket backlog).
 */
export function guessTimeField(values: readonly number[], name: string | null): TimeGuess | null {
	if (values.length < 3 || !values.every(Number.isFinite)) return null;
	const steps: number[] = [];
	for (let i = 1; i < values.length; i++) steps.push(values[i]! - values[i - 1]!);
	if (steps.some((step) => step < 0)) return null;
	const rises = values[values.length - 1]! > values[0]!;
	const named = name !== null && isTimeName(name);
	const label = name === null ? 'the first column' : `'${name}'`;
	const first = values[0]!;
	const epoch = EPOCH_RANGES.find((range) => first >= range.from && first < range.to);
	if (epoch && (rises || named)) {
		return {
			unit: epoch.unit,
			epoch: true,
			note: rises
				? `${label} looks like Unix time in ${epoch.unit}`
				: `${label} looks like Unix time in ${epoch.unit} (one stamp on every line so far: stamped per batch?)`
		};
	}
	if (!rises) return null;
	const looksLikeClock =
		values.length >= MIN_UNNAMED_VALUES && steps.every((step) => step > 0) && regularSteps(steps);
	if (!named && !looksLikeClock) return null;
	const unit = unitFromName(name) ?? (values.some((v) => !Number.isInteger(v)) ? 's' : 'ms');
	const why = unitFromName(name)
		? 'from its name'
		: 'assumed; change it if the device counts otherwise';
	return {
		unit,
		epoch: false,
		note: `${label} looks like a device clock in ${unit} (${why}), anchored to the arrival time`
	};
}

function unitFromName(name: string | null): FieldTimestamp['unit'] | null {
	if (name === null || !isTimeName(name)) return null;
	const trimmed = name.trim();
	if (MICROS_NAME.test(trimmed)) return 'us';
	if (MILLIS_NAME.test(trimmed)) return 'ms';
	if (SECONDS_NAME.test(trimmed)) return 's';
	return null;
}

function regularSteps(steps: readonly number[]): boolean {
	const sorted = [...steps].sort((a, b) => a - b);
	const median = sorted[Math.floor(sorted.length / 2)]!;
	return median > 0 && sorted[sorted.length - 1]! <= 3 * median;
}
