/**
 * WGSL for the two recurrences of the fused LSTM: the forward over all time steps and the backward
 * through time, one dispatch each. Everything else (x·W + b, the weight gradients, dx) is a big
 * matmul that tfjs's own kernels already do in one dispatch.
 *
 * Layout shared by both shaders: a workgroup of 256 lanes owns `rowsPerGroup = floor(256 / units)`
 * batch rows; lane `rowInGroup · units + unit` owns one unit of one row for the whole sequence, so
 * the cell state and the carried gradients live in registers and only h (forward) or dz (backward)
 * of the current step goes through workgroup memory. Shared arrays are double-buffered: a step
 * reads one half and writes the other, so one `workgroupBarrier()` per step is enough (a lane that
 * races ahead writes the half nobody is reading).
 *
 * Sizes, the activation and the dispatch grid are uniforms, not baked into the source: one pipeline
 * per kernel serves every shape (SwiftShader needs seconds per compile).
 */

/** Lanes per workgroup: the WebGPU default limit `maxComputeInvocationsPerWorkgroup`. */
export const LANES_PER_GROUP = 256;

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

const LANE_LAYOUT = /* wgsl */ `
	let units = params.units;
	let gateWidth = 4u * units;
	let rowInGroup = lane / units;
	let unit = lane - rowInGroup * units;
	let row = (groupId.x + groupId.y * params.groupsX) * params.rowsPerGroup + rowInGroup;
	let inBatch = rowInGroup < params.rowsPerGroup && row < params.batch;
`;

/**
 * Forward recurrence. Inputs: xw [batch, time, 4·units] = x·kernel + bias, recurrentKernel
 * [units, 4·units]. Outputs: h, c [batch, time, units] and the activated gates [batch, time,
 * 4·units] (i, f, g, o), the last two only when `saveState` is set. Each lane reads its four columns of the recurrent kernel, coalesced
 * across the lanes of a row.
 */
export const FORWARD_SHADER = /* wgsl */ `
${PARAMS_STRUCT}
@group(0) @binding(1) var<storage, read> xw: array<f32>;
@group(0) @binding(2) var<storage, read> recurrentKernel: array<f32>;
@group(0) @binding(3) var<storage, read_write> hOut: array<f32>;
@group(0) @binding(4) var<storage, read_write> cOut: array<f32>;
@group(0) @binding(5) var<storage, read_write> gatesOut: array<f32>;

var<workgroup> hShared: array<f32, ${2 * LANES_PER_GROUP}>;
${ACTIVATIONS}
@compute @workgroup_size(${LANES_PER_GROUP})
fn main(@builtin(local_invocation_index) lane: u32, @builtin(workgroup_id) groupId: vec3<u32>) {
	${LANE_LAYOUT}
	let hBase = rowInGroup * units;
	hShared[lane] = 0.0;
	hShared[lane + ${LANES_PER_GROUP}u] = 0.0;
	var c = 0.0;
	workgroupBarrier();
	for (var t = 0u; t < params.time; t++) {
		let readHalf = (t & 1u) * ${LANES_PER_GROUP}u;
		let writeHalf = ${LANES_PER_GROUP}u - readHalf;
		if (inBatch) {
			let zRow = (row * params.time + t) * gateWidth + unit;
			var zi = xw[zRow];
			var zf = xw[zRow + units];
			var zg = xw[zRow + 2u * units];
			var zo = xw[zRow + 3u * units];
			for (var k = 0u; k < units; k++) {
				let hk = hShared[readHalf + hBase + k];
				let r = k * gateWidth + unit;
				zi += hk * recurrentKernel[r];
				zf += hk * recurrentKernel[r + units];
				zg += hk * recurrentKernel[r + 2u * units];
				zo += hk * recurrentKernel[r + 3u * units];
			}
			let i = sigmoid(zi);
			let f = sigmoid(zf);
			let g = cellActivation(zg);
			let o = sigmoid(zo);
			c = f * c + i * g;
			let h = o * cellActivation(c);
			hShared[writeHalf + hBase + unit] = h;
			let sIndex = (row * params.time + t) * units + unit;
			hOut[sIndex] = h;
			// Inference (saveForBackward false) skips the largest writes; cOut and gatesOut are then
			// placeholders.
			if (params.saveState != 0u) {
				cOut[sIndex] = c;
				gatesOut[zRow] = i;
				gatesOut[zRow + units] = f;
				gatesOut[zRow + 2u * units] = g;
				gatesOut[zRow + 3u * units] = o;
			}
		}
		workgroupBarrier();
	}
}
`;

