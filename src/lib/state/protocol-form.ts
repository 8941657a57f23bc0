import { checkLineProtocolConfig, DEFAULT_MAX_LINE_CHARS } from '../core/line-protocol';
import type { Delimiter, LineProtocolConfig, LineProtocolKind } from '../core/line-protocol/types';
import { AUTO_DETECT_PROTOCOL } from '../io/auto-detect-decoder';

/** What the user chose for the line format: detect it, or spell it out. */
export interface ProtocolForm {
	kind: 'auto' | LineProtocolKind;
	delimiter: Delimiter;
	decimalComma: boolean;
	/** Channel names, comma separated (delimited: in column order, after any time column). */
	channelNames: string;
	/** Units, comma separated, same order; may be empty. */
	units: string;
	/** `arrival`: stamp samples on arrival; `field`: the line carries the time. */
	time: 'arrival' | 'field';
	/** Labelled/JSON: the key holding the time. */
	timeKey: string;
	timeUnit: 's' | 'ms' | 'us';
	/** The time is Unix time (true) or a device counter such as millis() since boot (false). */
	timeEpoch: boolean;
}

export const DEFAULT_PROTOCOL_FORM: Readonly<ProtocolForm> = Object.freeze({
	kind: 'auto',
	delimiter: ',',
	decimalComma: false,
	channelNames: '',
	units: '',
	time: 'arrival',
	timeKey: 't',
	timeUnit: 'ms',
	timeEpoch: false
});

const splitList = (text: string) =>
	text
		.split(',')
		.map((part) => part.trim())
		.filter((part, i, all) => part !== '' || i < all.length - 1);

/**
 * The decoder configuration a form describes, or the problems to show next to it. `auto` gives
 * the placeholder protocol that makes a source detect the format from its first lines.
 */
export function protocolFromForm(
	form: ProtocolForm
): { ok: true; config: LineProtocolConfig } | { ok: false; problems: string[] } {
	if (form.kind === 'auto') return { ok: true, config: AUTO_DETECT_PROTOCOL };
	const channels = splitList(form.channelNames);
	const units = splitList(form.units);
	if (units.length > channels.length) {
		return { ok: false, problems: [`${units.length} units for ${channels.length} channels`] };
	}
	const config: LineProtocolConfig = {
		kind: form.kind,
		...(form.kind === 'delimited' ? { delimiter: form.delimiter } : {}),
		...(form.decimalComma ? { decimalComma: true } : {}),
		channels,
		units: channels.map((_, c) => units[c] ?? ''),
		timestamp:
			form.time === 'arrival'
				? { kind: 'arrival' }
				: {
						kind: 'field',
						...(form.kind === 'delimited' ? {} : { key: form.timeKey.trim() || 't' }),
						unit: form.timeUnit,
						epoch: form.timeEpoch
					},
		lineEnding: 'auto',
		maxLineChars: DEFAULT_MAX_LINE_CHARS,
		commentPrefix: '#',
		channelsFromHeader: false
	};
	const problems = checkLineProtocolConfig(config);
	return problems.length > 0 ? { ok: false, problems } : { ok: true, config };
}

/** The form that describes `config` (to edit what detection found). */
export function formFromProtocol(config: LineProtocolConfig): ProtocolForm {
	const { timestamp } = config;
	return {
		kind: config.kind,
		delimiter: config.delimiter ?? ',',
		decimalComma: config.decimalComma ?? false,
		channelNames: config.channels.join(', '),
		units: config.units.some((unit) => unit !== '') ? config.units.join(', ') : '',
		time: timestamp.kind,
		timeKey: timestamp.kind === 'field' ? (timestamp.key ?? 't') : 't',
		timeUnit: timestamp.kind === 'field' ? timestamp.unit : 'ms',
		timeEpoch: timestamp.kind === 'field' ? timestamp.epoch : false
	};
}

/** One line for the UI: "comma-separated, 8 channels, time in ms (Unix time)". */
export function describeProtocol(config: LineProtocolConfig): string {
	const kind =
		config.kind === 'json'
			? 'JSON lines'
			: config.kind === 'labelled'
				? 'labelled values (name:value)'
				: `${DELIMITER_WORDS[config.delimiter ?? ',']}-separated`;
	const { timestamp } = config;
	const time =
		timestamp.kind === 'arrival'
			? 'stamped on arrival'
			: `time in ${timestamp.unit} (${timestamp.epoch ? 'Unix time' : 'device counter'})`;
	return `${kind}, ${config.channels.length} channel${config.channels.length === 1 ? '' : 's'}, ${time}`;
}

const DELIMITER_WORDS: Record<Delimiter, string> = {
	',': 'comma',
	';': 'semicolon',
	'\t': 'tab',
	' ': 'space'
};
