import type { DatasetRow } from '../db';

/** A dataset in the list, with how deep it sits under its original (0: an original). */
export interface DatasetListEntry {
	row: DatasetRow;
	depth: number;
}

/**
 * Orders datasets so each fixed version follows its original, indented one level deeper per
 * generation. Originals keep the given order (newest first); versions of one original are
 * listed oldest first, as they were made. A version whose original is gone is an original.
 */
export function nestVersions(rows: readonly DatasetRow[]): DatasetListEntry[] {
	const ids = new Set(rows.map((r) => r.id));
	const children = new Map<number, DatasetRow[]>();
	for (const row of rows) {
		if (row.parentId === null || !ids.has(row.parentId)) continue;
		const list = children.get(row.parentId) ?? [];
		list.push(row);
		children.set(row.parentId, list);
	}
	const out: DatasetListEntry[] = [];
	const visit = (row: DatasetRow, depth: number) => {
		out.push({ row, depth });
		const versions = (children.get(row.id) ?? []).sort((a, b) => a.createdAt - b.createdAt);
		for (const version of versions) visit(version, depth + 1);
	};
	for (const row of rows) if (row.parentId === null || !ids.has(row.parentId)) visit(row, 0);
	return out;
}

/** The chain of originals of a dataset, nearest first (from the rows at hand). */
export function lineageOf(rows: readonly DatasetRow[], row: DatasetRow): DatasetRow[] {
	const byId = new Map(rows.map((r) => [r.id, r]));
	const chain: DatasetRow[] = [];
	for (let parent = row.parentId; parent !== null && chain.length < rows.length;) {
		const found = byId.get(parent);
		if (!found) break;
		chain.push(found);
		parent = found.parentId;
	}
	return chain;
}
