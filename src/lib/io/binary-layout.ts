import { allocateFrame } from '../core/frame';
import type { DecodedBatch, RejectedLine } from '../core/line-protocol/types';
import type { ChannelInfo } from './source';

/**
 * Where a binary row's time comes from.
 * - `arrival`: the frame's arrival time. With `sampleRateHz` the rows are spaced 1000/rate ms
 *   ending at the arrival time (never before the previous frame's last row); without it every row
 *   of a frame shares the arrival time.
 * - `column`: a leading time column per row, `float64` or `float32`, in `unit`. `epoch: true`
 *   means time since 1970 (float64 only: a float32 near today's epoch is only good to ~2 min);
 *   `epoch: false` is a device counter (millis() since boot), anchored so the first frame's last
 *   row lands on its arrival time.
 */
export type BinaryTimestamp =
	| { kind: 'arrival'; sampleRateHz?: number }
	| { kind: 'column'; type: 'float64' | 'float32'; unit: 's' | 'ms' | 'us'; epoch: boolean };

/**
 * The declared layout of binary WebSocket frames: each frame holds whole rows, each row is the
 * optional time column followed by `channelCount` little-endian float32 values.
 */
export interface BinaryLayout {
	channelCount: number;
	timestamp: BinaryTimestamp;
	/** Channel names in column order; default `ch1`…`chN`. */
	channels?: string[];
	/** Units in column order; '' when unknown. */
	units?: string[];
}

export const MAX_BINARY_CHANNELS = 1024;
const UNIT_MS = { s: 1000, ms: 1, us: 0.001 } as const;

/** Why `layout` cannot be used, or undefined when it can. */
export function checkBinaryLayout(layout: BinaryLayout): string | undefined {
	const { channelCount, timestamp } = layout;
	if (!Number.isInteger(channelCount) || channelCount < 1 || channelCount > MAX_BINARY_CHANNELS) {
		return `channel count must be a whole number from 1 to ${MAX_BINARY_CHANNELS}, got ${channelCount}`;
	}
	if (layout.channels && layout.channels.length !== channelCount) {
		return `${layout.channels.length} channel names given for ${channelCount} channels`;
	}
	if (timestamp.kind === 'column' && timestamp.type === 'float32' && timestamp.epoch) {
		return 'a float32 cannot hold epoch time (near today it is only good to about 2 minutes): use a float64 time column or a device counter';
	}
	const rateHz = timestamp.kind === 'arrival' ? timestamp.sampleRateHz : undefined;
	if (rateHz !== undefined && !(rateHz > 0 && Number.isFinite(rateHz))) {
		return `sample rate must be a positive number of Hz, got ${rateHz}`;
	}
	return undefined;
}

/** Bytes per row: the time column (8 or 4, or none) plus 4 per channel. */
export function binaryRowBytes(layout: BinaryLayout): number {
	const { timestamp } = layout;
	const timeBytes = timestamp.kind === 'column' ? (timestamp.type === 'float64' ? 8 : 4) : 0;
	return timeBytes + 4 * layout.channelCount;
}

/** "36-byte rows: float64 time (ms since 1970) + 7 × float32", for messages and the UI. */
export function describeBinaryLayout(layout: BinaryLayout): string {
	const { timestamp } = layout;
	const time =
		timestamp.kind === 'column'
			? `${timestamp.type} time (${timestamp.unit}${timestamp.epoch ? ' since 1970' : ', device counter'}) + `
			: '';
	return `${binaryRowBytes(layout)}-byte rows: ${time}${layout.channelCount} × float32`;
}

export function binaryChannels(layout: BinaryLayout): ChannelInfo[] {
	return Array.from({ length: layout.channelCount }, (_, c) => ({
		name: layout.channels?.[c] ?? `ch${c + 1}`,
		unit: layout.units?.[c] ?? ''
	}));
}

/** What one binary frame gave: samples, and rows lost (a frame that is not whole rows, bad times). */
export interface BinaryDecodedBatch extends DecodedBatch {
	/** The frame was rejected as a whole (its length is not whole rows). */
	invalid: boolean;
	droppedRows: number;
}

/**
 * Decodes binary frames of a declared layout into columnar samples. Stateful (the device-counter
 * anchor, the last time, the frame number), one per connection. Never throws on data: a frame
 * whose length is not a whole number of rows is rejected as a whole (the layout does not match
 * what the server sends, so its numbers would be garbage), a row with a non-finite or
 * backwards epoch time is dropped.
 */
