/**
 * The fixes of `fixes.ts`, applied to a dataset that arrives chunk by chunk, so a fixed version
 * of a dataset larger than memory can be written chunk by chunk too. Each stage keeps only what
 * it must (a row's time, a value per channel, at most `maxRun` held-back rows); sorting is the
 * exception and is planned per group of overlapping chunks (`planSortGroups`). Output equals the
 * whole-table fixes applied in `FIX_ORDER` (tested).
 */
import { concatTables, sliceTable } from './fixes-table';
import { sortByTime, type Table } from './fixes';
import { ShortGapInterpolator } from './fixes-interpolate';

/** What the user picked. Applied in this order: sort, duplicates, interpolate, missing, channels. */
export interface FixChoices {
	sort: boolean;
	dropDuplicates: boolean;
	/** Interpolate runs of missing values up to this many rows long; 0 turns it off. */
	interpolateMaxRun: number;
	/** What happens to values still missing after interpolation. */
	missing: 'keep' | 'drop-rows' | 'fill-previous';
	/** Channels to remove (the constant ones, typically). */
	dropChannels: string[];
}

export const FIX_ORDER = ['sort', 'drop duplicates', 'interpolate', 'missing', 'drop channels'];

/** One step of the pipeline: takes rows in order, returns the rows it is done with. */
export interface TableStage {
	push(table: Table): Table[];
	finish(): Table[];
}

/** Whether `choices` change anything at all. */
export function hasFixes(choices: FixChoices): boolean {
	return (
		choices.sort ||
		choices.dropDuplicates ||
		choices.interpolateMaxRun > 0 ||
		choices.missing !== 'keep' ||
		choices.dropChannels.length > 0
	);
}

/**
 * The stages after sorting, in order. `fill-previous` needs each channel's first value as it
 * arrives at that stage (`firstValues`, NaN for a channel without any): find it with a first
 * pass through `stagesBeforeFill`.
 */
export function createFixStages(
	choices: FixChoices,
	firstValues: readonly number[] = []
): TableStage[] {
	const stages = stagesBeforeFill(choices);
	if (choices.missing === 'drop-rows') stages.push(mapStage(dropMissingRows));
	if (choices.missing === 'fill-previous') stages.push(new PreviousFiller(firstValues));
	if (choices.dropChannels.length > 0) {
		const names = choices.dropChannels;
		stages.push(mapStage((table) => dropNamedChannels(table, names)));
	}
	return stages;
}

/** The stages that run before the missing-value fix. */
export function stagesBeforeFill(choices: FixChoices): TableStage[] {
	const stages: TableStage[] = [];
	if (choices.dropDuplicates) stages.push(new DuplicateDropper());
	if (choices.interpolateMaxRun > 0)
		stages.push(new ShortGapInterpolator(choices.interpolateMaxRun));
	return stages;
}

/**
 * Runs tables through `stages` and hands out the result in chunks of exactly `chunkRows` rows
 * (the last one shorter), like an import does.
 */
export class FixPipeline {
	private pending: Table[] = [];
	private pendingRows = 0;

	constructor(
		private readonly stages: TableStage[],
		private readonly chunkRows: number
	) {}

	push(table: Table): Table[] {
		let tables = [table];
		for (const stage of this.stages) tables = tables.flatMap((t) => stage.push(t));
		return this.rechunk(tables, false);
	}

	finish(): Table[] {
		let tables: Table[] = [];
		for (const stage of this.stages) {
			tables = [...tables.flatMap((t) => stage.push(t)), ...stage.finish()];
		}
		return this.rechunk(tables, true);
	}

	private rechunk(tables: Table[], final: boolean): Table[] {
		for (const table of tables) {
			if (table.frame.t.length === 0) continue;
			this.pending.push(table);
			this.pendingRows += table.frame.t.length;
		}
		if (this.pendingRows < this.chunkRows && !(final && this.pendingRows > 0)) return [];
		const all = concatTables(this.pending);
		const out: Table[] = [];
		let from = 0;
		while (all.frame.t.length - from >= this.chunkRows) {
			out.push(sliceTable(all, from, from + this.chunkRows));
			from += this.chunkRows;
		}
		const rest = all.frame.t.length - from;
		if (final && rest > 0) {
			out.push(sliceTable(all, from, all.frame.t.length));
			from = all.frame.t.length;
		}
		this.pending = from < all.frame.t.length ? [sliceTable(all, from, all.frame.t.length)] : [];
		this.pendingRows = all.frame.t.length - from;
		return out;
	}
}

