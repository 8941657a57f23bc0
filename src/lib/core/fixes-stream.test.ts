import { describe, expect, it } from 'vitest';
import {
	dropChannels,
	dropDuplicateTimes,
	dropRowsWithMissing,
	fillMissingWithPrevious,
	interpolateShortGaps,
	sortByTime,
	type Table
} from './fixes';
import { planSortGroups } from './fixes-sort-plan';
import { fixTables, hasFixes, type FixChoices } from './fixes-stream';
import { concatTables, sliceTable } from './fixes-table';
import { SeededRandom } from './random';

/** The whole-table fixes in the documented order: what the streamed version must equal. */
function fixWhole(table: Table, choices: FixChoices): Table {
	let out = table;
	if (choices.sort) out = sortByTime(out);
	if (choices.dropDuplicates) out = dropDuplicateTimes(out);
	if (choices.interpolateMaxRun > 0) out = interpolateShortGaps(out, choices.interpolateMaxRun);
	if (choices.missing === 'drop-rows') out = dropRowsWithMissing(out);
	if (choices.missing === 'fill-previous') out = fillMissingWithPrevious(out);
	if (choices.dropChannels.length > 0) out = dropChannels(out, choices.dropChannels);
	return out;
}

/**
 * A recording with runs of missing values of every length (some at the start), repeated and
 * out-of-order times (`disorder`: how far rows may move), a constant channel and a label.
 */
function messyTable(rows: number, seed: number, disorder: number): Table {
	const random = new SeededRandom(seed);
	const t = new Float64Array(rows);
	for (let i = 0; i < rows; i++) {
		const r = random.next();
		t[i] = i === 0 ? 1_000 : t[i - 1]! + (r < 0.08 ? 0 : r < 0.1 ? 35 : 10);
	}
	for (let i = 0; i + 1 < rows; i++) {
		if (random.next() < 0.05) {
			const j = Math.min(rows - 1, i + 1 + Math.floor(random.next() * disorder));
			[t[i], t[j]] = [t[j]!, t[i]!];
		}
	}
	const channel = (missingRate: number) => {
		const column = new Float32Array(rows);
		let run = Math.floor(random.next() * 4); // may start missing
		for (let i = 0; i < rows; i++) {
			if (run === 0 && random.next() < missingRate) run = 1 + Math.floor(random.next() * 7);
			column[i] = run > 0 ? NaN : Math.round(random.next() * 1000) / 10;
			if (run > 0) run--;
		}
		return column;
	};
	return {
		frame: { t, channels: [channel(0.05), channel(0.02), new Float32Array(rows).fill(3)] },
		labels: [Uint8Array.from({ length: rows }, () => (random.next() < 0.1 ? 1 : 0))],
		channelNames: ['a', 'b', 'flat']
	};
}

/** Cuts a table into chunks of random sizes, as an import would have stored it. */
function storeInChunks(table: Table, seed: number): Table[] {
	const random = new SeededRandom(seed);
	const chunks: Table[] = [];
	for (let from = 0; from < table.frame.t.length;) {
		const to = Math.min(table.frame.t.length, from + 1 + Math.floor(random.next() * 60));
		chunks.push(sliceTable(table, from, to));
		from = to;
	}
	return chunks;
}

/** Reads the chunks as the database layer does: whole sort groups when sorting. */
function reader(chunks: Table[], sort: boolean): () => AsyncIterable<Table> {
	const spans = chunks.map((c, seq) => ({
		seq,
		startMs: Math.min(...c.frame.t),
		endMs: Math.max(...c.frame.t),
		rows: c.frame.t.length
	}));
	const plan = planSortGroups(spans, 8 + 4 * 3 + 1);
	if (!plan.ok) throw new Error(plan.message);
	const units = sort ? plan.groups.map((g) => concatTables(g.map((s) => chunks[s]!))) : chunks;
	return async function* () {
		yield* units;
	};
}

async function fixStreamed(chunks: Table[], choices: FixChoices, chunkRows: number) {
	const out: Table[] = [];
	for await (const table of fixTables(reader(chunks, choices.sort), choices, chunkRows)) {
		out.push(table);
	}
	return out;
}

