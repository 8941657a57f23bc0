import type { LstmDims } from '../reference';

/**
 * Where every buffer of one kernel call lives in the WASM module's memory (byte offsets, 16-byte
 * aligned), and how many bytes the call needs. The shapes (elements) match the comments of
 * `assembly/index.as`: units padded to Up = 4·⌈U/4⌉ (quads Q = Up/4, packed gate width 16·Q),
 * features to Fp = 4·⌈F/4⌉, the batch to an even Bp.
 */
export interface PaddedDims extends LstmDims {
	readonly quads: number;
	readonly unitsPadded: number;
	readonly featuresPadded: number;
	readonly rowsPadded: number;
	readonly gateWidth: number;
}

export function paddedDims(dims: LstmDims): PaddedDims {
	const quads = Math.ceil(dims.units / 4);
	return {
		...dims,
		quads,
		unitsPadded: 4 * quads,
		featuresPadded: 4 * Math.ceil(dims.features / 4),
		rowsPadded: dims.batch + (dims.batch % 2),
		gateWidth: 16 * quads
	};
}

/** The first byte the layouts use: below it lies whatever the compiler put in memory. */
export const HEAP_START_BYTES = 65536;

/** Hands out aligned regions of `floats` float32 values (0 floats: pointer 0, "absent"). */
class Regions {
	next = HEAP_START_BYTES;
	take(floats: number): number {
		if (floats === 0) return 0;
		const at = this.next;
		this.next += Math.ceil((floats * 4) / 16) * 16;
		return at;
	}
}

/** Forward buffers; `save` false (inference) leaves out the gates and the c and gates outputs. */
export function forwardLayout(dims: LstmDims, save: boolean) {
	const d = paddedDims(dims);
	const { batch: B, time: T, features: F, units: U } = d;
	const { rowsPadded: Bp, unitsPadded: Up, featuresPadded: Fp, gateWidth: W } = d;
	const r = new Regions();
	const layout = {
		xIn: r.take(B * T * F),
		wIn: r.take(F * 4 * U),
		rIn: r.take(U * 4 * U),
		bIn: r.take(4 * U),
		xt: r.take(T * Bp * Fp),
		wp: r.take(Fp * W),
		rp: r.take(Up * W),
		bp: r.take(W),
		pre: r.take(Bp * W),
		hs: r.take((T + 1) * Bp * Up),
		cs: r.take((T + 1) * Bp * Up),
		gs: save ? r.take(T * Bp * W) : 0,
		hOut: r.take(B * T * U),
		cOut: save ? r.take(B * T * U) : 0,
		gOut: save ? r.take(B * T * 4 * U) : 0
	};
	return { dims: d, layout, bytes: r.next };
}

/** Backward buffers. */
export function backwardLayout(dims: LstmDims) {
	const d = paddedDims(dims);
	const { batch: B, time: T, features: F, units: U } = d;
	const { rowsPadded: Bp, unitsPadded: Up, featuresPadded: Fp, gateWidth: W } = d;
	const r = new Regions();
	const layout = {
		dhIn: r.take(B * T * U),
		xIn: r.take(B * T * F),
		wIn: r.take(F * 4 * U),
		rIn: r.take(U * 4 * U),
		hIn: r.take(B * T * U),
		cIn: r.take(B * T * U),
		gIn: r.take(B * T * 4 * U),
		xt: r.take(T * Bp * Fp),
		wp: r.take(Fp * W),
		rp: r.take(Up * W),
		dht: r.take(T * Bp * Up),
		hs: r.take((T + 1) * Bp * Up),
		cs: r.take((T + 1) * Bp * Up),
		gs: r.take(T * Bp * W),
		dz: r.take(T * Bp * W),
		dc: r.take(Bp * Up),
		dxt: r.take(T * Bp * Fp),
		dwp: r.take(Fp * W),
		drp: r.take(Up * W),
		dbp: r.take(W),
		dzs: r.take(Bp * W),
		dxOut: r.take(B * T * F),
		dwOut: r.take(F * 4 * U),
		drOut: r.take(U * 4 * U),
		dbOut: r.take(4 * U)
	};
	return { dims: d, layout, bytes: r.next };
}