/**
 * Applies `choices` to tables read in order from `read` and yields the fixed rows in chunks of
 * `chunkRows`. With `choices.sort`, each table `read` yields must be a whole sort group
 * (`planSortGroups`): it is sorted on its own. `read` is called twice when missing values are
 * filled from the previous value: a first pass finds each channel's first value (usually in the
 * first chunk, where it stops).
 */
export async function* fixTables(
	read: () => AsyncIterable<Table>,
	choices: FixChoices,
	chunkRows: number
): AsyncGenerator<Table> {
	const unit = (table: Table) => (choices.sort && !isSorted(table) ? sortByTime(table) : table);
	const firstValues =
		choices.missing === 'fill-previous' ? await findFirstValues(read, choices, unit) : [];
	const pipeline = new FixPipeline(createFixStages(choices, firstValues), chunkRows);
	for await (const table of read()) yield* pipeline.push(unit(table));
	yield* pipeline.finish();
}

async function findFirstValues(
	read: () => AsyncIterable<Table>,
	choices: FixChoices,
	unit: (table: Table) => Table
): Promise<number[]> {
	const stages = stagesBeforeFill(choices);
	let values: number[] | undefined;
	let missing = Infinity;
	const look = (tables: Table[]) => {
		for (const table of tables) {
			values ??= table.frame.channels.map(() => NaN);
			table.frame.channels.forEach((column, c) => {
				if (!Number.isNaN(values![c]!)) return;
				const found = column.find((v) => !Number.isNaN(v));
				if (found !== undefined) values![c] = found;
			});
			missing = values.filter(Number.isNaN).length;
		}
	};
	for await (const table of read()) {
		let tables = [unit(table)];
		for (const stage of stages) tables = tables.flatMap((t) => stage.push(t));
		look(tables);
		if (missing === 0) return values!;
	}
	let tables: Table[] = [];
	for (const stage of stages) tables = [...tables.flatMap((t) => stage.push(t)), ...stage.finish()];
	look(tables);
	return values ?? [];
}

function isSorted(table: Table): boolean {
	const { t } = table.frame;
	for (let i = 1; i < t.length; i++) if (t[i]! < t[i - 1]!) return false;
	return true;
}

function mapStage(map: (table: Table) => Table): TableStage {
	return { push: (table) => [map(table)], finish: () => [] };
}

/** `dropDuplicateTimes` across chunk borders: remembers the last time seen. */
class DuplicateDropper implements TableStage {
	private lastT = NaN;
	private first = true;

	push(table: Table): Table[] {
		const { t } = table.frame;
		const keep: number[] = [];
		for (let i = 0; i < t.length; i++) {
			if (this.first || t[i] !== this.lastT) keep.push(i);
			this.first = false;
			this.lastT = t[i]!;
		}
		return [pick(table, keep)];
	}

	finish(): Table[] {
		return [];
	}
}

/** `fillMissingWithPrevious` across chunk borders: leading gaps take the channel's first value. */
class PreviousFiller implements TableStage {
	private readonly last: number[];

	constructor(firstValues: readonly number[]) {
		this.last = [...firstValues];
	}

	push(table: Table): Table[] {
		const out = sliceTable(table, 0, table.frame.t.length);
		out.frame.channels.forEach((column, c) => {
			let last = this.last[c] ?? NaN;
			for (let i = 0; i < column.length; i++) {
				if (Number.isNaN(column[i]!)) column[i] = last;
				else last = column[i]!;
			}
			this.last[c] = last;
		});
		return [out];
	}

	finish(): Table[] {
		return [];
	}
}

function dropMissingRows(table: Table): Table {
	const keep: number[] = [];
	for (let i = 0; i < table.frame.t.length; i++) {
		if (table.frame.channels.every((column) => !Number.isNaN(column[i]!))) keep.push(i);
	}
	return pick(table, keep);
}

function dropNamedChannels(table: Table, names: readonly string[]): Table {
	const keep = table.channelNames.flatMap((name, c) => (names.includes(name) ? [] : [c]));
	return {
		frame: { t: table.frame.t, channels: keep.map((c) => table.frame.channels[c]!) },
		labels: table.labels,
		channelNames: keep.map((c) => table.channelNames[c]!)
	};
}

function pick(table: Table, rows: number[]): Table {
	if (rows.length === table.frame.t.length) return table;
	const take = <T extends Float64Array | Float32Array | Uint8Array>(column: T): T => {
		const out = new (column.constructor as new (n: number) => T)(rows.length);
		for (let k = 0; k < rows.length; k++) out[k] = column[rows[k]!]!;
		return out;
	};
	return {
		frame: { t: take(table.frame.t), channels: table.frame.channels.map(take) },
		labels: table.labels.map(take),
		channelNames: table.channelNames
	};
}
