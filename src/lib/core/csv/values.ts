/** Written-out gaps that become NaN without being reported as bad values. */
const GAP_WORDS = new Set(['', 'nan', 'na', 'n/a', 'null', 'none', '-', '?']);

/**
 * A number from a CSV field, or NaN. `Number('')` and `Number(' ')` are 0, which would turn an
 * empty field into a real zero, so blanks are checked first.
 */
export function parseNumber(field: string, decimalComma: boolean): number {
	const text = decimalComma ? field.replace(',', '.') : field;
	const value = Number(text);
	if (value === 0 && text.trim() === '') return NaN;
	return value;
}

/** Whether a field that did not parse is a written-out gap (empty, `NaN`, `NA`…) rather than junk. */
export function isGapWord(field: string): boolean {
	return GAP_WORDS.has(field.trim().toLowerCase());
}

const LABEL_WORDS: Record<string, 0 | 1> = {
	true: 1,
	yes: 1,
	anomaly: 1,
	attack: 1,
	abnormal: 1,
	false: 0,
	no: 0,
	normal: 0
};

/** A 0/1 label: a number (non-zero is 1) or a word such as `true`/`attack`/`normal`; null if neither. */
export function parseLabel(field: string): 0 | 1 | null {
	const value = parseNumber(field, false);
	if (!Number.isNaN(value)) return value === 0 ? 0 : 1;
	return LABEL_WORDS[field.trim().toLowerCase()] ?? null;
}

// YYYY-MM-DD[(T| )hh:mm[:ss[.fff]]][Z|±hh[:mm]]; `/` is accepted between date parts too.
const ISO_PATTERN =
	/^\s*(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:([T ])(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?\s*$/i;

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Which ISO-like form a field has, or null when it is not a date-time. */
export function isoKind(field: string): 'iso8601' | 'iso8601-no-zone' | 'datetime-no-zone' | null {
	const m = ISO_PATTERN.exec(field);
	if (!m) return null;
	if (m[9]) return 'iso8601';
	return m[4] === ' ' ? 'datetime-no-zone' : 'iso8601-no-zone';
}

/**
 * Epoch ms of an ISO 8601 / `YYYY-MM-DD hh:mm:ss` field, or NaN. A zone in the text wins; without
 * one the time is read at `zoneOffsetMinutes` east of UTC. Parsed by hand rather than with
 * `Date.parse`, which reads zone-less date-times in the machine's local zone.
 */
export function parseIsoTime(field: string, zoneOffsetMinutes: number): number {
	const m = ISO_PATTERN.exec(field);
	if (!m) return NaN;
	const year = +m[1]!;
	const month = +m[2]!;
	const day = +m[3]!;
	const hour = m[5] ? +m[5] : 0;
	const minute = m[6] ? +m[6] : 0;
	const second = m[7] ? +m[7] : 0;
	if (month < 1 || month > 12 || day < 1 || day > DAYS_IN_MONTH[month - 1]!) return NaN;
	if (hour > 23 || minute > 59 || second > 60) return NaN;
	if (month === 2 && day === 29 && !isLeapYear(year)) return NaN;
	const fractionMs = m[8] ? Number('0.' + m[8]) * 1000 : 0;
	let offsetMinutes = zoneOffsetMinutes;
	const zone = m[9];
	if (zone) offsetMinutes = zone.toUpperCase() === 'Z' ? 0 : zoneMinutes(zone);
	const utcMs = Date.UTC(year, month - 1, day, hour, minute, second);
	return utcMs + fractionMs - offsetMinutes * 60_000;
}

function zoneMinutes(zone: string): number {
	const digits = zone.slice(1).replace(':', '');
	const minutes = +digits.slice(0, 2) * 60 + (digits.length > 2 ? +digits.slice(2) : 0);
	return zone[0] === '-' ? -minutes : minutes;
}

function isLeapYear(year: number): boolean {
	return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}
