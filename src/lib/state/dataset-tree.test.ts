import { describe, expect, it } from 'vitest';
import { restoreDataset } from '../db/restore';
import { lineageOf, nestVersions } from './dataset-tree';

const row = (id: number, parentId: number | null, createdAt: number) =>
	restoreDataset({ id, parentId, createdAt, name: `d${id}` });

describe('dataset versions in the list', () => {
	it('puts each fixed version under its original, generations deeper, versions oldest first', () => {
		// Newest first, as listDatasets gives them.
		const rows = [row(5, 1, 50), row(4, null, 40), row(3, 2, 30), row(2, 1, 20), row(1, null, 10)];
		expect(nestVersions(rows).map((e) => [e.row.id, e.depth])).toEqual([
			[4, 0],
			[1, 0],
			[2, 1],
			[3, 2],
			[5, 1]
		]);
		expect(lineageOf(rows, rows[1 + 1]!).map((r) => r.id)).toEqual([2, 1]);
	});

	it('shows a version whose original was deleted as an original', () => {
		expect(nestVersions([row(7, 99, 1)])).toEqual([{ row: row(7, 99, 1), depth: 0 }]);
		expect(lineageOf([row(7, 99, 1)], row(7, 99, 1))).toEqual([]);
	});
});
