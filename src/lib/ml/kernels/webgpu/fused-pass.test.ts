import { describe, expect, it } from 'vitest';
import { workgroupGrid } from './fused-pass';

describe('workgroupGrid', () => {
	it('packs 4-row blocks of one row per unit into 256 lanes', () => {
		// 100 units: 2 blocks of 4 rows per workgroup; 16 units: 16 blocks; 256 units: 1 block.
		expect(workgroupGrid(64, 100, 65535)).toEqual({ rowsPerGroup: 8, groupsX: 8, groupsY: 1 });
		expect(workgroupGrid(64, 16, 65535)).toEqual({ rowsPerGroup: 64, groupsX: 1, groupsY: 1 });
		expect(workgroupGrid(1, 256, 65535)).toEqual({ rowsPerGroup: 4, groupsX: 1, groupsY: 1 });
		expect(workgroupGrid(9, 1, 65535)).toEqual({ rowsPerGroup: 1024, groupsX: 1, groupsY: 1 });
	});

	it('spills into a second dimension past the per-dimension limit', () => {
		// 300,000 rows at 256 units: 75,000 workgroups, over 65,535.
		expect(workgroupGrid(300_000, 256, 65535)).toEqual({
			rowsPerGroup: 4,
			groupsX: 65535,
			groupsY: 2
		});
	});

	it('refuses sizes it cannot run, naming them', () => {
		expect(() => workgroupGrid(8, 257, 65535)).toThrow(/units must be 1..256, got 257/);
		expect(() => workgroupGrid(8, 0, 65535)).toThrow(/got 0/);
		expect(() => workgroupGrid(100, 256, 4)).toThrow(/batch 100 needs 25 workgroups/);
	});
});
