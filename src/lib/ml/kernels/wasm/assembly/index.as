// AssemblyScript: the entry of Vigil's fused LSTM kernels for WebAssembly (128-bit SIMD).
// Built by `npm run build:kernels` (scripts/build-kernels.mjs) into ../lstm-wasm-binary.ts.
// The JS side (../wasm-kernels.ts) copies tfjs's tensors into this module's memory, lays out the
// work buffers (sizes from ../wasm-layout.ts) and calls lstmForward / lstmBackward once per layer
// and batch. Pointers are byte offsets; every buffer is 16-byte aligned.
import { backwardStep } from './backward';
import { columnSums, gemmDot, gemmSplat, sumBlocks } from './gemm';
import {
	fromTimeMajor, fromTimeMajorRows, gatesFromTimeMajor, gatesToTimeMajor, isConstantOverTime, packGateRows,
	toTimeMajor, unpackGateRows
} from './layout';
import { forwardStep } from './forward';

// @ts-ignore: decorator
@inline function quadsOf(units: i32): i32 { return (units + 3) >> 2; }
// @ts-ignore: decorator
@inline function padded4(n: i32): i32 { return (n + 3) & ~3; }

/** Packs W [features][4U] and R [units][4U] and the bias, zero rows padding to Fp and Up. */
function packWeights(
	features: i32, units: i32, wIn: usize, rIn: usize, bIn: usize, wp: usize, rp: usize, bp: usize
): void {
	const quads = quadsOf(units);
	const rowBytes = <usize>(quads << 6);
	memory.fill(wp, 0, <usize>padded4(features) * rowBytes);
	memory.fill(rp, 0, <usize>(quads << 2) * rowBytes);
	packGateRows(wIn, features, units, quads, wp);
	packGateRows(rIn, units, units, quads, rp);
	if (bp != 0) packGateRows(bIn, 1, units, quads, bp);
}

/** Rows of one cache block: all time steps of a block run before the next block starts. */
const FORWARD_BLOCK_ROWS: i32 = 32;

/**
 * The whole forward of one layer. Inputs in the contract's layouts: x [B][T][F], w [F][4U],
 * r [U][4U], bias [4U]. Work: xt [T][Bp][Fp], wp [Fp][16Q], rp [Up][16Q], bp [16Q],
 * pre [Bp][16Q], hs and cs [T+1][Bp][Up], gs [T][Bp][16Q] (0: inference, gates not kept).
 * Outputs (contract layouts): hOut [B][T][U]; cOut [B][T][U] and gOut [B][T][4U] unless 0.
 * It is forwardPrepare, forwardRows over all rows, forwardFinish: a threaded caller runs those
 * itself, with disjoint row ranges of forwardRows on several threads over one shared memory.
 */
export function lstmForward(
	batch: i32, time: i32, features: i32, units: i32, act: i32,
	xIn: usize, wIn: usize, rIn: usize, bIn: usize,
	xt: usize, wp: usize, rp: usize, bp: usize, pre: usize, hs: usize, cs: usize, gs: usize,
	hOut: usize, cOut: usize, gOut: usize
): void {
	const constant = forwardPrepare(batch, time, features, units, xIn, wIn, rIn, bIn, xt, wp, rp, bp, pre, hs, cs);
	forwardRows(0, batch + (batch & 1), batch, time, features, units, act, constant, xt, wp, rp, bp, pre, hs, cs, gs, hOut);
	forwardFinish(batch, time, units, cs, gs, cOut, gOut);
}

/**
 * Packs the weights and x, zeroes h and c at t = 0 and, when x is the same at every step (the
 * decoder's input after RepeatVector; checked bitwise), computes x · W + b once per row into
 * `pre`. Returns 1 in that case, else 0: forwardRows' `constant`.
 */
