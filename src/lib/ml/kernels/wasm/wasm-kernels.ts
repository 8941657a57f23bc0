import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { assert } from '../../../core/assert';
import { LSTM_BACKWARD_KERNEL, LSTM_FORWARD_KERNEL, type LstmKernelAttrs } from '../lstm-contract';
import type { LstmDims } from '../reference';
import { loadLstmWasm, lstmWasm, lstmWasmSync, type LstmWasmModule } from './lstm-wasm-module';
import { lstmThreads, stopLstmWasmThreads, type LstmThreads } from './lstm-wasm-threads';
import { backwardLayout, forwardLayout } from './wasm-layout';

/**
 * `VigilLstmForward` / `VigilLstmBackward` for tfjs's `wasm` backend. Each call copies its inputs
 * from tfjs's WASM heap into our module's memory (tfjs's module cannot call ours, and ours owns
 * its layouts), runs one exported function for the whole layer and batch, and copies the outputs
 * into tensors made with `backend.makeOutput`. Batches whose buffers would exceed
 * 512 MiB run in row chunks (rows are independent; weight gradients are summed).
 */
let maxCallBytes = 512 * 2 ** 20;

/** Tests only: lowers the per-call memory bound (to exercise chunking); returns the restorer. */
export function limitCallBytesForTests(bytes: number): () => void {
	const previous = maxCallBytes;
	maxCallBytes = bytes;
	return () => (maxCallBytes = previous);
}

type WasmBackendLike = Pick<BackendWasm, 'makeOutput' | 'typedArrayFromHeap'>;

function view(backend: WasmBackendLike, info: tf.TensorInfo | undefined, name: string) {
	assert(info !== undefined, `fused LSTM (wasm): input ${name} is missing`);
	const values = backend.typedArrayFromHeap(info);
	assert(values instanceof Float32Array, `fused LSTM (wasm): ${name} must be float32`);
	return values;
}

function activationCode(attrs: tf.NamedAttrMap | undefined): number {
	const activation = (attrs as LstmKernelAttrs | undefined)?.activation;
	assert(
		activation === 'tanh' || activation === 'relu',
		`fused LSTM: activation must be 'tanh' or 'relu', got ${String(activation)}`
	);
	return activation === 'tanh' ? 0 : 1; // ACT_TANH in assembly/math.as
}

function dimsOf(x: tf.TensorInfo, recurrent: tf.TensorInfo): LstmDims {
	const [batch, time, features] = x.shape as [number, number, number];
	return { batch, time, features, units: recurrent.shape[0]! };
}

/** Row chunks [first, end) small enough that one call's buffers fit maxCallBytes. */
function chunks(batch: number, bytesFor: (rows: number) => number): [number, number][] {
	let rows = batch;
	while (rows > 1 && bytesFor(rows) > maxCallBytes) rows = Math.ceil(rows / 2);
	const out: [number, number][] = [];
	for (let first = 0; first < batch; first += rows)
		out.push([first, Math.min(batch, first + rows)]);
	return out;
}

/**
 * Below this much arithmetic per layer call (flops), waking the helper costs more than it saves:
 * a futex wake is tens of µs, 4 MFLOP about 130 µs on one core here.
 */
const MIN_SPLIT_FLOPS = 4e6;

type ForwardLayout = ReturnType<typeof forwardLayout>['layout'];

/** One chunk's forward: on two threads (disjoint row halves) when they run and it pays. */
function runForward(
	module: LstmWasmModule,
	threads: LstmThreads | undefined,
	dims: { batch: number; time: number; features: number; units: number },
	act: number,
	at: ForwardLayout
): void {
	const { batch: n, time: T, features: F, units: U } = dims;
	const rows = n + (n % 2);
	const flops = 8 * rows * T * (F + U) * 4 * Math.ceil(U / 4);
	if (!threads || rows < 4 || flops < MIN_SPLIT_FLOPS) {
		// prettier-ignore
		module.forward(n, T, F, U, act, at.xIn, at.wIn, at.rIn, at.bIn, at.xt, at.wp, at.rp, at.bp,
			at.pre, at.hs, at.cs, at.gs, at.hOut, at.cOut, at.gOut);
		return;
	}
	const parts = module.forwardParts;
	// prettier-ignore
	const constant = parts.forwardPrepare(n, T, F, U, at.xIn, at.wIn, at.rIn, at.bIn, at.xt, at.wp,
		at.rp, at.bp, at.pre, at.hs, at.cs);
	// prettier-ignore
	const rowsArgs = (first: number, end: number) => [first, end, n, T, F, U, act, constant, at.xt,
		at.wp, at.rp, at.bp, at.pre, at.hs, at.cs, at.gs, at.hOut];
	const half = 2 * Math.floor(rows / 4); // forwardRows takes rows in pairs
	threads.startForwardRows(rowsArgs(half, rows));
	const started = performance.now();
	parts.forwardRows(...rowsArgs(0, half));
	if (!threads.join(performance.now() - started)) {
		// The helper failed or fell silent: its rows are redone here, and threads stop.
		stopLstmWasmThreads('the helper worker failed or stopped answering; one thread since');
		parts.forwardRows(...rowsArgs(half, rows));
	}
	parts.forwardFinish(n, T, U, at.cs, at.gs, at.cOut, at.gOut);
}

