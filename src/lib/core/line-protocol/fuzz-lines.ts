import type { SeededRandom } from '../random';
import { fieldText, int, numberText, pick, type FieldText } from './fuzz-values';
import { timeText, type LineMaker, type SampleLine } from './fuzz-streams';
import type { LineProtocolConfig, LineProtocolKind } from './types';

/**
 * Test support for the fuzz tests: one `LineMaker` per protocol, each making data lines whose
 * decoded values are known and invalid lines the protocol must reject. Not used at run time.
 */

function shuffle<T>(random: SeededRandom, items: T[]): T[] {
	for (let i = items.length - 1; i > 0; i--) {
		const j = int(random, 0, i);
		[items[i], items[j]] = [items[j]!, items[i]!];
	}
	return items;
}

function timeOf(config: LineProtocolConfig, timeMs: number): { text: string; t: number } | null {
	if (config.timestamp.kind !== 'field') return null;
	const time = timeText(timeMs, config.timestamp.unit);
	// The timestamp column is read with the same decimal mark as the values.
	return config.decimalComma ? { ...time, text: time.text.replace('.', ',') } : time;
}

/** A line of another protocol (never valid for a decoder of `kind`). */
function foreignLine(
	random: SeededRandom,
	channels: readonly string[],
	kind: LineProtocolKind
): string {
	const values = channels.map(
		(name) => [name, Number(numberText(random).value.toFixed(2))] as const
	);
	const kinds = (['delimited', 'labelled', 'json'] as const).filter((other) => other !== kind);
	switch (pick(random, kinds)) {
		case 'delimited':
			return values.map(([, value]) => value).join(pick(random, [',', ' ', ';']));
		case 'labelled':
			return values.map(([name, value]) => `${name}:${value}`).join(',');
		default:
			return JSON.stringify(Object.fromEntries(values));
	}
}

export function delimitedMaker(config: LineProtocolConfig): LineMaker {
	const delimiter = config.delimiter!;
	const decimalComma = config.decimalComma ?? false;
	const hasTime = config.timestamp.kind === 'field';
	const expectedFields = config.channels.length + (hasTime ? 1 : 0);
	/** Fields joined; a sample may end with one extra delimiter (tolerated), an invalid line not. */
	const join = (random: SeededRandom, texts: string[], trailing = false) => {
		if (delimiter === ' ') return texts.join(pick(random, [' ', '  ', '\t', ' \t ']));
		const padded = texts.map((text) => (random.next() < 0.1 ? ` ${text} ` : text));
		return padded.join(delimiter) + (trailing && random.next() < 0.1 ? delimiter : '');
	};
	const number = (random: SeededRandom) => {
		const text = numberText(random).text;
		return decimalComma ? text.replace('.', ',') : text;
	};
	return {
		sample(random, timeMs): SampleLine {
			const options = { allowEmpty: delimiter !== ' ', decimalComma };
			const fields: FieldText[] = config.channels.map(() => fieldText(random, options));
			// A line of text and no number is not a sample; make one field a number.
			if (!hasTime && fields.some((f) => f.isText) && !fields.some((f) => f.isNumber)) {
				let field: FieldText;
				do field = fieldText(random, options);
				while (!field.isNumber);
				fields[int(random, 0, fields.length - 1)] = field;
			}
			// One channel, one empty field, no time: a blank line, not a sample.
			if (fields.length === 1 && !hasTime && fields[0]!.text === '') {
				fields[0] = { text: 'nan', expected: NaN, isNumber: false, isText: false };
			}
			const texts = fields.map((f) => f.text);
			const time = timeOf(config, timeMs);
			if (time) texts.unshift(time.text);
			return { line: join(random, texts, true), t: time?.t, values: fields.map((f) => f.expected) };
		},
		invalid(random) {
			const kind = int(random, 0, hasTime ? 3 : 2);
			if (kind === 0) {
				let count: number;
				do count = int(random, 1, expectedFields + 3);
				while (count === expectedFields);
				return {
					line: join(
						random,
						Array.from({ length: count }, () => number(random))
					)
				};
			}
			if (kind === 1) {
				const words = ['e:1', 'err:', 'x:y', ':', '3x'];
				return {
					line: join(
						random,
						Array.from({ length: expectedFields }, () => pick(random, words))
					)
				};
			}
			if (kind === 2) return { line: foreignLine(random, config.channels, 'delimited') };
			return { line: join(random, ['abc', ...config.channels.map(() => number(random))]) };
		},
		header(random, bare) {
			const names = hasTime && random.next() < 0.5 ? ['time', ...config.channels] : config.channels;
			// A bare header is cut like the data; a commented one may also be `# a b c`.
			if (delimiter === ' ' || (!bare && random.next() < 0.3)) return names.join(' ');
			return names.join(delimiter);
		}
	};
}

