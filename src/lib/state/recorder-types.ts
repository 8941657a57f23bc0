import type { Frame } from '../core/frame';
import type { VigilDb } from '../db/db';
import type { RecordingFailure } from '../db/recording';
import type { ChannelInfo } from '../io/source';

/** Why a recording stopped by itself: an expected storage outcome, or a write that failed twice. */
export type Failure = RecordingFailure | { kind: 'unexpected'; message: string };

/** One batch from a live source (the shape of `liveStream.addBatchListener`'s listener). */
export interface RecorderBatch {
	frame: Frame;
	/** The source's channels at that moment; `frame.channels[c]` belongs to `channels[c]`. */
	channels: readonly ChannelInfo[];
	/** Lines the source rejected since its previous batch (sources without a parser: none). */
	invalidLines?: number;
}

export interface RecorderMarker {
	id: number;
	datasetId: number;
	/** On the samples' time axis (epoch ms). */
	atMs: number;
	note: string;
}

/** A dataset this recorder wrote (one per part: channel changes start a new part). */
export interface RecordedPart {
	datasetId: number;
	name: string;
}

export interface RecorderOptions {
	/** The database, or its name (component tests, which may not import db); Vigil's by default. */
	db?: VigilDb | string;
	/** Web Locks (tell other tabs this recording is alive); null where unsupported. */
	locks?: LockManager | null;
	/** Shows a message to the user from wherever they are (a failure, a recovery). */
	report?: (message: string, where: string) => void;
}
