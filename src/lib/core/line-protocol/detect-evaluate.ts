import { createLineDecoder } from './decoder';
import type { Frame } from '../frame';
import type { LineProtocolConfig } from './types';

/** How a proposed config reads the sample, measured with the real decoder. */
export interface ConfigEvaluation {
	samples: number;
	/** Share of sample lines after the first sample that parsed (long lines count as failures). */
	confidence: number;
	/** Lines rejected before the first sample: boot messages, a partial first line. */
	skippedBeforeData: number;
	/** The first `previewRows` samples. */
	preview: Frame;
}

/**
 * Runs `lines` (without endings) through a decoder made from `config`, one line per push so each
 * line's fate is known, and measures the share that parsed after the data began: garbage before
 * the first sample is expected when connecting to a running device and is reported, not scored.
 */
export function evaluateConfig(
	config: LineProtocolConfig,
	lines: readonly string[],
	nowMs: number,
	previewRows: number
): ConfigEvaluation {
	const decoder = createLineDecoder(config);
	const t: number[] = [];
	const channels: number[][] = config.channels.map(() => []);
	let skippedBeforeData = 0;
	let failedAfterData = 0;
	let samples = 0;
	for (const line of lines) {
		const before = decoder.stats;
		const { frame } = decoder.push(`${line}\n`, nowMs);
		const after = decoder.stats;
		const failed =
			after.invalidLines - before.invalidLines + (after.longLines - before.longLines) > 0;
		if (frame.t.length > 0) {
			samples++;
			if (t.length < previewRows) {
				t.push(frame.t[0]!);
				frame.channels.forEach((column, c) => channels[c]!.push(column[0]!));
			}
		} else if (failed) {
			if (samples === 0) skippedBeforeData++;
			else failedAfterData++;
		}
	}
	return {
		samples,
		confidence: samples === 0 ? 0 : samples / (samples + failedAfterData),
		skippedBeforeData,
		preview: {
			t: Float64Array.from(t),
			channels: channels.map((column) => Float32Array.from(column))
		}
	};
}
