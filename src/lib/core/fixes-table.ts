import { assert } from './assert';
import type { Table } from './fixes';

/** Rows `from` (inclusive) to `to` (exclusive) of a table, copied (never views: stages mutate). */
export function sliceTable(table: Table, from: number, to: number): Table {
	return {
		frame: {
			t: table.frame.t.slice(from, to),
			channels: table.frame.channels.map((c) => c.slice(from, to))
		},
		labels: table.labels.map((l) => l.slice(from, to)),
		channelNames: table.channelNames
	};
}

/** The tables' rows one after another, in one new table. All must have the same columns. */
export function concatTables(tables: readonly Table[]): Table {
	assert(tables.length > 0, 'concatTables needs at least one table');
	const first = tables[0]!;
	const rows = tables.reduce((n, t) => n + t.frame.t.length, 0);
	for (const table of tables) {
		assert(
			table.frame.channels.length === first.frame.channels.length &&
				table.labels.length === first.labels.length,
			`concatTables: ${table.frame.channels.length} channels and ${table.labels.length} labels, ` +
				`expected ${first.frame.channels.length} and ${first.labels.length}`
		);
	}
	const out: Table = {
		frame: {
			t: new Float64Array(rows),
			channels: first.frame.channels.map(() => new Float32Array(rows))
		},
		labels: first.labels.map(() => new Uint8Array(rows)),
		channelNames: first.channelNames
	};
	let at = 0;
	for (const table of tables) {
		out.frame.t.set(table.frame.t, at);
		table.frame.channels.forEach((c, k) => out.frame.channels[k]!.set(c, at));
		table.labels.forEach((l, k) => out.labels[k]!.set(l, at));
		at += table.frame.t.length;
	}
	return out;
}
