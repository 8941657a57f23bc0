import type { Frame } from './frame';

/** Samples with their label columns: every fix keeps rows and labels together. */
export interface Table {
	frame: Frame;
	/** One byte per row each (anomaly, changepoint …). */
	labels: Uint8Array[];
	channelNames: string[];
}

/** Keeps rows by index, in the given order. */
function pickRows(table: Table, rows: ArrayLike<number>): Table {
	const n = rows.length;
	const t = new Float64Array(n);
	const channels = table.frame.channels.map(() => new Float32Array(n));
	const labels = table.labels.map(() => new Uint8Array(n));
	for (let k = 0; k < n; k++) {
		const i = rows[k]!;
		t[k] = table.frame.t[i]!;
		channels.forEach((column, c) => (column[k] = table.frame.channels[c]![i]!));
		labels.forEach((column, l) => (column[k] = table.labels[l]![i]!));
	}
	return { frame: { t, channels }, labels, channelNames: [...table.channelNames] };
}

/** Rows in time order (stable: rows with equal times keep their order). */
export function sortByTime(table: Table): Table {
	const order = Array.from({ length: table.frame.t.length }, (_, i) => i);
	order.sort((a, b) => table.frame.t[a]! - table.frame.t[b]! || a - b);
	return pickRows(table, order);
}

/** Drops rows whose time equals the previous row's (keeps the first). Sort first. */
export function dropDuplicateTimes(table: Table): Table {
	const { t } = table.frame;
	const keep: number[] = [];
	for (let i = 0; i < t.length; i++) if (i === 0 || t[i] !== t[i - 1]) keep.push(i);
	return pickRows(table, keep);
}

/** Drops rows where any channel is missing. */
export function dropRowsWithMissing(table: Table): Table {
	const keep: number[] = [];
	for (let i = 0; i < table.frame.t.length; i++) {
		if (table.frame.channels.every((column) => !Number.isNaN(column[i]!))) keep.push(i);
	}
	return pickRows(table, keep);
}

/**
 * Fills runs of missing values up to `maxRun` rows long by linear interpolation in time between
 * the values around them; longer runs, and runs at either end, stay missing.
 */
export function interpolateShortGaps(table: Table, maxRun: number): Table {
	const out = pickRows(
		table,
		Array.from({ length: table.frame.t.length }, (_, i) => i)
	);
	const { t } = out.frame;
	for (const column of out.frame.channels) {
		let i = 0;
		while (i < column.length) {
			if (!Number.isNaN(column[i]!)) {
				i++;
				continue;
			}
			const start = i;
			while (i < column.length && Number.isNaN(column[i]!)) i++;
			const before = start - 1;
			const after = i;
			if (before < 0 || after >= column.length || after - start > maxRun) continue;
			const span = t[after]! - t[before]!;
			for (let k = start; k < after; k++) {
				const share = span > 0 ? (t[k]! - t[before]!) / span : (k - before) / (after - before);
				column[k] = column[before]! + share * (column[after]! - column[before]!);
			}
		}
	}
	return out;
}

/** Fills every missing value with the last value before it (or the first after it at the start). */
export function fillMissingWithPrevious(table: Table): Table {
	const out = pickRows(
		table,
		Array.from({ length: table.frame.t.length }, (_, i) => i)
	);
	for (const column of out.frame.channels) {
		const first = column.findIndex((v) => !Number.isNaN(v));
		if (first < 0) continue;
		for (let i = 0; i < first; i++) column[i] = column[first]!;
		for (let i = first + 1; i < column.length; i++)
			if (Number.isNaN(column[i]!)) column[i] = column[i - 1]!;
	}
	return out;
}

/** Removes the named channels (constant ones, say). */
export function dropChannels(table: Table, names: readonly string[]): Table {
	const keep = table.channelNames
		.map((name, c) => ({ name, c }))
		.filter(({ name }) => !names.includes(name));
	return {
		frame: {
			t: table.frame.t.slice(),
			channels: keep.map(({ c }) => table.frame.channels[c]!.slice())
		},
		labels: table.labels.map((l) => l.slice()),
		channelNames: keep.map(({ name }) => name)
	};
}
