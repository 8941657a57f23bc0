/// <reference types="@webgpu/types" />
import type { TensorInfo } from '@tensorflow/tfjs';
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import { assert } from '../../../core/assert';
import { LANES_PER_GROUP, MAX_FUSED_UNITS, ROWS_PER_LANE } from './shaders';

/**
 * Runs one of our recurrence shaders on tfjs's own `GPUDevice`, reading and writing the buffers of
 * tfjs tensors. Why not `backend.runWebGPUProgram`: a tfjs program has exactly one output and
 * binds every input read-only, and the forward recurrence writes three tensors (h, c, gates) in
 * the same pass, the backward two (dz, hPrev). Copying them out of one packed output would cost
 * three extra dispatches and as many bytes again.
 *
 * Ordering with tfjs: tfjs records its dispatches into a command encoder it submits every ~15
 * dispatches. We flush it first (`submitQueue`), so every tensor we read (e.g. the matmul that just
 * produced x·W + b) is computed before our pass, then submit our own command buffer. Buffers that
 * tfjs releases after that go back to its pool, and whatever reuses them is queued behind us.
 */

/** One dispatch of a recurrence shader over `batch` rows. */
export interface FusedPass {
	/** Names the cached pipeline and labels it in WebGPU error messages. */
	readonly name: string;
	readonly code: string;
	readonly batch: number;
	readonly time: number;
	readonly units: number;
	readonly relu: boolean;
	/** Forward only: write c and the gates (false: inference, only h). */
	readonly saveState: boolean;
	/** Tensors bound at bindings 1, 2, … in the shader's order (binding 0 is the uniforms). */
	readonly buffers: readonly TensorInfo[];
}

const PARAMS_BYTES = 32;

/**
 * TESTS ONLY: a lower cap on workgroups per grid dimension than the device's (65,535 by default),
 * so a small batch exercises the second dimension that only batches over ~260,000 rows reach.
 * undefined restores the device limit.
 */
let workgroupsPerDimensionForTests: number | undefined;
export function capWorkgroupsPerDimensionForTests(cap: number | undefined): void {
	workgroupsPerDimensionForTests = cap;
}
const pipelines = new WeakMap<GPUDevice, Map<string, GPUComputePipeline>>();

function pipelineFor(device: GPUDevice, name: string, code: string): GPUComputePipeline {
	let cache = pipelines.get(device);
	if (!cache) {
		cache = new Map();
		pipelines.set(device, cache);
	}
	let pipeline = cache.get(name);
	if (!pipeline) {
		const module = device.createShaderModule({ code, label: name });
		pipeline = device.createComputePipeline({
			layout: 'auto',
			compute: { module, entryPoint: 'main' },
			label: name
		});
		cache.set(name, pipeline);
	}
	return pipeline;
}

/** The GPUBuffer behind a tensor, uploading its values first if they still live on the CPU. */
export function gpuBufferOf(backend: WebGPUBackend, tensor: TensorInfo): GPUBuffer {
	backend.uploadToGPU(tensor.dataId);
	const resource = backend.tensorMap.get(tensor.dataId).resource;
	assert(
		resource !== undefined && 'mapState' in resource,
		`tensor [${tensor.shape}] is not backed by a GPUBuffer (a texture or external resource?)`
	);
	return resource;
}

/** The workgroup grid for `batch` rows: x up to the device limit, the rest in y. */
export function workgroupGrid(
	batch: number,
	units: number,
	maxPerDimension: number
): { rowsPerGroup: number; groupsX: number; groupsY: number } {
	assert(
		Number.isInteger(units) && units >= 1 && units <= MAX_FUSED_UNITS,
		`fused LSTM units must be 1..${MAX_FUSED_UNITS}, got ${units}`
	);
	const rowsPerGroup = Math.floor(LANES_PER_GROUP / units) * ROWS_PER_LANE;
	const groups = Math.ceil(batch / rowsPerGroup);
	const groupsX = Math.min(groups, maxPerDimension);
	const groupsY = Math.ceil(groups / groupsX);
	assert(
		groupsY <= maxPerDimension,
		`batch ${batch} needs ${groups} workgroups, more than ${maxPerDimension}² the device allows`
	);
	return { rowsPerGroup, groupsX, groupsY };
}

/** Encodes and submits one pass; returns once it is queued (nothing is awaited). */
export function runFusedPass(backend: WebGPUBackend, pass: FusedPass): void {
	assert(
		pass.batch >= 1 && pass.time >= 1,
		`${pass.name}: empty batch ${pass.batch} × ${pass.time}`
	);
	const device = backend.device;
	const grid = workgroupGrid(
		pass.batch,
		pass.units,
		workgroupsPerDimensionForTests ?? device.limits.maxComputeWorkgroupsPerDimension
	);
	const maxBindingBytes = device.limits.maxStorageBufferBindingSize;
	for (const tensor of pass.buffers) {
		const bytes = 4 * tensor.shape.reduce((a, b) => a * b, 1);
		// WebGPU would only report an invalid bind group asynchronously and leave garbage.
		assert(
			bytes <= maxBindingBytes,
			`${pass.name}: tensor [${tensor.shape}] is ${bytes} bytes, over this device's ` +
				`maxStorageBufferBindingSize ${maxBindingBytes}: use a smaller batch`
		);
	}
	const buffers = pass.buffers.map((tensor) => gpuBufferOf(backend, tensor));
	const pipeline = pipelineFor(device, pass.name, pass.code);

	// tfjs's recorded work (uploads, the x·W matmul) must reach the queue before ours.
	backend.ensureCommandEncoderReady();
	backend.endComputePassEncoder();
	backend.submitQueue();

	const params = new Uint32Array(PARAMS_BYTES / 4);
	params.set([
		pass.batch,
		pass.time,
		pass.units,
		grid.rowsPerGroup,
		grid.groupsX,
		pass.relu ? 1 : 0,
		pass.saveState ? 1 : 0
	]);
	const uniforms = backend.bufferManager.acquireBuffer(
		PARAMS_BYTES,
		GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST
	);
	device.queue.writeBuffer(uniforms, 0, params);
	const bindGroup = device.createBindGroup({
		layout: pipeline.getBindGroupLayout(0),
		entries: [uniforms, ...buffers].map((buffer, binding) => ({ binding, resource: { buffer } }))
	});
	const encoder = device.createCommandEncoder({ label: pass.name });
	const compute = encoder.beginComputePass({ label: pass.name });
	compute.setPipeline(pipeline);
	compute.setBindGroup(0, bindGroup);
	compute.dispatchWorkgroups(grid.groupsX, grid.groupsY);
	compute.end();
	device.queue.submit([encoder.finish()]);
	// Reused only by work queued after ours (tfjs writes uniforms with queue.writeBuffer).
	backend.bufferManager.releaseBuffer(uniforms);
}
