/**
 * WGSL for the two recurrences of the fused LSTM: the forward over all time steps and the backward
 * through time, one dispatch each. Everything else (x·W + b, the weight gradients, dx) is a big
 * matmul that tfjs's own kernels already do in one dispatch.
 *
 * Layout shared by both shaders: a workgroup of 256 lanes owns `rowsPerGroup` batch rows in blocks
 * of 4 (`ROWS_PER_LANE`); lane `block · units + unit` owns one unit of the 4 rows of its block for
 * the whole sequence. The cell state and the carried gradients live in registers; only h
 * (forward) or dz (backward) of the current step goes through workgroup memory, as vec4s over the 4
 * rows (forward) or the 4 gates (backward). One 16-byte load of the recurrent weights feeds 16
 * multiply-adds (4 gates × 4 rows): the weights are the traffic that grows with the batch.
 *
 * Sizes, the activation and the dispatch grid are uniforms, not baked into the source: one pipeline
 * per kernel serves every shape (SwiftShader needs seconds per compile).
 */

/** Lanes per workgroup: the WebGPU default limit `maxComputeInvocationsPerWorkgroup`. */
export const LANES_PER_GROUP = 256;

/** Batch rows each lane carries (register blocking: one weight load serves this many rows). */
export const ROWS_PER_LANE = 4;

/** The most units one lane-per-unit workgroup holds; also the contract's `maxUnits`. */
export const MAX_FUSED_UNITS = LANES_PER_GROUP;

// Filled by fused-pass.ts in this order: 8 u32, 32 bytes (uniform buffers want 16-byte multiples).
const PARAMS_STRUCT = /* wgsl */ `
struct Params {
	batch: u32,
	time: u32,
	units: u32,
	rowsPerGroup: u32,
	groupsX: u32,
	reluActivation: u32,
	saveState: u32,
	pad1: u32,
}
@group(0) @binding(0) var<uniform> params: Params;
`;

// exp() of a large argument is implementation-defined in WGSL; the clamps keep it finite, and
// tanh is clamped because some drivers return NaN for large |x| (tfjs works around the same).
const ACTIVATIONS = /* wgsl */ `
fn sigmoid(x: f32) -> f32 {
	return 1.0 / (1.0 + exp(-clamp(x, -80.0, 80.0)));
}
fn cellActivation(x: f32) -> f32 {
	if (params.reluActivation != 0u) {
		return max(x, 0.0);
	}
	return tanh(clamp(x, -15.0, 15.0));
}
// Derivative of cellActivation, given its input x and its output y. relu'(0) = 0 as in tfjs.
fn cellActivationGrad(x: f32, y: f32) -> f32 {
	if (params.reluActivation != 0u) {
		return select(0.0, 1.0, x > 0.0);
	}
	return 1.0 - y * y;
}
`;

// Inactive lanes (past the last block, or a block wholly past the batch) still reach every
// barrier: WGSL requires barriers in uniform control flow, so work is skipped, never the loop.
const LANE_LAYOUT = /* wgsl */ `
	let units = params.units;
	let gateWidth = 4u * units;
	let block = lane / units;
	let unit = lane - block * units;
	let blocksPerGroup = params.rowsPerGroup / ${ROWS_PER_LANE}u;
	let row0 = ((groupId.x + groupId.y * params.groupsX) * blocksPerGroup + block) * ${ROWS_PER_LANE}u;
	let laneActive = block < blocksPerGroup && row0 < params.batch;
	let blockBase = block * units;
`;

/**
 * Forward recurrence. Inputs: xw [batch, time, 4·units] = x·kernel + bias; recurrentGates
 * [units, units] of vec4, entry [k][j] = the recurrent kernel's (i, f, g, o) columns of unit j in
 * row k (`interleaveGates`), coalesced across the lanes of a block. Outputs: h, c [batch, time,
 * units] and the activated gates [batch, time, 4·units] (i, f, g, o); c and the gates only when
 * `saveState` is set.
 */
