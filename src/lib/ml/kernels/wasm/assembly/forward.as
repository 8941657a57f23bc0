// AssemblyScript. The LSTM forward: one step of all rows per call, the gates fused into the
// matmul's epilogue (layout.as explains the packed, time-major layouts).
import { madd, vact, vsigmoid } from './math';

/** Rows per cache block: their h rows (≤ 16 KB at 256 units) stay in L1 across all quads. */
const ROW_BLOCK: i32 = 16;

/**
 * One time step for `rows` rows (even): z = init + x_t · W + h_{t−1} · R, then
 * i, f, o = σ, g = act, c = f ⊙ c_{t−1} + i ⊙ g, h = o ⊙ act(c).
 * `features` = 0 skips the x term (it is in `init`: the input is the same at every step).
 * `init` is the packed bias (initRow = 0) or per-row precomputed x · W + bias (initRow = row bytes).
 * `gates` = 0: the activated gates are not stored (inference).
 */
export function forwardStep(
	rows: i32, quads: i32, units: i32, features: i32, act: i32,
	x: usize, xRow: usize, w: usize, r: usize,
	init: usize, initRow: usize,
	hPrev: usize, cPrev: usize, hNext: usize, cNext: usize, gates: usize
): void {
	const gateRow = <usize>(quads << 6); // 16·quads floats
	const unitRow = <usize>(quads << 4); // 4·quads floats
	for (let block = 0; block < rows; block += ROW_BLOCK) {
		const blockEnd = min(block + ROW_BLOCK, rows);
		for (let q = 0; q < quads; q++) {
			const col = <usize>(q << 6);
			for (let b = block; b < blockEnd; b += 2) {
				const pi = init + <usize>b * initRow + col;
				let a00 = v128.load(pi), a01 = v128.load(pi, 16);
				let a02 = v128.load(pi, 32), a03 = v128.load(pi, 48);
				let a10 = a00, a11 = a01, a12 = a02, a13 = a03;
				if (initRow != 0) {
					a10 = v128.load(pi + initRow); a11 = v128.load(pi + initRow, 16);
					a12 = v128.load(pi + initRow, 32); a13 = v128.load(pi + initRow, 48);
				}
				let p0 = x + <usize>b * xRow;
				let pw = w + col;
				for (let k = 0; k < features; k++) {
					const s0 = v128.load32_splat(p0);
					const s1 = v128.load32_splat(p0 + xRow);
					const w0 = v128.load(pw), w1 = v128.load(pw, 16);
					const w2 = v128.load(pw, 32), w3 = v128.load(pw, 48);
					a00 = madd(s0, w0, a00); a01 = madd(s0, w1, a01);
					a02 = madd(s0, w2, a02); a03 = madd(s0, w3, a03);
					a10 = madd(s1, w0, a10); a11 = madd(s1, w1, a11);
					a12 = madd(s1, w2, a12); a13 = madd(s1, w3, a13);
					p0 += 4;
					pw += gateRow;
				}
				let ph = hPrev + <usize>b * unitRow;
				let pr = r + col;
				for (let k = 0; k < units; k++) {
					const s0 = v128.load32_splat(ph);
					const s1 = v128.load32_splat(ph + unitRow);
					const r0 = v128.load(pr), r1 = v128.load(pr, 16);
					const r2 = v128.load(pr, 32), r3 = v128.load(pr, 48);
					a00 = madd(s0, r0, a00); a01 = madd(s0, r1, a01);
					a02 = madd(s0, r2, a02); a03 = madd(s0, r3, a03);
					a10 = madd(s1, r0, a10); a11 = madd(s1, r1, a11);
					a12 = madd(s1, r2, a12); a13 = madd(s1, r3, a13);
					ph += 4;
					pr += gateRow;
				}
				const u0 = <usize>b * unitRow + <usize>(q << 4);
				const g0 = gates == 0 ? 0 : gates + <usize>b * gateRow + col;
				cell(a00, a01, a02, a03, act, cPrev + u0, cNext + u0, hNext + u0, g0);
				cell(a10, a11, a12, a13, act, cPrev + u0 + unitRow, cNext + u0 + unitRow,
					hNext + u0 + unitRow, g0 == 0 ? 0 : g0 + gateRow);
			}
		}
	}
}

/** The gate math of 4 units of one row, from their pre-activations. */
// @ts-ignore: decorator
@inline function cell(
	zi: v128, zf: v128, zg: v128, zo: v128, act: i32,
	cPrev: usize, cNext: usize, hNext: usize, gates: usize
): void {
	const i = vsigmoid(zi);
	const f = vsigmoid(zf);
	const g = vact(zg, act);
	const o = vsigmoid(zo);
	const c = f32x4.add(f32x4.mul(f, v128.load(cPrev)), f32x4.mul(i, g));
	v128.store(cNext, c);
	v128.store(hNext, f32x4.mul(o, vact(c, act)));
	if (gates != 0) {
		v128.store(gates, i); v128.store(gates, f, 16); v128.store(gates, g, 32); v128.store(gates, o, 48);
	}
}
