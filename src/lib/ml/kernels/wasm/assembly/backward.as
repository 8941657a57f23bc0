// AssemblyScript. One step of the LSTM backward through time for all rows: dh from the next
// step's dz · Rᵀ (dot products against R's rows, so R is read as stored), then the gate
// gradients of 4 units in registers.
import { hsum4, madd, vact, vactSlope } from './math';

const ROW_BLOCK: i32 = 16;

/**
 * For step t, rows `rows` (even): dh = dhIn + dzNext · Rᵀ (dzNext = 0 at the last step),
 * dc = dcCarry + dh ⊙ o ⊙ act'(c), and
 *   dz_i = dc ⊙ g ⊙ i(1−i), dz_f = dc ⊙ c_{t−1} ⊙ f(1−f), dz_g = dc ⊙ i ⊙ act'(g),
 *   dz_o = dh ⊙ act(c) ⊙ o(1−o);  dcCarry ← dc ⊙ f  (in place).
 * `gates`, `dz`, `dzNext` are packed rows (16·quads), the others unit rows (4·quads).
 */
export function backwardStep(
	rows: i32, quads: i32, act: i32,
	dzNext: usize, r: usize,
	dhIn: usize, gates: usize, c: usize, cPrev: usize,
	dcCarry: usize, dz: usize
): void {
	const gateRow = <usize>(quads << 6);
	const unitRow = <usize>(quads << 4);
	for (let block = 0; block < rows; block += ROW_BLOCK) {
		const blockEnd = min(block + ROW_BLOCK, rows);
		for (let q = 0; q < quads; q++) {
			const pr = r + <usize>(q << 2) * gateRow; // R's rows of units 4q..4q+3
			for (let b = block; b < blockEnd; b += 2) {
				let d0 = f32x4.splat(0), d1 = d0;
				if (dzNext != 0) {
					const pz0 = dzNext + <usize>b * gateRow;
					const pz1 = pz0 + gateRow;
					let x0 = f32x4.splat(0), x1 = x0, x2 = x0, x3 = x0;
					let y0 = x0, y1 = x0, y2 = x0, y3 = x0;
					for (let k: usize = 0; k < gateRow; k += 16) {
						const z0 = v128.load(pz0 + k);
						const z1 = v128.load(pz1 + k);
						const r0 = v128.load(pr + k);
						const r1 = v128.load(pr + gateRow + k);
						const r2 = v128.load(pr + 2 * gateRow + k);
						const r3 = v128.load(pr + 3 * gateRow + k);
						x0 = madd(z0, r0, x0); x1 = madd(z0, r1, x1);
						x2 = madd(z0, r2, x2); x3 = madd(z0, r3, x3);
						y0 = madd(z1, r0, y0); y1 = madd(z1, r1, y1);
						y2 = madd(z1, r2, y2); y3 = madd(z1, r3, y3);
					}
					d0 = hsum4(x0, x1, x2, x3);
					d1 = hsum4(y0, y1, y2, y3);
				}
				const u0 = <usize>b * unitRow + <usize>(q << 4);
				const g0 = <usize>b * gateRow + <usize>(q << 6);
				cellGrad(d0, act, dhIn + u0, gates + g0, c + u0, cPrev + u0, dcCarry + u0, dz + g0);
				cellGrad(d1, act, dhIn + u0 + unitRow, gates + g0 + gateRow, c + u0 + unitRow,
					cPrev + u0 + unitRow, dcCarry + u0 + unitRow, dz + g0 + gateRow);
			}
		}
	}
}

// @ts-ignore: decorator
@inline function cellGrad(
	dhRecurrent: v128, act: i32,
	dhIn: usize, gates: usize, c: usize, cPrev: usize, dcCarry: usize, dz: usize
): void {
	const one = f32x4.splat(1.0);
	const dh = f32x4.add(v128.load(dhIn), dhRecurrent);
	const i = v128.load(gates), f = v128.load(gates, 16);
	const g = v128.load(gates, 32), o = v128.load(gates, 48);
	const ac = vact(v128.load(c), act);
	const dc = f32x4.add(v128.load(dcCarry), f32x4.mul(f32x4.mul(dh, o), vactSlope(ac, act)));
	v128.store(dcCarry, f32x4.mul(dc, f));
	const di = f32x4.mul(f32x4.mul(dc, g), f32x4.mul(i, f32x4.sub(one, i)));
	const df = f32x4.mul(f32x4.mul(dc, v128.load(cPrev)), f32x4.mul(f, f32x4.sub(one, f)));
	const dg = f32x4.mul(f32x4.mul(dc, i), vactSlope(g, act));
	const dO = f32x4.mul(f32x4.mul(dh, ac), f32x4.mul(o, f32x4.sub(one, o)));
	v128.store(dz, di); v128.store(dz, df, 16); v128.store(dz, dg, 32); v128.store(dz, dO, 48);
}
