import type { Table } from './fixes';
import type { TableStage } from './fixes-stream';
import { sliceTable, concatTables } from './fixes-table';

/**
 * `interpolateShortGaps` across chunk borders. A run of missing values can only be filled once
 * the value after it has arrived, so rows in a run still open at the end of what has arrived
 * (and not yet longer than `maxRun`) are held back, raw, until it closes or grows too long:
 * at most `maxRun` rows per push. Rows handed out are never revisited.
 */
export class ShortGapInterpolator implements TableStage {
	/** Raw rows not handed out yet. */
	private held: Table | null = null;
	/** Per channel: the last present value handed out and its time (null: none yet). */
	private before: ({ value: number; timeMs: number } | null)[] = [];
	/** Per channel: missing values handed out since that value. */
	private leadRun: number[] = [];

	constructor(private readonly maxRun: number) {}

	push(table: Table): Table[] {
		const buffer = this.held ? concatTables([this.held, table]) : table;
		this.held = null;
		return this.process(buffer, false);
	}

	finish(): Table[] {
		const buffer = this.held;
		this.held = null;
		return buffer ? this.process(buffer, true) : [];
	}

	private process(buffer: Table, final: boolean): Table[] {
		const rows = buffer.frame.t.length;
		const out = sliceTable(buffer, 0, rows);
		let emitUntil = rows;
		buffer.frame.channels.forEach((raw, c) => {
			const held = this.fill(raw, out.frame.channels[c]!, buffer.frame.t, c, final);
			emitUntil = Math.min(emitUntil, held);
		});
		buffer.frame.channels.forEach((raw, c) => this.remember(raw, buffer.frame.t, c, emitUntil));
		if (emitUntil < rows) this.held = sliceTable(buffer, emitUntil, rows);
		return emitUntil > 0 ? [sliceTable(out, 0, emitUntil)] : [];
	}

	/** Fills closed short runs of `raw` into `out`; returns where an open short run starts (or rows). */
	private fill(
		raw: Float32Array,
		out: Float32Array,
		t: Float64Array,
		c: number,
		final: boolean
	): number {
		const rows = raw.length;
		let holdFrom = rows;
		let i = 0;
		while (i < rows) {
			if (!Number.isNaN(raw[i]!)) {
				i++;
				continue;
			}
			const start = i;
			while (i < rows && Number.isNaN(raw[i]!)) i++;
			const lead = start === 0 ? (this.leadRun[c] ?? 0) : 0;
			const length = lead + i - start;
			if (i === rows) {
				// Still open: it may yet close within maxRun, so nothing of it leaves now.
				if (!final && length <= this.maxRun) holdFrom = start;
				continue;
			}
			if (length > this.maxRun) continue;
			const before =
				start > 0 ? { value: raw[start - 1]!, timeMs: t[start - 1]! } : (this.before[c] ?? null);
			if (!before) continue; // a run at the very start stays missing
			const beforeIndex = start - 1 - lead;
			const after = i;
			const span = t[after]! - before.timeMs;
			for (let k = start; k < after; k++) {
				const share =
					span > 0 ? (t[k]! - before.timeMs) / span : (k - beforeIndex) / (after - beforeIndex);
				out[k] = before.value + share * (raw[after]! - before.value);
			}
		}
		return holdFrom;
	}

	/** Updates the per-channel state with the raw rows handed out, `[0, emitted)`. */
	private remember(raw: Float32Array, t: Float64Array, c: number, emitted: number): void {
		let last = emitted - 1;
		while (last >= 0 && Number.isNaN(raw[last]!)) last--;
		if (last >= 0) {
			this.before[c] = { value: raw[last]!, timeMs: t[last]! };
			this.leadRun[c] = emitted - 1 - last;
		} else {
			this.leadRun[c] = (this.leadRun[c] ?? 0) + emitted;
		}
	}
}