const NONE: FixChoices = {
	sort: false,
	dropDuplicates: false,
	interpolateMaxRun: 0,
	missing: 'keep',
	dropChannels: []
};

const CASES: [string, FixChoices][] = [
	['sort only', { ...NONE, sort: true }],
	[
		'sort, duplicates, interpolate',
		{ ...NONE, sort: true, dropDuplicates: true, interpolateMaxRun: 3 }
	],
	['duplicates (unsorted), interpolate 2', { ...NONE, dropDuplicates: true, interpolateMaxRun: 2 }],
	['interpolate 1, drop rows', { ...NONE, interpolateMaxRun: 1, missing: 'drop-rows' }],
	['interpolate 5, fill', { ...NONE, interpolateMaxRun: 5, missing: 'fill-previous' }],
	[
		'everything',
		{
			sort: true,
			dropDuplicates: true,
			interpolateMaxRun: 2,
			missing: 'fill-previous',
			dropChannels: ['flat']
		}
	],
	[
		'fill only, drop two channels',
		{ ...NONE, missing: 'fill-previous', dropChannels: ['flat', 'b'] }
	]
];

describe('fixTables (streamed fixes)', () => {
	for (const [name, choices] of CASES) {
		it(`equals the whole-table fixes: ${name}`, async () => {
			for (const seed of [1, 2, 3]) {
				for (const disorder of [3, 400]) {
					const table = messyTable(700, seed, disorder);
					const expected = fixWhole(table, choices);
					const chunks = await fixStreamed(storeInChunks(table, seed + 10), choices, 64);
					expect(chunks.slice(0, -1).every((c) => c.frame.t.length === 64)).toBe(true);
					const got = concatTables(chunks);
					expect(got.channelNames).toEqual(expected.channelNames);
					expect(got.frame.t).toEqual(expected.frame.t);
					expect(got.frame.channels).toEqual(expected.frame.channels);
					expect(got.labels).toEqual(expected.labels);
				}
			}
		});
	}

	it('interpolates a run that crosses chunk borders, held back until its end arrives', async () => {
		const t = Float64Array.from({ length: 8 }, (_, i) => i * 10);
		const table: Table = {
			frame: { t, channels: [Float32Array.from([0, NaN, NaN, NaN, 4, NaN, NaN, 7])] },
			labels: [],
			channelNames: ['a']
		};
		const chunks = [0, 2, 3, 6].map((from, k, all) => sliceTable(table, from, all[k + 1] ?? 8));
		const out = concatTables(await fixStreamed(chunks, { ...NONE, interpolateMaxRun: 3 }, 100));
		expect(Array.from(out.frame.channels[0]!)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
	});

	it('tells when there is nothing to do', () => {
		expect(hasFixes(NONE)).toBe(false);
		expect(hasFixes({ ...NONE, dropChannels: ['x'] })).toBe(true);
	});
});

describe('planSortGroups', () => {
	it('keeps non-overlapping chunks apart and groups overlapping ones in file order', () => {
		const plan = planSortGroups(
			[
				{ seq: 0, startMs: 0, endMs: 10, rows: 5 },
				{ seq: 1, startMs: 20, endMs: 30, rows: 5 },
				{ seq: 2, startMs: 11, endMs: 19, rows: 5 },
				{ seq: 3, startMs: 25, endMs: 40, rows: 5 },
				{ seq: 4, startMs: 40, endMs: 50, rows: 5 }
			],
			9
		);
		expect(plan).toEqual({ ok: true, groups: [[0], [2], [1, 3, 4]], largestGroupRows: 15 });
	});

	it('refuses a group larger than the memory limit, saying how large and what to do', () => {
		const chunks = Array.from({ length: 10 }, (_, seq) => ({
			seq,
			startMs: 0,
			endMs: 100,
			rows: 1000
		}));
		const plan = planSortGroups(chunks, 10, 50_000);
		expect(plan).toMatchObject({ ok: false, largestGroupRows: 10_000, maxRows: 5_000 });
		if (!plan.ok) expect(plan.message).toContain('sort the file before importing it');
	});
});
