import type { LineProtocolConfig } from './types';

/**
 * Default line length limit: 4096 characters holds a JSON line with dozens of channels, and a
 * device spewing garbage without line endings costs at most that much memory.
 */
export const DEFAULT_MAX_LINE_CHARS = 4096;
/** The timestamp key of labelled and JSON lines when the config names none. */
export const DEFAULT_TIME_KEY = 't';

/**
 * What is wrong with a config, in words for the settings form; empty when it is usable.
 * `createLineDecoder` asserts this is empty, so the UI should check first.
 */
export function checkLineProtocolConfig(config: LineProtocolConfig): string[] {
	const problems: string[] = [];
	const { channels, units, timestamp } = config;
	if (config.kind === 'delimited' && config.delimiter === undefined) {
		problems.push('a delimited protocol needs a delimiter');
	}
	if (config.decimalComma && config.delimiter === ',') {
		problems.push('a decimal comma cannot be used with the comma delimiter');
	}
	if (channels.length === 0) problems.push('no channels');
	if (units.length !== channels.length) {
		problems.push(`${units.length} units for ${channels.length} channels`);
	}
	const seen = new Set<string>();
	for (const name of channels) {
		if (name.trim() === '') problems.push('a channel name is empty');
		else if (seen.has(name)) problems.push(`channel name '${name}' is used twice`);
		seen.add(name);
	}
	if (timestamp.kind === 'field' && config.kind !== 'delimited') {
		const key = timestamp.key ?? DEFAULT_TIME_KEY;
		if (seen.has(key)) problems.push(`'${key}' is both the timestamp key and a channel`);
	}
	if (!Number.isInteger(config.maxLineChars) || config.maxLineChars <= 0) {
		problems.push(`maxLineChars must be a positive integer, got ${config.maxLineChars}`);
	}
	return problems;
}
