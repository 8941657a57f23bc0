import { checkLineProtocolConfig, DEFAULT_MAX_LINE_CHARS } from './config';
import {
	isMostlyNumbers,
	MAX_DETECTED_KEYS,
	scoreDelimited,
	scoreJson,
	scoreLabelled,
	splitFields,
	type DelimitedCandidate,
	type KeyedCandidate
} from './detect-candidates';
import { evaluateConfig } from './detect-evaluate';
import { guessTimeField, isTimeName } from './detect-time';
import { headerTokens, parseHeaderName } from './header';
import { parseNumberIn } from './number-field';
import type {
	LineProtocolConfig,
	LineProtocolDetection,
	LineProtocolKind,
	TimestampSource
} from './types';

export interface DetectOptions {
	/** Epoch ms given to preview rows when times are arrival times. Default 0. */
	nowMs?: number;
	/** Default `DEFAULT_MAX_LINE_CHARS`. */
	maxLineChars?: number;
	/** Default `#`; '' for none. */
	commentPrefix?: string;
	/** Rows in the preview frame. Default 20. */
	previewRows?: number;
}

/** Lines looked at; the first few hundred say all there is to say. */
const MAX_SAMPLE_LINES = 500;
/** Below this share of data lines parsing, detection says it cannot tell. */
const MIN_CONFIDENCE = 0.5;
const DELIMITER_NAMES = { ',': 'commas', ';': 'semicolons', '\t': 'tabs', ' ': 'spaces' } as const;

/**
 * Proposes a `LineProtocolConfig` from the first lines a device sent, with a preview and notes
 * for the user to confirm or edit. JSON, labelled and delimited are each scored by the share of
 * lines they explain; the best wins (ties: JSON, then labelled, then delimited). Boot messages and
 * a partial first line cost confidence but not the choice; a last line without an ending is left
 * out (it is probably cut). Returns `ok: false` with a reason when no protocol explains at least
 * half of the lines after the first sample.
 */
export function detectLineProtocol(
	sampleText: string,
	options: DetectOptions = {}
): LineProtocolDetection {
	const notes: string[] = [];
	const maxLineChars = options.maxLineChars ?? DEFAULT_MAX_LINE_CHARS;
	const commentPrefix = options.commentPrefix ?? '#';
	const lines = sampleLines(sampleText, notes).slice(0, MAX_SAMPLE_LINES);
	const isComment = (line: string) =>
		commentPrefix !== '' && line.trimStart().startsWith(commentPrefix);
	const dataLines = lines.filter(
		(line) => line.trim() !== '' && line.length <= maxLineChars && !isComment(line)
	);
	if (dataLines.length === 0) return { ok: false, reason: 'no complete line yet', notes };

	const json = scoreJson(dataLines);
	const labelled = scoreLabelled(dataLines);
	const delimited = scoreDelimited(dataLines);
	const best = Math.max(json.score, labelled.score, delimited?.score ?? 0);
	if (best === 0) {
		return {
			ok: false,
			reason: 'no line holds numbers as JSON, label:value pairs or delimited values',
			notes
		};
	}
	const base = { lineEnding: 'auto' as const, maxLineChars, commentPrefix };
	let proposal: Proposal | string;
	if (json.score === best) proposal = keyedConfig('json', json, notes);
	else if (labelled.score === best) proposal = keyedConfig('labelled', labelled, notes);
	else proposal = delimitedConfig(delimited!, lines, commentPrefix, notes);
	if (typeof proposal === 'string') return { ok: false, reason: proposal, notes };
	const config: LineProtocolConfig = { ...base, ...proposal };
	const problems = checkLineProtocolConfig(config);
	if (problems.length > 0) return { ok: false, reason: problems.join('; '), notes };

	const evaluation = evaluateConfig(config, lines, options.nowMs ?? 0, options.previewRows ?? 20);
	if (evaluation.skippedBeforeData > 0) {
		notes.push(
			`${evaluation.skippedBeforeData} line(s) before the data were skipped (boot messages or a partial first line)`
		);
	}
	if (evaluation.samples === 0)
		return { ok: false, reason: `no line parsed as ${config.kind}`, notes };
	if (evaluation.samples < 3)
		notes.push(`only ${evaluation.samples} data line(s) seen: check the preview`);
	if (evaluation.confidence < MIN_CONFIDENCE) {
		const percent = Math.round(evaluation.confidence * 100);
		return { ok: false, reason: `only ${percent}% of the lines parse as ${config.kind}`, notes };
	}
	return {
		ok: true,
		config,
		confidence: evaluation.confidence,
		preview: evaluation.preview,
		notes
	};
}

type Proposal = Omit<LineProtocolConfig, 'lineEnding' | 'maxLineChars' | 'commentPrefix'>;

/**
 * Lines without endings (any of \r\n, \r, \n); a last line without an ending dropped. Not
 * trimmed: with the tab delimiter a leading tab is an empty field.
 */
function sampleLines(text: string, notes: string[]): string[] {
	const crlf = (text.match(/\r\n/g) ?? []).length;
	const lf = (text.match(/\n/g) ?? []).length - crlf;
	const cr = (text.match(/\r/g) ?? []).length - crlf;
	const endings = [crlf && 'CRLF', lf && 'LF', cr && 'CR'].filter(Boolean);
	if (endings.length > 0) notes.push(`lines end with ${endings.join(' and ')}`);
	const lines = text.split(/\r\n|\r|\n/);
	// Ends with an ending: the split leaves '' last. Otherwise the last line may be cut short.
	if (lines.length > 1) lines.pop();
	return lines;
}

