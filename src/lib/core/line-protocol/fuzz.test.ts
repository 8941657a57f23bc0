import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../random';
import { createLineDecoder, MAX_REJECTED_PER_PUSH } from './decoder';
import { delimitedMaker, jsonChannelNames, jsonMaker, labelledMaker } from './fuzz-lines';
import { generateStream, randomBaseConfig, type ExpectedStream } from './fuzz-streams';
import { cutIntoPieces, int, pick, randomText } from './fuzz-values';
import type { DecodedBatch, LineDecoderStats, LineProtocolConfig, LineProtocolKind } from './types';

/**
 * Fuzz tests with a known answer. Each input is a fresh decoder with a random config fed a
 * generated stream (valid lines mixed with invalid ones, garbage, other protocols' lines, long
 * lines up to 20,000 characters, blanks, comments, headers) cut at random places. The oracle: no
 * exception escapes, the samples equal the valid lines' values exactly (float32-rounded, NaN for
 * gaps), and every counter equals what was generated (invalid + long lines included).
 */

const INPUTS = 10_000;
/** About 1 s each here; generous so a machine busy with other work does not fail them. */
const FUZZ_TIMEOUT_MS = 60_000;
const KINDS: LineProtocolKind[] = ['delimited', 'labelled', 'json'];

function randomConfig(random: SeededRandom, kind: LineProtocolKind): LineProtocolConfig {
	const channelCount = int(random, 1, 8);
	const base = randomBaseConfig(random, kind);
	const channels =
		kind === 'json'
			? jsonChannelNames(random, channelCount)
			: Array.from({ length: channelCount }, (_, c) => `c${c}`);
	const config: LineProtocolConfig = { ...base, kind, channels, units: channels.map(() => '') };
	if (kind === 'delimited') {
		config.delimiter = pick(random, [',', ';', '\t', ' '] as const);
		if (config.delimiter !== ',' && random.next() < 0.3) config.decimalComma = true;
		config.channelsFromHeader = random.next() < 0.5;
	}
	return config;
}

function makerFor(config: LineProtocolConfig) {
	if (config.kind === 'delimited') return delimitedMaker(config);
	return config.kind === 'labelled' ? labelledMaker(config) : jsonMaker(config);
}

interface Decoded {
	batches: { batch: DecodedBatch; arrivalMs: number }[];
	t: number[];
	values: number[][];
}

/** Pushes `pieces` with rising arrival times, then flushes; everything it returned, in order. */
function decode(config: LineProtocolConfig, pieces: readonly string[], random: SeededRandom) {
	const decoder = createLineDecoder(config);
	const decoded: Decoded = { batches: [], t: [], values: config.channels.map(() => []) };
	let arrivalMs = 1_600_000_000_000;
	const take = (batch: DecodedBatch) => {
		decoded.batches.push({ batch, arrivalMs });
		decoded.t.push(...batch.frame.t);
		batch.frame.channels.forEach((column, c) => decoded.values[c]!.push(...column));
	};
	for (const piece of pieces) {
		arrivalMs += int(random, 0, 20);
		take(decoder.push(piece, arrivalMs));
	}
	take(decoder.flush(++arrivalMs));
	return { decoder, decoded };
}

/** The first difference between two value lists (NaN equals NaN, -0 differs from 0), or null. */
function firstDifference(actual: readonly number[], expected: readonly number[]): string | null {
	if (actual.length !== expected.length)
		return `${actual.length} values, expected ${expected.length}`;
	for (let i = 0; i < actual.length; i++) {
		if (!Object.is(actual[i], expected[i])) return `[${i}] ${actual[i]}, expected ${expected[i]}`;
	}
	return null;
}

/** What is wrong with one decoded stream, or null. */
function checkStream(expected: ExpectedStream, random: SeededRandom): string | null {
	const { config } = expected;
	const { decoder, decoded } = decode(config, cutIntoPieces(random, expected.text), random);
	const stats = decoder.stats;
	for (const [name, count] of Object.entries(expected.counts)) {
		const actual = stats[name as keyof typeof stats];
		if (actual !== count) return `stats.${name} ${actual}, expected ${count}`;
	}
	if (stats.bytes !== expected.text.length) return `stats.bytes ${stats.bytes}`;
	for (let c = 0; c < config.channels.length; c++) {
		const difference = firstDifference(decoded.values[c]!, expected.values[c]!);
		if (difference) return `channel ${config.channels[c]}: ${difference}`;
	}
	if (expected.t) {
		const difference = firstDifference(decoded.t, expected.t);
		if (difference) return `t: ${difference}`;
	}
	const reported = new Set<string>();
	let lastT = -Infinity;
	for (const { batch, arrivalMs } of decoded.batches) {
		if (batch.rejected.length > MAX_REJECTED_PER_PUSH) return `${batch.rejected.length} rejected`;
		for (const t of batch.frame.t) {
			if (t < lastT) return `t fell from ${lastT} to ${t}`;
			if (!expected.t && t > arrivalMs) return `arrival t ${t} after its push at ${arrivalMs}`;
			lastT = t;
		}
		for (const key of batch.unknownKeys ?? []) {
			if (reported.has(key)) return `unknown key '${key}' reported twice`;
			if (config.channels.includes(key)) return `channel '${key}' reported as unknown`;
			reported.add(key);
		}
	}
	for (const key of expected.unknownKeys) if (!reported.has(key)) return `'${key}' not reported`;
	return null;
}

