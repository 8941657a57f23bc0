import type { Frame } from '../../core/frame';
import type { ChannelInfo, SourceBatch, SourceListener, SourceStatus } from '../source';

/**
 * A `SourceListener` that keeps everything it is told, for tests: batches, every status in
 * order, channel lists. `rows()` joins the batches into one frame to compare with what was sent.
 */
export class RecordingListener implements SourceListener {
	readonly batches: SourceBatch[] = [];
	readonly statuses: SourceStatus[] = [];
	readonly channelLists: (readonly ChannelInfo[])[] = [];

	batch = (batch: SourceBatch): void => void this.batches.push(batch);
	status = (status: SourceStatus): void => void this.statuses.push(status);
	channels = (channels: readonly ChannelInfo[]): void => void this.channelLists.push(channels);

	get last(): SourceStatus | undefined {
		return this.statuses.at(-1);
	}

	get kinds(): SourceStatus['kind'][] {
		return this.statuses.map((s) => s.kind);
	}

	get rejectedReasons(): string[] {
		return this.batches.flatMap((b) => (b.rejected ?? []).map((r) => r.reason));
	}

	/** All rows received, in order: `t` and each channel as plain arrays. */
	rows(): { t: number[]; channels: number[][] } {
		const frames: Frame[] = this.batches.map((b) => b.frame);
		const channelCount = Math.max(0, ...frames.map((f) => f.channels.length));
		return {
			t: frames.flatMap((f) => Array.from(f.t)),
			channels: Array.from({ length: channelCount }, (_, c) =>
				frames.flatMap((f) => Array.from(f.channels[c] ?? []))
			)
		};
	}
}