export class BinaryFrameDecoder {
	readonly layout: BinaryLayout;
	readonly rowBytes: number;
	#frames = 0;
	#lastTimeMs = -Infinity;
	/** Device counter → epoch ms: `t = counter · unit + #anchorMs`. */
	#anchorMs: number | undefined;

	constructor(layout: BinaryLayout) {
		this.layout = layout;
		this.rowBytes = binaryRowBytes(layout);
	}

	push(data: ArrayBuffer | ArrayBufferView, arrivalMs: number): BinaryDecodedBatch {
		this.#frames += 1;
		const view = ArrayBuffer.isView(data)
			? new DataView(data.buffer, data.byteOffset, data.byteLength)
			: new DataView(data);
		const rows = Math.floor(view.byteLength / this.rowBytes);
		if (view.byteLength === 0 || view.byteLength % this.rowBytes !== 0) {
			const reason =
				`binary frame ${this.#frames} has ${view.byteLength} bytes, not a whole number of ` +
				`${describeBinaryLayout(this.layout)}`;
			const rejected: RejectedLine = { line: this.#frames, reason, excerpt: '' };
			return {
				...this.#empty(),
				rejected: [rejected],
				invalid: true,
				droppedRows: Math.max(rows, 1)
			};
		}
		return this.#decodeRows(view, rows, arrivalMs);
	}

	#decodeRows(view: DataView, rows: number, arrivalMs: number): BinaryDecodedBatch {
		const { channelCount, timestamp } = this.layout;
		const frame = allocateFrame(channelCount, rows);
		const timeBytes = this.rowBytes - 4 * channelCount;
		let kept = 0;
		for (let r = 0; r < rows; r++) {
			const rowStart = r * this.rowBytes;
			const timeMs = this.#rowTime(view, rowStart, r, rows, arrivalMs);
			if (timeMs === undefined) continue;
			frame.t[kept] = timeMs;
			for (let c = 0; c < channelCount; c++) {
				frame.channels[c]![kept] = view.getFloat32(rowStart + timeBytes + 4 * c, true);
			}
			kept += 1;
		}
		const trimmed =
			kept === rows
				? frame
				: { t: frame.t.slice(0, kept), channels: frame.channels.map((ch) => ch.slice(0, kept)) };
		const droppedRows = rows - kept;
		const rejected: RejectedLine[] =
			droppedRows === 0 || timestamp.kind !== 'column'
				? []
				: [
						{
							line: this.#frames,
							reason: `binary frame ${this.#frames}: ${droppedRows} of ${rows} rows had a missing or backwards time`,
							excerpt: ''
						}
					];
		return { frame: trimmed, rejected, invalid: false, droppedRows };
	}

	/** A row's epoch ms, or undefined to drop it. Keeps times ascending. */
	#rowTime(view: DataView, at: number, row: number, rows: number, arrivalMs: number) {
		const { timestamp } = this.layout;
		if (timestamp.kind === 'arrival') {
			const spacingMs = timestamp.sampleRateHz ? 1000 / timestamp.sampleRateHz : 0;
			const t = Math.max(arrivalMs - (rows - 1 - row) * spacingMs, this.#lastTimeMs);
			this.#lastTimeMs = t;
			return t;
		}
		const raw =
			timestamp.type === 'float64' ? view.getFloat64(at, true) : view.getFloat32(at, true);
		const deviceMs = raw * UNIT_MS[timestamp.unit];
		if (!Number.isFinite(deviceMs)) return undefined;
		let t = deviceMs;
		if (!timestamp.epoch) {
			if (this.#anchorMs === undefined) {
				// Anchor so the frame's last row lands on its arrival: the frame left after it.
				const lastAt = at + (rows - 1 - row) * this.rowBytes;
				const lastRaw =
					timestamp.type === 'float64'
						? view.getFloat64(lastAt, true)
						: view.getFloat32(lastAt, true);
				const lastMs = lastRaw * UNIT_MS[timestamp.unit];
				this.#anchorMs = arrivalMs - (Number.isFinite(lastMs) ? lastMs : deviceMs);
			}
			t = deviceMs + this.#anchorMs;
			if (t < this.#lastTimeMs) {
				// The counter went back: the device restarted. Continue from the last time.
				// (Assigned, not recomputed: with huge counters the sum rounds below the last time.)
				t = Math.max(this.#lastTimeMs, arrivalMs);
				this.#anchorMs = t - deviceMs;
			}
		} else if (t < this.#lastTimeMs) {
			return undefined;
		}
		this.#lastTimeMs = t;
		return t;
	}

	#empty(): DecodedBatch {
		return { frame: allocateFrame(this.layout.channelCount, 0), rejected: [] };
	}
}
