import { createLineDecoder, detectLineProtocol } from '../core/line-protocol';
import type {
	DecodedBatch,
	LineDecoder,
	LineDecoderStats,
	LineProtocolConfig,
	LineProtocolDetection
} from '../core/line-protocol/types';
import type { DecoderFactory } from './text-ingest';

/** Complete lines to see before detecting: enough for a header, a boot banner and real samples. */
export const DETECT_MIN_LINES = 12;
/** Text held while waiting for those lines; past it, detection runs on what there is. */
export const DETECT_MAX_CHARS = 16 * 1024;

/**
 * The protocol a source starts with when the user chose "auto-detect": no channels yet. A
 * decoder factory from `autoDetectingDecoders` recognises it by its empty channel list.
 */
export const AUTO_DETECT_PROTOCOL: Readonly<LineProtocolConfig> = Object.freeze<LineProtocolConfig>(
	{
		kind: 'delimited',
		delimiter: ',',
		channels: [],
		units: [],
		timestamp: { kind: 'arrival' },
		lineEnding: 'auto',
		maxLineChars: 4096,
		commentPrefix: '#'
	}
);

const EMPTY_BATCH = (): DecodedBatch => ({
	frame: { t: new Float64Array(0), channels: [] },
	rejected: []
});

/**
 * A decoder that first listens: it holds the first lines a device sends, runs
 * `detectLineProtocol` on them, then decodes everything (the held lines first) with the detected
 * configuration, so no sample of the start is lost. Until then it has no channels. When the held
 * text cannot be recognised it keeps the newest half and tries again, and says why in
 * `detection` (for the Live page's preview).
 */
export class AutoDetectingDecoder implements LineDecoder {
	#held = '';
	#heldBytes = 0;
	#inner: LineDecoder | undefined;
	/** The latest detection attempt; undefined until there was enough text to try. */
	detection: LineProtocolDetection | undefined;

	get config(): LineProtocolConfig {
		return this.#inner?.config ?? AUTO_DETECT_PROTOCOL;
	}

	get stats(): LineDecoderStats {
		if (this.#inner) return this.#inner.stats;
		return {
			bytes: this.#heldBytes,
			lines: 0,
			samples: 0,
			invalidLines: 0,
			longLines: 0,
			gapFields: 0,
			headerLines: 0,
			commentLines: 0,
			blankLines: 0,
			timestampResets: 0
		};
	}

	push(text: string, arrivalMs: number): DecodedBatch {
		if (this.#inner) return this.#inner.push(text, arrivalMs);
		this.#held += text;
		this.#heldBytes += text.length;
		if (countLineEnds(this.#held) < DETECT_MIN_LINES && this.#held.length < DETECT_MAX_CHARS) {
			return EMPTY_BATCH();
		}
		return this.#detect(arrivalMs);
	}

	flush(arrivalMs: number): DecodedBatch {
		if (this.#inner) return this.#inner.flush(arrivalMs);
		if (this.#held.trim() === '') return EMPTY_BATCH();
		const batch = this.#detect(arrivalMs);
		// #detect may have created the inner decoder (TypeScript still narrows it to undefined).
		const inner = this.#inner as LineDecoder | undefined;
		return inner ? mergeBatches(batch, inner.flush(arrivalMs)) : batch;
	}

	#detect(arrivalMs: number): DecodedBatch {
		const detection = detectLineProtocol(this.#held, { nowMs: arrivalMs });
		this.detection = detection;
		if (!detection.ok) {
			// Keep listening on the newest text: a long boot log may come before the samples.
			if (this.#held.length >= DETECT_MAX_CHARS)
				this.#held = this.#held.slice(-DETECT_MAX_CHARS / 2);
			return EMPTY_BATCH();
		}
		this.#inner = createLineDecoder(detection.config);
		const held = this.#held;
		this.#held = '';
		return this.#inner.push(held, arrivalMs);
	}
}

/**
 * A decoder factory for sources: the auto-detect protocol gets an `AutoDetectingDecoder`, any
 * real configuration (including the detected one, when the source reconnects) a plain decoder.
 * `onCreate` sees every decoder made, so the UI can show the detection.
 */
export function autoDetectingDecoders(onCreate?: (decoder: LineDecoder) => void): DecoderFactory {
	return (config) => {
		const decoder =
			config.channels.length === 0 ? new AutoDetectingDecoder() : createLineDecoder(config);
		onCreate?.(decoder);
		return decoder;
	};
}

function countLineEnds(text: string): number {
	let count = 0;
	for (let i = 0; i < text.length; i++) {
		const code = text.charCodeAt(i);
		if (code === 10 || (code === 13 && text.charCodeAt(i + 1) !== 10)) count++;
	}
	return count;
}

function mergeBatches(a: DecodedBatch, b: DecodedBatch): DecodedBatch {
	if (b.frame.t.length === 0) return { ...a, rejected: [...a.rejected, ...b.rejected] };
	const rows = a.frame.t.length + b.frame.t.length;
	const t = new Float64Array(rows);
	t.set(a.frame.t);
	t.set(b.frame.t, a.frame.t.length);
	const channels = b.frame.channels.map((column, c) => {
		const merged = new Float32Array(rows);
		merged.set(a.frame.channels[c] ?? new Float32Array(a.frame.t.length).fill(NaN));
		merged.set(column, a.frame.t.length);
		return merged;
	});
	return { ...b, frame: { t, channels }, rejected: [...a.rejected, ...b.rejected] };
}