export function forwardPrepare(
	batch: i32, time: i32, features: i32, units: i32,
	xIn: usize, wIn: usize, rIn: usize, bIn: usize,
	xt: usize, wp: usize, rp: usize, bp: usize, pre: usize, hs: usize, cs: usize
): i32 {
	const quads = quadsOf(units);
	const fp = padded4(features);
	const rows = batch + (batch & 1);
	const gateRow = <usize>(quads << 6);
	const unitBlock = <usize>(rows * (quads << 2)) << 2;
	packWeights(features, units, wIn, rIn, bIn, wp, rp, bp);
	const constant = time > 1 && isConstantOverTime(xIn, batch, time, features) != 0;
	if (constant) {
		// x is read once, from step 0 (gemmSplat below): only that step is laid out.
		memory.fill(xt, 0, <usize>(rows * fp) << 2);
		for (let b = 0; b < batch; b++) {
			memory.copy(xt + (<usize>(b * fp) << 2), xIn + (<usize>(b * time * features) << 2), <usize>features << 2);
		}
	} else {
		toTimeMajor(xIn, batch, time, features, xt, rows, fp, 0);
	}
	memory.fill(hs, 0, unitBlock);
	memory.fill(cs, 0, unitBlock);
	if (constant) gemmSplat(rows, quads << 4, features, xt, <usize>fp << 2, 4, wp, gateRow, bp, pre, gateRow);
	return constant ? 1 : 0;
}

/**
 * The recurrence for rows [first, end) of the padded batch (both even), with their h copied out
 * to hOut [B][T][U] (the contract's layout): every time step of a
 * block of FORWARD_BLOCK_ROWS rows, then the next block, so a block's h, c and x stay in cache
 * across the steps (step-major over the whole batch re-read them from memory at large batches).
 * Rows are independent: disjoint ranges may run on different threads at once.
 */
export function forwardRows(
	first: i32, end: i32, batch: i32, time: i32, features: i32, units: i32, act: i32, constant: i32,
	xt: usize, wp: usize, rp: usize, bp: usize, pre: usize, hs: usize, cs: usize, gs: usize,
	hOut: usize
): void {
	const quads = quadsOf(units);
	const up = quads << 2;
	const fp = padded4(features);
	const rows = batch + (batch & 1);
	const gateRow = <usize>(quads << 6);
	const unitRow = <usize>up << 2;
	const xRow = <usize>fp << 2;
	const unitBlock = <usize>rows * unitRow;
	const xBlock = <usize>rows * xRow;
	for (let block = first; block < end; block += FORWARD_BLOCK_ROWS) {
		const n = min(FORWARD_BLOCK_ROWS, end - block);
		const rowOffset = <usize>block * unitRow;
		for (let t = 0; t < time; t++) {
			forwardStep(
				// h₀ = 0: the first step has no recurrent term (10 % of the work at window 10).
				n, quads, t == 0 ? 0 : units, constant ? 0 : features, act,
				xt + <usize>t * xBlock + <usize>block * xRow, xRow, wp, rp,
				constant ? pre + <usize>block * gateRow : bp, constant ? gateRow : 0,
				hs + <usize>t * unitBlock + rowOffset, cs + <usize>t * unitBlock + rowOffset,
				hs + <usize>(t + 1) * unitBlock + rowOffset, cs + <usize>(t + 1) * unitBlock + rowOffset,
				gs == 0 ? 0 : gs + <usize>(t * rows + block) * gateRow
			);
		}
		// The block's h while it is in cache, into hOut [B][T][U] (padding rows stay behind).
		fromTimeMajorRows(hs, block, min(block + n, batch), time, units, hOut, rows, up, 1);
	}
}

/** Copies c and the gates, when kept for the backward, out into the contract's layouts. */
export function forwardFinish(
	batch: i32, time: i32, units: i32, cs: usize, gs: usize, cOut: usize, gOut: usize
): void {
	const quads = quadsOf(units);
	const up = quads << 2;
	const rows = batch + (batch & 1);
	if (cOut != 0) fromTimeMajor(cs, batch, time, units, cOut, rows, up, 1);
	if (gOut != 0 && gs != 0) gatesFromTimeMajor(gs, batch, time, units, quads, gOut, rows);
}