function keyedConfig(
	kind: Exclude<LineProtocolKind, 'delimited'>,
	candidate: KeyedCandidate,
	notes: string[]
): Proposal | string {
	let timestamp: TimestampSource = { kind: 'arrival' };
	let timeKey: string | null = null;
	for (const key of candidate.keys) {
		if (!isTimeName(key)) continue;
		const values = candidate.values.get(key)!.filter((value) => !Number.isNaN(value));
		const guess = guessTimeField(values, key);
		if (!guess) continue;
		timeKey = key;
		timestamp = { kind: 'field', key, unit: guess.unit, epoch: guess.epoch };
		notes.push(guess.note);
		break;
	}
	if (timeKey === null) notes.push('no timestamp key: times are arrival times');
	let channels = candidate.keys.filter((key) => key !== timeKey);
	if (channels.length === 0) return 'no key holds sensor values';
	if (channels.length > MAX_DETECTED_KEYS) {
		notes.push(`${channels.length} keys: the first ${MAX_DETECTED_KEYS} are proposed as channels`);
		channels = channels.slice(0, MAX_DETECTED_KEYS);
	}
	const what = kind === 'json' ? 'JSON objects' : 'label:value pairs';
	notes.push(`${what} with ${channels.length} channel(s): ${channels.join(', ')}`);
	return { kind, channels, units: channels.map(() => ''), timestamp };
}

function delimitedConfig(
	candidate: DelimitedCandidate,
	lines: readonly string[],
	commentPrefix: string,
	notes: string[]
): Proposal {
	const { delimiter, decimalComma, fieldCount, rows } = candidate;
	notes.push(
		fieldCount === 1
			? 'one value per line'
			: `${fieldCount} values separated by ${DELIMITER_NAMES[delimiter]}${decimalComma ? ', decimal comma' : ''}`
	);
	const header = findHeader(lines, candidate, commentPrefix);
	const firstColumn = rows.map((fields) =>
		parseNumberIn(fields[0]!, 0, fields[0]!.length, decimalComma)
	);
	const timeName = header?.length === fieldCount ? parseHeaderName(header[0]!).name : null;
	const time = fieldCount >= 2 ? guessTimeField(firstColumn, timeName) : null;
	const channelCount = fieldCount - (time ? 1 : 0);
	let names: string[] | null = null;
	if (header?.length === fieldCount) names = header.slice(fieldCount - channelCount);
	else if (header?.length === channelCount) names = header;
	else if (header)
		notes.push(`a header with ${header.length} names does not fit ${fieldCount} columns`);
	const parsed = (names ?? []).map(parseHeaderName);
	const channels = names
		? uniqueNames(parsed.map((name) => name.name))
		: Array.from({ length: channelCount }, (_, c) => `ch${c + 1}`);
	notes.push(names ? 'channel names from the header line' : 'no header: channels named ch1..chN');
	notes.push(time ? time.note : 'no timestamp column: times are arrival times');
	return {
		kind: 'delimited',
		delimiter,
		...(decimalComma ? { decimalComma } : {}),
		channels,
		units: names ? parsed.map((name) => name.unit) : channels.map(() => ''),
		timestamp: time ? { kind: 'field', unit: time.unit, epoch: time.epoch } : { kind: 'arrival' },
		// With a header or invented names, a header arriving later is welcome to name the channels.
		channelsFromHeader: true
	};
}

/**
 * The header: the last commented line of names that fits the data (`fieldCount` names, or one
 * fewer when the first column is a timestamp), or a bare one right before the first data line
 * (a sketch prints its header in `setup()`, just before `loop()` prints data; a banner further
 * up, `Booting sensor v2`, is not taken for one).
 */
function findHeader(
	lines: readonly string[],
	candidate: DelimitedCandidate,
	commentPrefix: string
): string[] | null {
	const { delimiter, fieldCount, decimalComma } = candidate;
	const fits = (tokens: string[] | null): tokens is string[] =>
		tokens !== null && (tokens.length === fieldCount || tokens.length === fieldCount - 1);
	let header: string[] | null = null;
	let previous: string | null = null;
	let sawData = false;
	for (const raw of lines) {
		const line = raw.trim();
		if (line === '') continue;
		if (commentPrefix !== '' && line.startsWith(commentPrefix)) {
			const tokens = headerTokens(line.slice(commentPrefix.length), delimiter);
			if (fits(tokens)) header = tokens;
			continue;
		}
		const fields = splitFields(raw, delimiter);
		if (!sawData && fields.length === fieldCount && isMostlyNumbers(fields, decimalComma)) {
			sawData = true;
			const tokens = previous === null ? null : headerTokens(previous, delimiter);
			if (fits(tokens) && header === null) header = tokens;
		}
		previous = line;
	}
	return header;
}

function uniqueNames(names: string[]): string[] {
	const seen = new Map<string, number>();
	return names.map((name) => {
		const count = (seen.get(name) ?? 0) + 1;
		seen.set(name, count);
		return count === 1 ? name : `${name}_${count}`;
	});
}
