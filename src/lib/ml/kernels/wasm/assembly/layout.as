// AssemblyScript. Conversions between the contract's layouts (lstm-contract.ts: batch-major,
// gates in blocks i | f | c | o of `units` columns) and the kernels' internal ones:
//  - time-major rows [time][paddedBatch][...] so that all rows of a step are contiguous, and the
//    weight gradients are single GEMMs over all (t, b) rows;
//  - units padded to a multiple of 4 (Up = 4·quads) and the batch to an even row count, padded
//    with zeros (zero rows stay exactly zero through the backward pass);
//  - "quad-interleaved" gate columns: the 16 columns of quad q are i, f, g, o of units
//    4q..4q+3, four each, so one 16-column tile holds all four gates of four units and the gate
//    math runs in registers right after the matmul. Column of gate g, unit u:
//    (u >> 2)·16 + g·4 + (u & 3).
// Pointers are byte offsets into this module's memory; sizes are element counts.

// @ts-ignore: decorator
@inline export function packedColumn(gate: i32, unit: i32): i32 {
	return ((unit >> 2) << 4) + (gate << 2) + (unit & 3);
}

/** `rows` rows of contract gate columns [rows][4·units] → packed [rows][16·quads], zero-padded. */
export function packGateRows(src: usize, rows: i32, units: i32, quads: i32, dst: usize): void {
	const width = 16 * quads;
	memory.fill(dst, 0, <usize>(rows * width) << 2);
	for (let r = 0; r < rows; r++) {
		const from = src + (<usize>(r * 4 * units) << 2);
		const to = dst + (<usize>(r * width) << 2);
		for (let g = 0; g < 4; g++) {
			for (let u = 0; u < units; u++) {
				store<f32>(to + (<usize>packedColumn(g, u) << 2), load<f32>(from + (<usize>(g * units + u) << 2)));
			}
		}
	}
}

/** Packed gate rows [rows][16·quads] → contract [rows][4·units] (the inverse of packGateRows). */
export function unpackGateRows(src: usize, rows: i32, units: i32, quads: i32, dst: usize): void {
	const width = 16 * quads;
	for (let r = 0; r < rows; r++) {
		const from = src + (<usize>(r * width) << 2);
		const to = dst + (<usize>(r * 4 * units) << 2);
		for (let g = 0; g < 4; g++) {
			for (let u = 0; u < units; u++) {
				store<f32>(to + (<usize>(g * units + u) << 2), load<f32>(from + (<usize>packedColumn(g, u) << 2)));
			}
		}
	}
}

/**
 * Batch-major [batch][time][width] → time-major [time][rowsPadded][widthPadded], zero padding.
 * `blockOffset` leaves that many all-zero time blocks first (h₋₁ = c₋₁ = 0 live in block 0).
 */
export function toTimeMajor(
	src: usize, batch: i32, time: i32, width: i32,
	dst: usize, rowsPadded: i32, widthPadded: i32, blockOffset: i32
): void {
	memory.fill(dst, 0, <usize>((time + blockOffset) * rowsPadded * widthPadded) << 2);
	const bytes = <usize>width << 2;
	for (let b = 0; b < batch; b++) {
		for (let t = 0; t < time; t++) {
			const from = src + (<usize>((b * time + t) * width) << 2);
			const to = dst + (<usize>(((t + blockOffset) * rowsPadded + b) * widthPadded) << 2);
			memory.copy(to, from, bytes);
		}
	}
}

/** Time-major [time + blockOffset][rowsPadded][widthPadded] → batch-major [batch][time][width]. */
export function fromTimeMajor(
	src: usize, batch: i32, time: i32, width: i32,
	dst: usize, rowsPadded: i32, widthPadded: i32, blockOffset: i32
): void {
	fromTimeMajorRows(src, 0, batch, time, width, dst, rowsPadded, widthPadded, blockOffset);
}

/** fromTimeMajor for the rows [first, end) only (each thread copies out the rows it computed). */
export function fromTimeMajorRows(
	src: usize, first: i32, end: i32, time: i32, width: i32,
	dst: usize, rowsPadded: i32, widthPadded: i32, blockOffset: i32
): void {
	const bytes = <usize>width << 2;
	for (let b = first; b < end; b++) {
		for (let t = 0; t < time; t++) {
			const from = src + (<usize>(((t + blockOffset) * rowsPadded + b) * widthPadded) << 2);
			const to = dst + (<usize>((b * time + t) * width) << 2);
			memory.copy(to, from, bytes);
		}
	}
}

/** Contract gates [batch][time][4·units] → time-major packed [time][rowsPadded][16·quads]. */
export function gatesToTimeMajor(
	src: usize, batch: i32, time: i32, units: i32, quads: i32, dst: usize, rowsPadded: i32
): void {
	const width = 16 * quads;
	memory.fill(dst, 0, <usize>(time * rowsPadded * width) << 2);
	for (let b = 0; b < batch; b++) {
		for (let t = 0; t < time; t++) {
			packGateRows(
				src + (<usize>((b * time + t) * 4 * units) << 2), 1, units, quads,
				dst + (<usize>((t * rowsPadded + b) * width) << 2)
			);
		}
	}
}

/** Time-major packed gates → contract [batch][time][4·units]. */
export function gatesFromTimeMajor(
	src: usize, batch: i32, time: i32, units: i32, quads: i32, dst: usize, rowsPadded: i32
): void {
	const width = 16 * quads;
	for (let b = 0; b < batch; b++) {
		for (let t = 0; t < time; t++) {
			unpackGateRows(
				src + (<usize>((t * rowsPadded + b) * width) << 2), 1, units, quads,
				dst + (<usize>((b * time + t) * 4 * units) << 2)
			);
		}
	}
}

/** 1 when every step of every sequence has the same x as its step 0 (RepeatVector's output). */
export function isConstantOverTime(x: usize, batch: i32, time: i32, features: i32): i32 {
	for (let b = 0; b < batch; b++) {
		const first = x + (<usize>(b * time * features) << 2);
		for (let t = 1; t < time; t++) {
			const row = first + (<usize>(t * features) << 2);
			let k = 0;
			for (; k + 4 <= features; k += 4) {
				const o = <usize>k << 2;
				if (!i32x4.all_true(i32x4.eq(v128.load(row + o), v128.load(first + o)))) return 0;
			}
			for (; k < features; k++) {
				const o = <usize>k << 2;
				if (load<u32>(row + o) != load<u32>(first + o)) return 0;
			}
		}
	}
	return 1;
}