/**
 * The whole backward of one layer. Inputs (contract layouts): dh [B][T][U], x, w, r, and the
 * forward's h, c [B][T][U] and gates [B][T][4U]. Work: xt, wp, rp as in the forward;
 * dht [T][Bp][Up], hs and cs [T+1][Bp][Up], gs and dz [T][Bp][16Q], dc [Bp][Up],
 * dxt [T][Bp][Fp], dwp [Fp][16Q], drp [Up][16Q], dbp [16Q], dzs [Bp][16Q].
 * Outputs (contract layouts): dx [B][T][F], dw [F][4U], dr [U][4U], db [4U].
 */
export function lstmBackward(
	batch: i32, time: i32, features: i32, units: i32, act: i32,
	dhIn: usize, xIn: usize, wIn: usize, rIn: usize, hIn: usize, cIn: usize, gIn: usize,
	xt: usize, wp: usize, rp: usize, dht: usize, hs: usize, cs: usize, gs: usize, dz: usize,
	dc: usize, dxt: usize, dwp: usize, drp: usize, dbp: usize, dzs: usize,
	dxOut: usize, dwOut: usize, drOut: usize, dbOut: usize
): void {
	const quads = quadsOf(units);
	const up = quads << 2;
	const fp = padded4(features);
	const rows = batch + (batch & 1);
	const width = quads << 4;
	const gateRow = <usize>width << 2;
	const unitBlock = <usize>(rows * up) << 2;
	packWeights(features, units, wIn, rIn, 0, wp, rp, 0);
	toTimeMajor(xIn, batch, time, features, xt, rows, fp, 0);
	toTimeMajor(dhIn, batch, time, units, dht, rows, up, 0);
	toTimeMajor(hIn, batch, time, units, hs, rows, up, 1);
	toTimeMajor(cIn, batch, time, units, cs, rows, up, 1);
	gatesToTimeMajor(gIn, batch, time, units, quads, gs, rows);
	memory.fill(dc, 0, unitBlock);
	const gateBlock = <usize>rows * gateRow;
	for (let t = time - 1; t >= 0; t--) {
		backwardStep(
			rows, quads, act,
			t == time - 1 ? 0 : dz + <usize>(t + 1) * gateBlock, rp,
			dht + <usize>t * unitBlock, gs + <usize>t * gateBlock,
			cs + <usize>(t + 1) * unitBlock, cs + <usize>t * unitBlock,
			dc, dz + <usize>t * gateBlock
		);
	}
	const allRows = time * rows;
	columnSums(dz, allRows, width, dbp);
	// dW = Σ_rows x_rowᵀ dz_row and dR = Σ_rows h_{t−1}ᵀ dz_row: single AᵀB products over all rows.
	// With the same x at every step (a decoder after RepeatVector), dW = Σ_b x_bᵀ (Σ_t dz_{t,b}).
	if (time > 1 && isConstantOverTime(xIn, batch, time, features) != 0) {
		sumBlocks(dz, time, rows * width, dzs);
		gemmSplat(fp, width, rows, xt, 4, <usize>fp << 2, dzs, gateRow, 0, dwp, gateRow);
	} else {
		gemmSplat(fp, width, allRows, xt, 4, <usize>fp << 2, dz, gateRow, 0, dwp, gateRow);
	}
	gemmSplat(up, width, allRows, hs, 4, <usize>up << 2, dz, gateRow, 0, drp, gateRow);
	// dx = dz · Wᵀ: dot products against W's packed rows.
	gemmDot(allRows, fp, width, dz, gateRow, wp, gateRow, dxt, <usize>fp << 2);
	fromTimeMajor(dxt, batch, time, features, dxOut, rows, fp, 0);
	unpackGateRows(dwp, features, units, quads, dwOut);
	unpackGateRows(drp, units, units, quads, drOut);
	unpackGateRows(dbp, 1, units, quads, dbOut);
}
