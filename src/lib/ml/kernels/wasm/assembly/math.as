// AssemblyScript (compiled by scripts/build-kernels.mjs; not TypeScript, hence the .as name).
// SIMD building blocks of the LSTM kernels: exp, the gate activations and a 4-way horizontal sum.

/**
 * acc + a·b in 4 lanes: one fused multiply-add where the build has relaxed SIMD (the second
 * binary, used where the engine validates it: about 20 % faster here), else a mul and an add.
 * relaxed_madd may or may not round once; both are well inside the kernels' 1e-4 bound.
 */
// @ts-ignore: decorator
@inline export function madd(a: v128, b: v128, acc: v128): v128 {
	if (ASC_FEATURE_RELAXED_SIMD) {
		return f32x4.relaxed_madd(a, b, acc);
	} else {
		return f32x4.add(f32x4.mul(a, b), acc);
	}
}

/** 0: tanh, 1: relu (the `activation` attr); the gates are always the sigmoid. */
export const ACT_TANH: i32 = 0;

/**
 * e^x in 4 lanes: Cephes' expf (range reduction by ln 2 in two parts, degree-6 polynomial,
 * 2^n built in the exponent bits). Relative error about 2e-7 over [-87, 87]; inputs are clamped
 * there, so e^x never overflows to Inf nor underflows to a denormal.
 */
// @ts-ignore: decorator
@inline export function vexp(x: v128): v128 {
	x = f32x4.min(f32x4.max(x, f32x4.splat(-87.0)), f32x4.splat(87.0));
	const fx = f32x4.nearest(f32x4.mul(x, f32x4.splat(1.44269504088896341)));
	let r = f32x4.sub(x, f32x4.mul(fx, f32x4.splat(0.693359375)));
	r = f32x4.sub(r, f32x4.mul(fx, f32x4.splat(-2.12194440e-4)));
	let y = f32x4.splat(1.9875691500e-4);
	y = f32x4.add(f32x4.mul(y, r), f32x4.splat(1.3981999507e-3));
	y = f32x4.add(f32x4.mul(y, r), f32x4.splat(8.3334519073e-3));
	y = f32x4.add(f32x4.mul(y, r), f32x4.splat(4.1665795894e-2));
	y = f32x4.add(f32x4.mul(y, r), f32x4.splat(1.6666665459e-1));
	y = f32x4.add(f32x4.mul(y, r), f32x4.splat(5.0000001201e-1));
	y = f32x4.add(f32x4.add(f32x4.mul(f32x4.mul(y, r), r), r), f32x4.splat(1.0));
	const n = i32x4.trunc_sat_f32x4_s(fx);
	return f32x4.mul(y, i32x4.shl(i32x4.add(n, i32x4.splat(127)), 23));
}

// @ts-ignore: decorator
@inline export function vsigmoid(z: v128): v128 {
	return f32x4.div(f32x4.splat(1.0), f32x4.add(f32x4.splat(1.0), vexp(f32x4.neg(z))));
}

/** tanh z = 2 σ(2z) − 1: absolute error ~2e-7, never NaN (exp is clamped). */
// @ts-ignore: decorator
@inline export function vtanh(z: v128): v128 {
	const twice = f32x4.add(z, z);
	const s = f32x4.div(f32x4.splat(2.0), f32x4.add(f32x4.splat(1.0), vexp(f32x4.neg(twice))));
	return f32x4.sub(s, f32x4.splat(1.0));
}

/** The cell activation: tanh or relu. */
// @ts-ignore: decorator
@inline export function vact(z: v128, act: i32): v128 {
	return act == ACT_TANH ? vtanh(z) : f32x4.max(z, f32x4.splat(0.0));
}

/**
 * The activation's slope at its input, from its output a = act(z): tanh' = 1 − a²; relu' = [a > 0]
 * (relu's output is positive exactly when its input is; tfjs's relu gradient is 0 at 0 too).
 */
// @ts-ignore: decorator
@inline export function vactSlope(a: v128, act: i32): v128 {
	return act == ACT_TANH
		? f32x4.sub(f32x4.splat(1.0), f32x4.mul(a, a))
		: v128.and(f32x4.gt(a, f32x4.splat(0.0)), f32x4.splat(1.0));
}

/** [Σa, Σb, Σc, Σd]: the lane sums of four vectors in one vector (a 4×4 transpose-add). */
// @ts-ignore: decorator
@inline export function hsum4(a: v128, b: v128, c: v128, d: v128): v128 {
	const ab = f32x4.add(v128.shuffle<f32>(a, b, 0, 4, 1, 5), v128.shuffle<f32>(a, b, 2, 6, 3, 7));
	const cd = f32x4.add(v128.shuffle<f32>(c, d, 0, 4, 1, 5), v128.shuffle<f32>(c, d, 2, 6, 3, 7));
	return f32x4.add(v128.shuffle<f32>(ab, cd, 0, 1, 4, 5), v128.shuffle<f32>(ab, cd, 2, 3, 6, 7));
}