export const FORWARD_SHADER = /* wgsl */ `
${PARAMS_STRUCT}
@group(0) @binding(1) var<storage, read> xw: array<f32>;
@group(0) @binding(2) var<storage, read> recurrentGates: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read_write> hOut: array<f32>;
@group(0) @binding(4) var<storage, read_write> cOut: array<f32>;
@group(0) @binding(5) var<storage, read_write> gatesOut: array<f32>;

// h of the step for the 4 rows of each block, [half][block · units + k]: a step reads one half and
// writes the other, so one barrier per step is enough (a lane that races ahead writes the half
// nobody is reading).
var<workgroup> hShared: array<vec4<f32>, ${2 * LANES_PER_GROUP}>;
${ACTIVATIONS}
struct Cell {
	gates: vec4<f32>,
	c: f32,
	h: f32,
}

fn lstmCell(z: vec4<f32>, cPrev: f32) -> Cell {
	let i = sigmoid(z.x);
	let f = sigmoid(z.y);
	let g = cellActivation(z.z);
	let o = sigmoid(z.w);
	let c = f * cPrev + i * g;
	return Cell(vec4<f32>(i, f, g, o), c, o * cellActivation(c));
}

// x·kernel + bias of one row's step for the four gates of a unit (zeros past the batch).
fn inputGates(row: u32, t: u32, unit: u32) -> vec4<f32> {
	if (row >= params.batch) {
		return vec4<f32>(0.0);
	}
	let units = params.units;
	let base = (row * params.time + t) * 4u * units + unit;
	return vec4<f32>(xw[base], xw[base + units], xw[base + 2u * units], xw[base + 3u * units]);
}

fn storeCell(row: u32, t: u32, unit: u32, cell: Cell) {
	if (row >= params.batch) {
		return;
	}
	let units = params.units;
	let sIndex = (row * params.time + t) * units + unit;
	hOut[sIndex] = cell.h;
	// Inference (saveForBackward false) skips the largest writes; cOut and gatesOut are then
	// placeholders.
	if (params.saveState != 0u) {
		cOut[sIndex] = cell.c;
		let gIndex = (row * params.time + t) * 4u * units + unit;
		gatesOut[gIndex] = cell.gates.x;
		gatesOut[gIndex + units] = cell.gates.y;
		gatesOut[gIndex + 2u * units] = cell.gates.z;
		gatesOut[gIndex + 3u * units] = cell.gates.w;
	}
}

@compute @workgroup_size(${LANES_PER_GROUP})
fn main(@builtin(local_invocation_index) lane: u32, @builtin(workgroup_id) groupId: vec3<u32>) {
	${LANE_LAYOUT}
	hShared[lane] = vec4<f32>(0.0);
	hShared[lane + ${LANES_PER_GROUP}u] = vec4<f32>(0.0);
	var c = vec4<f32>(0.0);
	workgroupBarrier();
	for (var t = 0u; t < params.time; t++) {
		let readHalf = (t & 1u) * ${LANES_PER_GROUP}u + blockBase;
		let writeHalf = ${LANES_PER_GROUP}u - (t & 1u) * ${LANES_PER_GROUP}u + blockBase;
		if (laneActive) {
			var z0 = inputGates(row0, t, unit);
			var z1 = inputGates(row0 + 1u, t, unit);
			var z2 = inputGates(row0 + 2u, t, unit);
			var z3 = inputGates(row0 + 3u, t, unit);
			for (var k = 0u; k < units; k++) {
				let h = hShared[readHalf + k];
				let w = recurrentGates[k * units + unit];
				z0 += h.x * w;
				z1 += h.y * w;
				z2 += h.z * w;
				z3 += h.w * w;
			}
			let cell0 = lstmCell(z0, c.x);
			let cell1 = lstmCell(z1, c.y);
			let cell2 = lstmCell(z2, c.z);
			let cell3 = lstmCell(z3, c.w);
			c = vec4<f32>(cell0.c, cell1.c, cell2.c, cell3.c);
			hShared[writeHalf + unit] = vec4<f32>(cell0.h, cell1.h, cell2.h, cell3.h);
			storeCell(row0, t, unit, cell0);
			storeCell(row0 + 1u, t, unit, cell1);
			storeCell(row0 + 2u, t, unit, cell2);
			storeCell(row0 + 3u, t, unit, cell3);
		}
		workgroupBarrier();
	}
}
`;

/**
 * Backward recurrence, in reverse time. Inputs: dh [batch, time, units] (the loss gradient of
 * every step's output h); recurrentGatesT [units, units] of vec4, entry [k][j] = the recurrent
 * kernel's row j at the (i, f, g, o) columns of unit k (`interleaveGatesTransposed`), coalesced
 * across lanes; h, c [batch, time, units]; gates [batch, time, 4·units]. Outputs: dz [batch,
 * time, 4·units] (the gradient of the gates' pre-activations: everything the weight gradients
 * need) and hPrev [batch, time, units] = h one step later, h₋₁ = 0 (the left factor of
 * dRecurrentKernel = hPrevᵀ·dz).
 */