const forward: tf.KernelFunc = ({ inputs, backend, attrs }) => {
	const wasm = backend as unknown as WasmBackendLike;
	const dims = dimsOf(inputs['x']!, inputs['recurrentKernel']!);
	const { batch: B, time: T, features: F, units: U } = dims;
	const save = (attrs as LstmKernelAttrs | undefined)?.saveForBackward !== false;
	const act = activationCode(attrs);
	const threads = lstmThreads();
	const module = threads?.module ?? lstmWasm();
	const h = wasm.makeOutput([B, T, U], 'float32');
	const c = wasm.makeOutput(save ? [B, T, U] : [0], 'float32');
	const gates = wasm.makeOutput(save ? [B, T, 4 * U] : [0], 'float32');
	for (const [first, end] of chunks(B, (n) => forwardLayout({ ...dims, batch: n }, save).bytes)) {
		const n = end - first;
		const { layout: at, bytes } = forwardLayout({ ...dims, batch: n }, save);
		const heap = module.heap(bytes);
		heap.set(view(wasm, inputs['x'], 'x').subarray(first * T * F, end * T * F), at.xIn / 4);
		heap.set(view(wasm, inputs['kernel'], 'kernel'), at.wIn / 4);
		heap.set(view(wasm, inputs['recurrentKernel'], 'recurrentKernel'), at.rIn / 4);
		heap.set(view(wasm, inputs['bias'], 'bias'), at.bIn / 4);
		runForward(module, threads, { ...dims, batch: n }, act, at);
		const copyOut = (out: tf.TensorInfo, from: number, perRow: number) =>
			view(wasm, out, 'output').set(heap.subarray(from / 4, from / 4 + n * perRow), first * perRow);
		copyOut(h, at.hOut, T * U);
		if (save) {
			copyOut(c, at.cOut, T * U);
			copyOut(gates, at.gOut, T * 4 * U);
		}
	}
	return [h, c, gates];
};

const backward: tf.KernelFunc = ({ inputs, backend, attrs }) => {
	const wasm = backend as unknown as WasmBackendLike;
	const dims = dimsOf(inputs['x']!, inputs['recurrentKernel']!);
	const { batch: B, time: T, features: F, units: U } = dims;
	const act = activationCode(attrs);
	const module = lstmThreads()?.module ?? lstmWasm();
	const dx = wasm.makeOutput([B, T, F], 'float32');
	const dKernel = wasm.makeOutput([F, 4 * U], 'float32');
	const dRecurrent = wasm.makeOutput([U, 4 * U], 'float32');
	const dBias = wasm.makeOutput([4 * U], 'float32');
	const perRow = { dh: T * U, x: T * F, h: T * U, c: T * U, gates: T * 4 * U };
	const parts = chunks(B, (n) => backwardLayout({ ...dims, batch: n }).bytes);
	parts.forEach(([first, end], chunk) => {
		const n = end - first;
		const { layout: at, bytes } = backwardLayout({ ...dims, batch: n });
		const heap = module.heap(bytes);
		const copyIn = (name: keyof typeof perRow, to: number) =>
			heap.set(
				view(wasm, inputs[name], name).subarray(first * perRow[name], end * perRow[name]),
				to / 4
			);
		copyIn('dh', at.dhIn);
		copyIn('x', at.xIn);
		copyIn('h', at.hIn);
		copyIn('c', at.cIn);
		copyIn('gates', at.gIn);
		heap.set(view(wasm, inputs['kernel'], 'kernel'), at.wIn / 4);
		heap.set(view(wasm, inputs['recurrentKernel'], 'recurrentKernel'), at.rIn / 4);
		// prettier-ignore
		module.backward(n, T, F, U, act, at.dhIn, at.xIn, at.wIn, at.rIn, at.hIn, at.cIn, at.gIn,
			at.xt, at.wp, at.rp, at.dht, at.hs, at.cs, at.gs, at.dz, at.dc, at.dxt, at.dwp, at.drp,
			at.dbp, at.dzs, at.dxOut, at.dwOut, at.drOut, at.dbOut);
		view(wasm, dx, 'dx').set(heap.subarray(at.dxOut / 4, at.dxOut / 4 + n * T * F), first * T * F);
		// Weight gradients sum over rows: the first chunk writes, later ones add.
		for (const [out, from] of [
			[dKernel, at.dwOut],
			[dRecurrent, at.drOut],
			[dBias, at.dbOut]
		] as const) {
			const target = view(wasm, out, 'gradient');
			const source = heap.subarray(from / 4, from / 4 + target.length);
			if (chunk === 0) target.set(source);
			else for (let i = 0; i < target.length; i++) target[i] = target[i]! + source[i]!;
		}
	});
	return [dx, dKernel, dRecurrent, dBias];
};

function register(): void {
	for (const [kernelName, kernelFunc] of [
		[LSTM_FORWARD_KERNEL, forward],
		[LSTM_BACKWARD_KERNEL, backward]
	] as const) {
		if (!tf.getKernel(kernelName, 'wasm')) {
			tf.registerKernel({ kernelName, backendName: 'wasm', kernelFunc });
		}
	}
}

/**
 * Registers the SIMD kernels for tfjs's `wasm` backend once our module compiles: at once where
 * synchronous compilation is allowed (workers, Node), else when the asynchronous compile finishes.
 * Where WebAssembly SIMD is missing, nothing is registered and tfjs's own LSTM keeps running.
 * Resolves true when the kernels are registered.
 */
export function registerWasmLstmKernels(): Promise<boolean> {
	if (lstmWasmSync()) {
		register();
		return Promise.resolve(true);
	}
	return loadLstmWasm().then(
		() => (register(), true),
		() => false
	);
}
