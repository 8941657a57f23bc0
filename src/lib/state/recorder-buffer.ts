import type { Frame } from '../core/frame';
import type { ChannelInfo } from '../io/source';

/**
 * Samples received but not yet written: the batches of about half a second, copied on arrival (a
 * source may reuse its arrays) and joined into one exact-size chunk when written.
 */
export class PendingSamples {
	#frames: Frame[] = [];
	#rows = 0;

	get rows(): number {
		return this.#rows;
	}

	add(frame: Frame): void {
		if (frame.t.length === 0) return;
		this.#frames.push({ t: frame.t.slice(), channels: frame.channels.map((c) => c.slice()) });
		this.#rows += frame.t.length;
	}

	/** Everything pending as one frame with `channelCount` channels; the buffer is left empty. */
	take(channelCount: number): Frame {
		const frames = this.#frames;
		const rows = this.#rows;
		this.#frames = [];
		this.#rows = 0;
		const out: Frame = {
			t: new Float64Array(rows),
			channels: Array.from({ length: channelCount }, () => new Float32Array(rows))
		};
		let at = 0;
		for (const frame of frames) {
			out.t.set(frame.t, at);
			frame.channels.forEach((column, c) => out.channels[c]!.set(column, at));
			at += frame.t.length;
		}
		return out;
	}
}

/** Same names and units in the same order (the objects may differ: templates, copies). */
export function sameChannels(a: readonly ChannelInfo[], b: readonly ChannelInfo[]): boolean {
	return (
		a === b ||
		(a.length === b.length && a.every((c, i) => c.name === b[i]!.name && c.unit === b[i]!.unit))
	);
}

/** `a (bar), b` for messages. */
export function channelList(channels: readonly ChannelInfo[]): string {
	return channels.map((c) => (c.unit ? `${c.name} (${c.unit})` : c.name)).join(', ');
}

/** Samples per second from a frame's own timestamps (first to last), or null with < 2 rows. */
export function rateOf(frame: Frame): number | null {
	const rows = frame.t.length;
	const spanMs = rows > 1 ? frame.t[rows - 1]! - frame.t[0]! : 0;
	return spanMs > 0 ? ((rows - 1) * 1000) / spanMs : null;
}