/**
 * Backward recurrence, in reverse time. Inputs: dh [batch, time, units] (the loss gradient of
 * every step's output h), recurrentKernelT [4·units, units] (transposed, so the reads are
 * coalesced), h, c [batch, time, units], gates [batch, time, 4·units]. Outputs: dz [batch, time,
 * 4·units] (the gradient of the gates' pre-activations: everything the weight gradients need) and
 * hPrev [batch, time, units] = h shifted one step later with h₋₁ = 0 (the left factor of
 * dRecurrentKernel = hPrevᵀ·dz).
 */
export const BACKWARD_SHADER = /* wgsl */ `
${PARAMS_STRUCT}
@group(0) @binding(1) var<storage, read> dh: array<f32>;
@group(0) @binding(2) var<storage, read> recurrentKernelT: array<f32>;
@group(0) @binding(3) var<storage, read> hIn: array<f32>;
@group(0) @binding(4) var<storage, read> cIn: array<f32>;
@group(0) @binding(5) var<storage, read> gatesIn: array<f32>;
@group(0) @binding(6) var<storage, read_write> dz: array<f32>;
@group(0) @binding(7) var<storage, read_write> hPrev: array<f32>;

const HALF: u32 = ${4 * LANES_PER_GROUP}u;
var<workgroup> dzShared: array<f32, ${8 * LANES_PER_GROUP}>;
${ACTIVATIONS}
@compute @workgroup_size(${LANES_PER_GROUP})
fn main(@builtin(local_invocation_index) lane: u32, @builtin(workgroup_id) groupId: vec3<u32>) {
	${LANE_LAYOUT}
	let sharedRow = rowInGroup * gateWidth;
	var dcCarry = 0.0;
	var dhCarry = 0.0;
	for (var back = 0u; back < params.time; back++) {
		let t = params.time - 1u - back;
		let bufferHalf = (back & 1u) * HALF;
		if (inBatch) {
			let sIndex = (row * params.time + t) * units + unit;
			let gIndex = (row * params.time + t) * gateWidth + unit;
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
			dcCarry = dc * f;
			let dzi = dc * g * i * (1.0 - i);
			let dzf = dc * cPrev * f * (1.0 - f);
			// g = act(zg), so act'(zg) from g alone: relu: zg > 0 exactly when g > 0.
			let dzg = dc * i * cellActivationGrad(g, g);
			let dzo = dhT * a * o * (1.0 - o);
			dz[gIndex] = dzi;
			dz[gIndex + units] = dzf;
			dz[gIndex + 2u * units] = dzg;
			dz[gIndex + 3u * units] = dzo;
			let s = bufferHalf + sharedRow + unit;
			dzShared[s] = dzi;
			dzShared[s + units] = dzf;
			dzShared[s + 2u * units] = dzg;
			dzShared[s + 3u * units] = dzo;
		}
		workgroupBarrier();
		if (inBatch && t > 0u) {
			// dh of the step before, through the recurrent kernel: Σ_col dz[col] · R[unit, col].
			var acc = 0.0;
			let sBase = bufferHalf + sharedRow;
			for (var col = 0u; col < gateWidth; col++) {
				acc += dzShared[sBase + col] * recurrentKernelT[col * units + unit];
			}
			dhCarry = acc;
		}
	}
}
`;