export function labelledMaker(config: LineProtocolConfig): LineMaker {
	const channels = config.channels;
	const hasTime = config.timestamp.kind === 'field';
	const render = (random: SeededRandom, pairs: [string, string][]) => {
		const separator = pick(random, [',', ' ', ', ', '\t', ' , ']);
		const texts = pairs.map(([key, value]) => `${key}:${random.next() < 0.2 ? ' ' : ''}${value}`);
		return texts.join(separator) + (random.next() < 0.1 ? separator : '');
	};
	return {
		sample(random, timeMs): SampleLine {
			const pairs: { key: string; text: string; channel: number; expected: number }[] = [];
			channels.forEach((key, channel) => {
				const times = random.next() < 0.15 ? 0 : random.next() < 0.1 ? 2 : 1;
				for (let k = 0; k < times; k++) {
					const { text, expected } = fieldText(random, { allowEmpty: true, decimalComma: false });
					pairs.push({ key, text, channel, expected });
				}
			});
			if (pairs.length === 0) pairs.push({ key: channels[0]!, text: '1', channel: 0, expected: 1 });
			const unknownKeys: string[] = [];
			if (random.next() < 0.2) {
				const key = `u${int(random, 0, 3)}`;
				unknownKeys.push(key);
				pairs.push({ key, text: numberText(random).text, channel: -1, expected: NaN });
			}
			const time = timeOf(config, timeMs);
			if (time) pairs.push({ key: 't', text: time.text, channel: -1, expected: NaN });
			shuffle(random, pairs);
			// A key given twice keeps its last value; a missing one is a gap.
			const values = channels.map(() => NaN);
			for (const pair of pairs) if (pair.channel >= 0) values[pair.channel] = pair.expected;
			const line = render(
				random,
				pairs.map((pair) => [pair.key, pair.text])
			);
			return { line, t: time?.t, values, unknownKeys };
		},
		invalid(random) {
			const kind = int(random, 0, hasTime ? 4 : 2);
			if (kind === 0) {
				const keys = [`u${int(random, 4, 6)}`, 'u7'];
				const line = render(
					random,
					keys.map((key) => [key, numberText(random).text])
				);
				return { line, unknownKeys: keys };
			}
			if (kind === 1) return { line: [1.5, 2, -3].join(pick(random, [',', ' ', ';'])) };
			if (kind === 2) return { line: foreignLine(random, channels, 'labelled') };
			if (kind === 3) return { line: render(random, [[channels[0]!, '1.5']]) }; // no time key
			return {
				line: render(random, [
					['t', 'abc'],
					[channels[0]!, '2']
				])
			};
		},
		header: () => null
	};
}

/** A JSON leaf as raw text and the value the decoder must store. */
function jsonLeaf(random: SeededRandom): { raw: string; expected: number } {
	const roll = random.next();
	const stored = (value: number) => {
		const f = Math.fround(value);
		return Number.isFinite(f) ? f : NaN;
	};
	if (roll < 0.1)
		return pick(random, [
			{ raw: 'true', expected: 1 },
			{ raw: 'false', expected: 0 }
		]);
	if (roll < 0.2) {
		const raw = pick(random, [
			'null',
			'"abc"',
			'NaN',
			'-Infinity',
			'Infinity',
			'1e39',
			'1e400',
			'""'
		]);
		return { raw, expected: NaN };
	}
	const { text, value } = numberText(random);
	if (roll < 0.3) return { raw: JSON.stringify(text), expected: stored(value) };
	const raw = JSON.stringify(value);
	return { raw, expected: stored(JSON.parse(raw) as number) };
}

