import { createLineDecoder } from './decoder';
import type { DecodedBatch, LineDecoderStats, LineProtocolConfig, RejectedLine } from './types';

/** Test support: a config with defaults (delimited by `,`, arrival times, `auto` endings). */
export function lineConfig(overrides: Partial<LineProtocolConfig> = {}): LineProtocolConfig {
	const channels = overrides.channels ?? ['a', 'b'];
	return {
		kind: 'delimited',
		delimiter: ',',
		channels,
		units: channels.map(() => ''),
		timestamp: { kind: 'arrival' },
		lineEnding: 'auto',
		maxLineChars: 4096,
		commentPrefix: '#',
		...overrides
	};
}

/** Everything decoding `pieces` (pushed at 1000, 1010, … ms, then flushed) gave, joined up. */
export interface Decoded {
	t: number[];
	/** `values[c]`: channel c of every sample, as plain numbers. */
	values: number[][];
	rejected: RejectedLine[];
	unknownKeys: string[];
	renamed: string[][];
	stats: LineDecoderStats;
	config: LineProtocolConfig;
	batches: DecodedBatch[];
}

/** Test support: decodes text (a string is one push) with a fresh decoder. */
export function decodeText(
	config: LineProtocolConfig,
	pieces: string | readonly string[]
): Decoded {
	const decoder = createLineDecoder(config);
	const batches: DecodedBatch[] = [];
	let arrivalMs = 1000;
	for (const piece of typeof pieces === 'string' ? [pieces] : pieces) {
		batches.push(decoder.push(piece, arrivalMs));
		arrivalMs += 10;
	}
	batches.push(decoder.flush(arrivalMs));
	return {
		t: batches.flatMap((batch) => [...batch.frame.t]),
		values: config.channels.map((_, c) =>
			batches.flatMap((batch) => [...batch.frame.channels[c]!])
		),
		rejected: batches.flatMap((batch) => batch.rejected),
		unknownKeys: batches.flatMap((batch) => batch.unknownKeys ?? []),
		renamed: batches.flatMap((batch) => (batch.channels ? [batch.channels] : [])),
		stats: decoder.stats,
		config: decoder.config,
		batches
	};
}
