import type { SeededRandom } from '../random';
import { garbageLine, int, pick } from './fuzz-values';
import type { LineProtocolConfig, LineProtocolKind } from './types';

/**
 * Test support for the fuzz tests: streams of lines whose every outcome is known (sample with its
 * values, invalid, long, blank, comment, header), joined with random line endings. Not used at
 * run time. Per-protocol line makers live in `fuzz-lines.ts`.
 */

export type LineClass = 'sample' | 'invalid' | 'long' | 'blank' | 'comment' | 'header';

export interface ExpectedCounts {
	lines: number;
	samples: number;
	invalidLines: number;
	longLines: number;
	blankLines: number;
	commentLines: number;
	headerLines: number;
	gapFields: number;
}

/** A generated stream and what decoding it must give. */
export interface ExpectedStream {
	config: LineProtocolConfig;
	text: string;
	/** Device times (epoch ms) of the samples; null when times are arrival times. */
	t: number[] | null;
	/** `values[c][i]`: channel c of sample i, float32-rounded, NaN for a gap. */
	values: number[][];
	counts: ExpectedCounts;
	/** Keys that must be reported as unknown (labelled, JSON). */
	unknownKeys: Set<string>;
}

/** A sample line as a line maker returns it. */
export interface SampleLine {
	line: string;
	/** Device time in epoch ms, when the config has a timestamp field. */
	t?: number;
	values: number[];
	unknownKeys?: string[];
}

/**
 * Makes lines of one protocol for one config. `sample` returns a valid data line; `invalid` a line
 * the protocol must reject (wrong field count, no number, not an object, foreign protocol…), with
 * the unknown keys it must report; `header` a header line (delimited) or null.
 */
export interface LineMaker {
	sample(random: SeededRandom, timeMs: number): SampleLine;
	invalid(random: SeededRandom): { line: string; unknownKeys?: string[] };
	header(random: SeededRandom, bare: boolean): string | null;
}

/** Random config parts shared by every protocol. */
export function randomBaseConfig(
	random: SeededRandom,
	kind: LineProtocolKind
): Pick<LineProtocolConfig, 'lineEnding' | 'maxLineChars' | 'commentPrefix' | 'timestamp'> {
	const unit = pick(random, ['s', 'ms', 'us'] as const);
	return {
		lineEnding: pick(random, ['auto', 'auto', '\n', '\r\n', '\r'] as const),
		// Small limits make long lines common; 1024 holds every generated data line.
		maxLineChars: random.next() < 0.3 ? int(random, 16, 120) : 1024,
		commentPrefix: random.next() < 0.85 ? '#' : '',
		timestamp:
			random.next() < 0.5
				? { kind: 'arrival' }
				: { kind: 'field', ...(kind === 'delimited' ? {} : { key: 't' }), unit, epoch: true }
	};
}

/**
 * The text of a device timestamp of `timeMs` (an integer) in `unit`, written exactly (no float
 * formatting), and the epoch ms the decoder must compute from it (`Number(text) × ms per unit`).
 */
export function timeText(timeMs: number, unit: 's' | 'ms' | 'us'): { text: string; t: number } {
	if (unit === 'ms') return { text: String(timeMs), t: timeMs };
	if (unit === 'us') {
		const text = String(timeMs * 1000);
		return { text, t: Number(text) * 0.001 };
	}
	const text = `${Math.floor(timeMs / 1000)}.${String(timeMs % 1000).padStart(3, '0')}`;
	return { text, t: Number(text) * 1000 };
}

/**
 * A stream of up to `maxLines` lines of `maker`'s protocol mixed with garbage, long lines, blanks,
 * comments and headers, with the outcome of each line tracked as the decoder defines it.
 */