/** `{"k": v, ...}` from raw entries, with random spaces after `:` and `,`. */
function renderObject(random: SeededRandom, entries: [string, string][]): string {
	const space = () => (random.next() < 0.2 ? ' ' : '');
	return `{${entries.map(([key, raw]) => `${JSON.stringify(key)}:${space()}${raw}`).join(`,${space()}`)}}`;
}

/**
 * JSON lines for channels named `c0` (flat), `g1.x` (nested) or `a2.0` (in an array): config
 * channels must be made by `jsonChannelNames`.
 */
export function jsonMaker(config: LineProtocolConfig): LineMaker {
	const channels = config.channels;
	const hasTime = config.timestamp.kind === 'field';
	const sampleEntries = (random: SeededRandom, timeMs: number, withTime: boolean) => {
		const entries: [string, string][] = [];
		const values = channels.map(() => NaN);
		const unknownKeys: string[] = [];
		channels.forEach((name, c) => {
			if (random.next() < 0.15) return;
			const leaf = jsonLeaf(random);
			values[c] = leaf.expected;
			const [top, inner] = name.split('.');
			if (inner === undefined) entries.push([top!, leaf.raw]);
			else if (inner === 'x') {
				const sibling = random.next() < 0.3;
				if (sibling) unknownKeys.push(`${top}.y`);
				entries.push([
					top!,
					renderObject(
						random,
						sibling
							? [
									['x', leaf.raw],
									['y', '7']
								]
							: [['x', leaf.raw]]
					)
				]);
			} else {
				const extra = random.next() < 0.3;
				if (extra) unknownKeys.push(`${top}.1`);
				entries.push([top!, `[${leaf.raw}${extra ? ',8' : ''}]`]);
			}
		});
		if (entries.length === 0) {
			entries.push([
				channels[0]!.split('.')[0]!,
				channels[0]!.includes('.x') ? '{"x":1}' : channels[0]!.includes('.') ? '[1]' : '1'
			]);
			values[0] = 1;
		}
		if (random.next() < 0.2) {
			const key = `u${int(random, 0, 3)}`;
			unknownKeys.push(key);
			entries.push([key, '3.5']);
		}
		if (random.next() < 0.1) entries.push(['id', '"esp32"']);
		const time = timeOf(config, timeMs);
		if (time && withTime) entries.push(['t', time.text]);
		shuffle(random, entries);
		return { line: renderObject(random, entries), t: time?.t, values, unknownKeys };
	};
	return {
		sample: (random, timeMs) => sampleEntries(random, timeMs, true),
		invalid(random) {
			const kind = int(random, 0, hasTime ? 5 : 3);
			if (kind === 0) {
				const { line } = sampleEntries(random, 0, true);
				return { line: line.slice(0, int(random, 1, line.length - 1)) };
			}
			if (kind === 1) return { line: pick(random, ['[1,2]', '42', '"s"', 'null', 'true', '{}']) };
			if (kind === 2) return { line: '{"u7": 1, "id": "x"}', unknownKeys: ['u7'] };
			if (kind === 3) return { line: foreignLine(random, channels, 'json') };
			if (kind === 4) return { line: sampleEntries(random, 0, false).line };
			return { line: `{"t": "abc", ${JSON.stringify(channels[0]!.split('.')[0])}: 1}` };
		},
		header: () => null
	};
}

/** Channel names for `jsonMaker`: `c0`, `g1.x` or `a2.0` by index. */
export function jsonChannelNames(random: SeededRandom, count: number): string[] {
	return Array.from({ length: count }, (_, c) => pick(random, [`c${c}`, `g${c}.x`, `a${c}.0`]));
}
