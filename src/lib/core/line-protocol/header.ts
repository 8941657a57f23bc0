import { isGapWordIn, parseNumberIn } from './number-field';
import type { Delimiter } from './types';

/** Longest channel name taken from a header. */
const MAX_NAME_CHARS = 64;
/** `temp (°C)` or `temp [°C]`: a unit in brackets at the end of a header name. */
const UNIT_SUFFIX = /^(.*?)\s*[([]\s*([^()[\]]{1,16}?)\s*[)\]]$/;
/** Characters that never appear in a channel name but do in log lines (`rst:0x1`, `{`, `a=b`). */
const NOT_IN_NAMES = /[:{}=<>"]/;
/** Names start with a letter or `_`: `0x400806a8` in a boot message is not one. */
const NAME_START = /^[\p{L}_]/u;

/** A channel name read from a header token, and its unit when the token carried one. */
export interface HeaderName {
	name: string;
	/** '' when the token had no `(unit)` or `[unit]` suffix. */
	unit: string;
}

/**
 * Whether a token can be a channel name in a header: 1-64 characters starting with a letter or
 * `_`, not a written-out gap (`nan`, `inf`), and none of `: { } = < > "`, which appear in log lines
 * (`rst:0x1 (POWERON_RESET)`) but not in names. Surrounding quotes are removed first.
 */
export function isHeaderName(token: string): boolean {
	const name = unquote(token);
	if (name.length === 0 || name.length > MAX_NAME_CHARS) return false;
	if (NOT_IN_NAMES.test(name) || !NAME_START.test(name)) return false;
	if (!Number.isNaN(parseNumberIn(name, 0, name.length, false))) return false;
	return !isGapWordIn(name, 0, name.length);
}

/** Splits a header token into name and unit: `temp (°C)` → `temp`, `°C`. */
export function parseHeaderName(token: string): HeaderName {
	const name = unquote(token);
	const match = UNIT_SUFFIX.exec(name);
	if (match && match[1]) return { name: match[1], unit: match[2]!.trim() };
	return { name, unit: '' };
}

/**
 * The tokens of a header line, or null when any of them cannot be a name. A header is cut like
 * the data (by `delimiter`; runs of spaces for `' '`); when that gives a single token it is also
 * tried cut at commas and runs of spaces, since `# temp hum` is a natural way to write one.
 */
export function headerTokens(line: string, delimiter: Delimiter | null): string[] | null {
	let tokens = splitTokens(line, delimiter);
	if (tokens.length === 1) tokens = line.split(/[\s,;]+/).filter((token) => token !== '');
	if (tokens.length === 0 || !tokens.every(isHeaderName)) return null;
	return tokens.map(unquote);
}

function splitTokens(line: string, delimiter: Delimiter | null): string[] {
	if (delimiter === null || delimiter === ' ') {
		return line.split(/[ \t]+/).filter((token) => token !== '');
	}
	const tokens = line.split(delimiter).map((token) => token.trim());
	// A trailing delimiter (`a,b,`) is tolerated in data, so in headers too.
	if (tokens.length > 1 && tokens[tokens.length - 1] === '') tokens.pop();
	return tokens;
}

function unquote(token: string): string {
	const trimmed = token.trim();
	if (trimmed.length >= 2 && trimmed.startsWith('"') && trimmed.endsWith('"')) {
		return trimmed.slice(1, -1).trim();
	}
	return trimmed;
}
