import { channelStats, type ChannelStats } from '../core/channel-stats';
import { decimateMinMax } from '../core/decimate';
import type { Frame } from '../core/frame';
import { getDataset, readRange } from './datasets';
import type { VigilDb } from './db';

/** What a dataset's detail view draws: min/max-decimated rows and per-channel statistics. */
export interface DatasetOverview {
	/** At most two rows per bin: cheap to send to the page and to draw. */
	frame: Frame;
	/** Per channel, over the whole requested range (not the decimated rows). */
	stats: ChannelStats[];
	fromMs: number;
	toMs: number;
	rows: number;
}

/**
 * Reads a time range of a dataset (all of it by default) and decimates it to `bins` min/max bins,
 * with statistics over every row in the range. Returns undefined for a missing or empty dataset.
 */
export async function datasetOverview(
	db: VigilDb,
	datasetId: number,
	bins: number,
	fromMs?: number,
	toMs?: number
): Promise<DatasetOverview | undefined> {
	const dataset = await getDataset(db, datasetId);
	if (!dataset || dataset.startMs === null || dataset.endMs === null) return undefined;
	const from = fromMs ?? dataset.startMs;
	const to = toMs ?? dataset.endMs;
	const { frame } = await readRange(db, datasetId, from, to);
	const rows = frame.t.length;
	// The end is exclusive in decimation; nudge it past the last sample so that one is drawn too.
	const decimated =
		rows > 0 ? decimateMinMax(frame, from, Math.max(to, from + 1) + 1e-6, bins) : frame;
	return {
		frame: decimated,
		stats: frame.channels.map(channelStats),
		fromMs: from,
		toMs: to,
		rows
	};
}