export function generateStream(
	random: SeededRandom,
	config: LineProtocolConfig,
	maker: LineMaker,
	maxLines: number
): ExpectedStream {
	const timestamp = config.timestamp;
	const expected: ExpectedStream = {
		config,
		text: '',
		t: timestamp.kind === 'field' ? [] : null,
		values: config.channels.map(() => []),
		counts: {
			lines: 0,
			samples: 0,
			invalidLines: 0,
			longLines: 0,
			blankLines: 0,
			commentLines: 0,
			headerLines: 0,
			gapFields: 0
		},
		unknownKeys: new Set()
	};
	const lines: string[] = [];
	let timeMs = 1_700_000_000_000 + int(random, 0, 1e9);
	let sawSample = false;
	let sawHeader = false;
	const classify = (line: string, kind: LineClass) => {
		// Whitespace only is blank, even `\t` meant as two empty tab-separated fields.
		if (line.trim() === '') kind = 'blank';
		else if (line.length > config.maxLineChars) kind = 'long';
		lines.push(line);
		const counts = expected.counts;
		counts.lines++;
		if (kind === 'sample') counts.samples++;
		else if (kind === 'invalid') counts.invalidLines++;
		else if (kind === 'long') counts.longLines++;
		else if (kind === 'blank') counts.blankLines++;
		else if (kind === 'comment') counts.commentLines++;
		else counts.headerLines++;
		return kind;
	};
	const lineCount = int(random, 0, maxLines);
	for (let n = 0; n < lineCount; n++) {
		const roll = random.next();
		if (roll < 0.55) {
			timeMs += int(random, 0, 20);
			const sample = maker.sample(random, timeMs);
			if (classify(sample.line, 'sample') !== 'sample') continue;
			sawSample = true;
			expected.t?.push(sample.t!);
			sample.values.forEach((value, c) => expected.values[c]!.push(value));
			expected.counts.gapFields += sample.values.filter(Number.isNaN).length;
			for (const key of sample.unknownKeys ?? []) expected.unknownKeys.add(key);
		} else if (roll < 0.72) {
			const invalid = maker.invalid(random);
			if (classify(invalid.line, 'invalid') === 'invalid') {
				for (const key of invalid.unknownKeys ?? []) expected.unknownKeys.add(key);
			}
		} else if (roll < 0.77) {
			classify(garbageLine(random, int(random, 1, 40)), 'invalid');
		} else if (roll < 0.82) {
			const length = random.next() < 0.02 ? 20_000 : int(random, 1, config.maxLineChars);
			classify(garbageLine(random, config.maxLineChars + length), 'long');
		} else if (roll < 0.88) {
			classify(pick(random, ['', ' ', '\t', '  \t ']), 'blank');
		} else if (config.commentPrefix !== '' && roll < 0.93) {
			classify(
				`${config.commentPrefix}${pick(random, [' note 42 x', '', ' boot 1.2', '!'])}`,
				'comment'
			);
		} else {
			const bare = random.next() < 0.5;
			const header = maker.header(random, bare || config.commentPrefix === '');
			if (header === null) continue;
			const line = bare || config.commentPrefix === '' ? header : config.commentPrefix + header;
			const isBare = line === header;
			// A bare header counts only before the first sample or as a repeat of an earlier one.
			const kind = isBare && sawSample && !sawHeader ? 'invalid' : 'header';
			if (classify(line, kind) === 'header') sawHeader = true;
		}
	}
	expected.text = joinLines(random, lines, config.lineEnding);
	return expected;
}

/**
 * Lines joined with endings of `mode` (`auto`: a mix of \n, \r\n and \r). The last line sometimes
 * has no ending, which only `flush` completes. In `auto`, a blank line after a `\r` ending never
 * ends in a lone `\n`, which would make `\r\n` of the two and lose the blank line (as it should).
 */
export function joinLines(
	random: SeededRandom,
	lines: readonly string[],
	mode: LineProtocolConfig['lineEnding']
): string {
	let text = '';
	let previous = '';
	lines.forEach((line, index) => {
		let ending: string = mode;
		if (mode === 'auto') {
			ending = pick(random, ['\n', '\r\n', '\r']);
			if (previous === '\r' && line === '' && ending === '\n') ending = '\r\n';
		}
		const last = index === lines.length - 1;
		if (last && line !== '' && random.next() < 0.3) ending = '';
		text += line + ending;
		previous = ending;
	});
	return text;
}
