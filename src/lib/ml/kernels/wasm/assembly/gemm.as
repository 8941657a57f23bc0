// AssemblyScript. The two matrix products the kernels need, 4 lanes wide, register-blocked.
// Pointers and strides in bytes; counts in elements.
import { hsum4, madd } from './math';

/**
 * C[m][n] = init[n] + Σ_k A(m, k) · B[k][n]  (init = 0: no bias), m < M (even), n < N (a
 * multiple of 16). A(m, k) is at a + m·aM + k·aK: a plain row-major A (aM = row bytes, aK = 4)
 * or a transposed one (aM = 4, aK = row bytes), which makes this also the AᵀB of the weight
 * gradients. Each step: 2 broadcast A values × 16 columns of B into 8 accumulators (8 of the
 * 16 xmm registers V8 uses on x64); columns outermost, so a 16-column slice of B is reused from
 * L1 by every row pair.
 */
export function gemmSplat(
	M: i32, N: i32, K: i32,
	a: usize, aM: usize, aK: usize,
	b: usize, bK: usize,
	init: usize,
	c: usize, cM: usize
): void {
	for (let n = 0; n < N; n += 16) {
		const bn = b + (<usize>n << 2);
		const cn = c + (<usize>n << 2);
		const initN = init + (<usize>n << 2);
		for (let m = 0; m < M; m += 2) {
			let a00 = f32x4.splat(0), a01 = a00, a02 = a00, a03 = a00;
			if (init != 0) {
				a00 = v128.load(initN); a01 = v128.load(initN, 16);
				a02 = v128.load(initN, 32); a03 = v128.load(initN, 48);
			}
			let a10 = a00, a11 = a01, a12 = a02, a13 = a03;
			let pa = a + <usize>m * aM;
			let pb = bn;
			for (let k = 0; k < K; k++) {
				const s0 = f32x4.splat(load<f32>(pa));
				const s1 = f32x4.splat(load<f32>(pa + aM));
				const b0 = v128.load(pb), b1 = v128.load(pb, 16);
				const b2 = v128.load(pb, 32), b3 = v128.load(pb, 48);
				a00 = madd(s0, b0, a00); a01 = madd(s0, b1, a01);
				a02 = madd(s0, b2, a02); a03 = madd(s0, b3, a03);
				a10 = madd(s1, b0, a10); a11 = madd(s1, b1, a11);
				a12 = madd(s1, b2, a12); a13 = madd(s1, b3, a13);
				pa += aK;
				pb += bK;
			}
			const c0 = cn + <usize>m * cM;
			const c1 = c0 + cM;
			v128.store(c0, a00); v128.store(c0, a01, 16); v128.store(c0, a02, 32); v128.store(c0, a03, 48);
			v128.store(c1, a10); v128.store(c1, a11, 16); v128.store(c1, a12, 32); v128.store(c1, a13, 48);
		}
	}
}

/**
 * C[m][n] = Σ_k A[m][k] · B[n][k] (both row-major, K contiguous): m < M (even), n < N (a
 * multiple of 4), K a multiple of 4. Dot products 4 lanes at a time, 2 rows × 4 columns into
 * 8 accumulators, reduced with one transpose-add: no broadcasts, so it reads B untransposed.
 */
export function gemmDot(
	M: i32, N: i32, K: i32,
	a: usize, aM: usize,
	b: usize, bN: usize,
	c: usize, cM: usize
): void {
	for (let m = 0; m < M; m += 2) {
		const pa0 = a + <usize>m * aM;
		const pa1 = pa0 + aM;
		for (let n = 0; n < N; n += 4) {
			const pb0 = b + <usize>n * bN;
			let x0 = f32x4.splat(0), x1 = x0, x2 = x0, x3 = x0;
			let y0 = x0, y1 = x0, y2 = x0, y3 = x0;
			for (let k: usize = 0; k < (<usize>K << 2); k += 16) {
				const r0 = v128.load(pa0 + k);
				const r1 = v128.load(pa1 + k);
				const w0 = v128.load(pb0 + k);
				const w1 = v128.load(pb0 + bN + k);
				const w2 = v128.load(pb0 + 2 * bN + k);
				const w3 = v128.load(pb0 + 3 * bN + k);
				x0 = madd(r0, w0, x0); x1 = madd(r0, w1, x1);
				x2 = madd(r0, w2, x2); x3 = madd(r0, w3, x3);
				y0 = madd(r1, w0, y0); y1 = madd(r1, w1, y1);
				y2 = madd(r1, w2, y2); y3 = madd(r1, w3, y3);
			}
			const c0 = c + <usize>m * cM + (<usize>n << 2);
			v128.store(c0, hsum4(x0, x1, x2, x3));
			v128.store(c0 + cM, hsum4(y0, y1, y2, y3));
		}
	}
}

/** out[n] = Σ_r A[r][n] over `rows` rows of width N (a multiple of 4). */
export function columnSums(a: usize, rows: i32, N: i32, out: usize): void {
	memory.fill(out, 0, <usize>N << 2);
	const rowBytes = <usize>N << 2;
	for (let r = 0; r < rows; r++) {
		const pa = a + <usize>r * rowBytes;
		for (let n: usize = 0; n < rowBytes; n += 16) {
			v128.store(out + n, f32x4.add(v128.load(out + n), v128.load(pa + n)));
		}
	}
}

/** out = Σ_i block_i over `blocks` consecutive blocks of `floats` floats (a multiple of 4). */
export function sumBlocks(a: usize, blocks: i32, floats: i32, out: usize): void {
	const bytes = <usize>floats << 2;
	memory.copy(out, a, bytes);
	for (let i = 1; i < blocks; i++) {
		const pa = a + <usize>i * bytes;
		for (let n: usize = 0; n < bytes; n += 16) {
			v128.store(out + n, f32x4.add(v128.load(out + n), v128.load(pa + n)));
		}
	}
}