describe('line decoder fuzz: generated streams with known content', () => {
	for (const [k, kind] of KINDS.entries()) {
		it(
			`${kind}: ${INPUTS} streams, every valid sample kept, every invalid line counted`,
			() => {
				const random = new SeededRandom(0x5eed + k);
				const failures: string[] = [];
				let lines = 0;
				let invalid = 0;
				for (let input = 0; input < INPUTS && failures.length < 5; input++) {
					const config = randomConfig(random, kind);
					const expected = generateStream(random, config, makerFor(config), 8);
					lines += expected.counts.lines;
					invalid += expected.counts.invalidLines + expected.counts.longLines;
					const problem = checkStream(expected, random);
					if (problem)
						failures.push(
							`input ${input}: ${problem}\n${JSON.stringify(expected.config)}\n${JSON.stringify(expected.text.slice(0, 600))}`
						);
				}
				expect(failures).toEqual([]);
				// The generator really mixed things in (guards against a generator that went quiet).
				expect(invalid).toBeGreaterThan(lines / 10);
			},
			FUZZ_TIMEOUT_MS
		);
	}
});

/** What breaks the decoder's invariants in one decode, or null. */
function checkInvariants(config: LineProtocolConfig, decoded: Decoded, stats: LineDecoderStats) {
	const kinds =
		stats.samples +
		stats.invalidLines +
		stats.longLines +
		stats.headerLines +
		stats.commentLines +
		stats.blankLines;
	if (kinds !== stats.lines) return `line kinds add up to ${kinds}, lines ${stats.lines}`;
	if (decoded.t.length !== stats.samples)
		return `${decoded.t.length} rows, ${stats.samples} samples`;
	let lastT = -Infinity;
	for (const t of decoded.t) {
		if (!(t >= lastT)) return `t ${t} after ${lastT}`;
		lastT = t;
	}
	for (const column of decoded.values) {
		if (column.length !== decoded.t.length) return `column of ${column.length} rows`;
		if (column.some((v) => v === Infinity || v === -Infinity)) return 'an infinite value';
	}
	let lastLine = 0;
	for (const { batch } of decoded.batches) {
		if (batch.frame.channels.length !== config.channels.length) return 'wrong channel count';
		if (batch.rejected.length > MAX_REJECTED_PER_PUSH) return `${batch.rejected.length} rejected`;
		for (const { line, excerpt } of batch.rejected) {
			if (line <= lastLine || line > stats.lines) return `rejected line number ${line}`;
			if (excerpt.length > 120) return `excerpt of ${excerpt.length} characters`;
			lastLine = line;
		}
	}
	return null;
}

describe('line decoder fuzz: random text', () => {
	for (const [k, kind] of KINDS.entries()) {
		it(
			`${kind}: ${INPUTS} random texts never throw, keep the invariants and decode the same however cut`,
			() => {
				const random = new SeededRandom(0xbad + k);
				const failures: string[] = [];
				for (let input = 0; input < INPUTS && failures.length < 5; input++) {
					const config = randomConfig(random, kind);
					let text = randomText(random, int(random, 0, 160));
					// Some valid lines among the noise, so the value paths run too.
					if (random.next() < 0.5)
						text += `\n${makerFor(config).sample(random, 1e12 + input).line}\n`;
					const whole = decode(config, [text], random);
					const cut = decode(config, cutIntoPieces(random, text), random);
					const problem =
						checkInvariants(config, whole.decoded, whole.decoder.stats) ??
						checkInvariants(config, cut.decoded, cut.decoder.stats) ??
						sameDecode(whole, cut);
					if (problem)
						failures.push(
							`input ${input}: ${problem}\n${JSON.stringify(config)}\n${JSON.stringify(text)}`
						);
				}
				expect(failures).toEqual([]);
			},
			FUZZ_TIMEOUT_MS
		);
	}
});

/** Where two decodes of the same text differ (times only compared when they come from the text). */
function sameDecode(a: ReturnType<typeof decode>, b: ReturnType<typeof decode>): string | null {
	const statsA = JSON.stringify(a.decoder.stats);
	const statsB = JSON.stringify(b.decoder.stats);
	if (statsA !== statsB) return `stats differ when cut: ${statsA} vs ${statsB}`;
	for (let c = 0; c < a.decoded.values.length; c++) {
		const difference = firstDifference(b.decoded.values[c]!, a.decoded.values[c]!);
		if (difference) return `cut changed channel ${c}: ${difference}`;
	}
	const fromText =
		a.decoder.config.timestamp.kind === 'field' && a.decoder.stats.timestampResets === 0;
	const difference = fromText ? firstDifference(b.decoded.t, a.decoded.t) : null;
	if (difference) return `cut changed t: ${difference}`;
	const keys = (d: Decoded) => d.batches.flatMap(({ batch }) => batch.unknownKeys ?? []).join('|');
	if (keys(a.decoded) !== keys(b.decoded)) return 'cut changed the unknown keys';
	return null;
}