export const BACKWARD_SHADER = /* wgsl */ `
${PARAMS_STRUCT}
@group(0) @binding(1) var<storage, read> dh: array<f32>;
@group(0) @binding(2) var<storage, read> recurrentGatesT: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read> hIn: array<f32>;
@group(0) @binding(4) var<storage, read> cIn: array<f32>;
@group(0) @binding(5) var<storage, read> gatesIn: array<f32>;
@group(0) @binding(6) var<storage, read_write> dz: array<f32>;
@group(0) @binding(7) var<storage, read_write> hPrev: array<f32>;

// dz of the step as (i, f, g, o), [(block · units + unit) · 4 + row]: 16 KiB, the WebGPU default
// limit, so it is single-buffered (two barriers per step).
var<workgroup> dzShared: array<vec4<f32>, ${ROWS_PER_LANE * LANES_PER_GROUP}>;
${ACTIVATIONS}
struct Grad {
	dz: vec4<f32>,
	dcCarry: f32,
}

// One row's step: dz from the step's dh (its own plus the carry through the recurrent kernel)
// and dc carried from the step after; writes dz and hPrev.
fn cellGrad(row: u32, t: u32, unit: u32, dhCarry: f32, dcCarry: f32) -> Grad {
	if (row >= params.batch) {
		return Grad(vec4<f32>(0.0), 0.0);
	}
	let units = params.units;
	let sIndex = (row * params.time + t) * units + unit;
	let gIndex = (row * params.time + t) * 4u * units + unit;
	let dhT = dh[sIndex] + dhCarry;
	let i = gatesIn[gIndex];
	let f = gatesIn[gIndex + units];
	let g = gatesIn[gIndex + 2u * units];
	let o = gatesIn[gIndex + 3u * units];
	let cT = cIn[sIndex];
	var cPrev = 0.0;
	var hBefore = 0.0;
	if (t > 0u) {
		cPrev = cIn[sIndex - units];
		hBefore = hIn[sIndex - units];
	}
	hPrev[sIndex] = hBefore;
	let a = cellActivation(cT);
	let dc = dcCarry + dhT * o * cellActivationGrad(cT, a);
	// g = act(zg), so act'(zg) from g alone: relu: zg > 0 exactly when g > 0.
	let grad = vec4<f32>(
		dc * g * i * (1.0 - i),
		dc * cPrev * f * (1.0 - f),
		dc * i * cellActivationGrad(g, g),
		dhT * a * o * (1.0 - o)
	);
	dz[gIndex] = grad.x;
	dz[gIndex + units] = grad.y;
	dz[gIndex + 2u * units] = grad.z;
	dz[gIndex + 3u * units] = grad.w;
	return Grad(grad, dc * f);
}

@compute @workgroup_size(${LANES_PER_GROUP})
fn main(@builtin(local_invocation_index) lane: u32, @builtin(workgroup_id) groupId: vec3<u32>) {
	${LANE_LAYOUT}
	var dcCarry = vec4<f32>(0.0);
	var dhCarry = vec4<f32>(0.0);
	for (var back = 0u; back < params.time; back++) {
		let t = params.time - 1u - back;
		if (laneActive) {
			let grad0 = cellGrad(row0, t, unit, dhCarry.x, dcCarry.x);
			let grad1 = cellGrad(row0 + 1u, t, unit, dhCarry.y, dcCarry.y);
			let grad2 = cellGrad(row0 + 2u, t, unit, dhCarry.z, dcCarry.z);
			let grad3 = cellGrad(row0 + 3u, t, unit, dhCarry.w, dcCarry.w);
			dcCarry = vec4<f32>(grad0.dcCarry, grad1.dcCarry, grad2.dcCarry, grad3.dcCarry);
			let s = (blockBase + unit) * 4u;
			dzShared[s] = grad0.dz;
			dzShared[s + 1u] = grad1.dz;
			dzShared[s + 2u] = grad2.dz;
			dzShared[s + 3u] = grad3.dz;
		}
		workgroupBarrier();
		if (laneActive && t > 0u) {
			// dh of the step before, through the recurrent kernel: Σ_col dz[col] · R[unit, col].
			var acc = vec4<f32>(0.0);
			for (var k = 0u; k < units; k++) {
				let w = recurrentGatesT[k * units + unit];
				let s = (blockBase + k) * 4u;
				acc += vec4<f32>(
					dot(dzShared[s], w),
					dot(dzShared[s + 1u], w),
					dot(dzShared[s + 2u], w),
					dot(dzShared[s + 3u], w)
				);
			}
			dhCarry = acc;
		}
		workgroupBarrier();
	}
}
`;
