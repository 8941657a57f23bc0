import { assert } from '../../../core/assert';
import {
	LSTM_WASM_BASE64,
	LSTM_WASM_RELAXED_BASE64,
	LSTM_WASM_RELAXED_THREADS_BASE64,
	LSTM_WASM_THREADS_BASE64
} from './lstm-wasm-binary';

/** The exports of `assembly/index.as` (pointers are byte offsets, see its comments). */
export interface LstmWasmExports {
	readonly memory: WebAssembly.Memory;
	lstmForward(...args: number[]): void;
	lstmBackward(...args: number[]): void;
	/** Returns 1 when x is the same at every step (then forwardRows' `constant` is 1). */
	forwardPrepare(...args: number[]): number;
	forwardRows(...args: number[]): void;
	forwardFinish(...args: number[]): void;
}

/** Which binary runs: relaxed SIMD (fused multiply-add) where the engine has it, else SIMD. */
export type LstmWasmVariant = 'relaxed-simd' | 'simd';

/**
 * One instance per realm, shared by every kernel call (calls never overlap: JS is single-threaded).
 * Built with a `memory`, it is the threaded build's instance over that shared memory, which a
 * helper worker instantiates too (lstm-wasm-threads.ts).
 */
export class LstmWasmModule {
	readonly #exports: LstmWasmExports;
	readonly #memory: WebAssembly.Memory;
	#f32: Float32Array;

	constructor(
		readonly module: WebAssembly.Module,
		readonly variant: LstmWasmVariant,
		memory?: WebAssembly.Memory
	) {
		const instance = new WebAssembly.Instance(module, memory ? { env: { memory } } : {});
		this.#exports = instance.exports as unknown as LstmWasmExports;
		this.#memory = memory ?? this.#exports.memory;
		this.#f32 = new Float32Array(this.#memory.buffer);
	}

	get forward() {
		return this.#exports.lstmForward;
	}

	get backward() {
		return this.#exports.lstmBackward;
	}

	/** The forward in three parts, for a caller that runs forwardRows on several threads. */
	get forwardParts(): Pick<LstmWasmExports, 'forwardPrepare' | 'forwardRows' | 'forwardFinish'> {
		return this.#exports;
	}

	/** Grows the memory to at least `bytes`; returns a current float32 view of all of it. */
	heap(bytes: number): Float32Array {
		const memory = this.#memory;
		if (memory.buffer.byteLength < bytes) {
			memory.grow(Math.ceil((bytes - memory.buffer.byteLength) / 65536));
		}
		// Growing detaches the old buffer (a shared one is replaced by a longer one): always hand
		// out a view of the current one.
		if (this.#f32.byteLength !== memory.buffer.byteLength)
			this.#f32 = new Float32Array(memory.buffer);
		return this.#f32;
	}
}

function decode(base64: string): Uint8Array<ArrayBuffer> {
	const text = atob(base64);
	const bytes = new Uint8Array(text.length);
	for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
	return bytes;
}

/**
 * The relaxed-SIMD binary where this engine validates it (Chrome 114+, Node 22+), else SIMD; the
 * threaded builds (over an imported shared memory) when `threads`.
 */
export function chooseBinary(threads = false): {
	bytes: Uint8Array<ArrayBuffer>;
	variant: LstmWasmVariant;
} {
	const relaxed = decode(threads ? LSTM_WASM_RELAXED_THREADS_BASE64 : LSTM_WASM_RELAXED_BASE64);
	return WebAssembly.validate(relaxed)
		? { bytes: relaxed, variant: 'relaxed-simd' }
		: { bytes: decode(threads ? LSTM_WASM_THREADS_BASE64 : LSTM_WASM_BASE64), variant: 'simd' };
}

let instance: LstmWasmModule | undefined;

/**
 * The module, compiled synchronously on first use (about 11 KB: milliseconds). Returns undefined
 * where this realm refuses synchronous compilation (a browser's main thread may cap it); call
 * `loadLstmWasm` there first.
 */
export function lstmWasmSync(): LstmWasmModule | undefined {
	if (instance) return instance;
	try {
		const { bytes, variant } = chooseBinary();
		instance = new LstmWasmModule(new WebAssembly.Module(bytes), variant);
	} catch {
		return undefined;
	}
	return instance;
}

/** Compiles the module asynchronously (allowed everywhere); resolves when it is ready. */
export async function loadLstmWasm(): Promise<LstmWasmModule> {
	if (instance) return instance;
	const { bytes, variant } = chooseBinary();
	const module = await WebAssembly.compile(bytes);
	instance ??= new LstmWasmModule(module, variant);
	return instance;
}

/** The ready module; a kernel only runs once registration found it ready. */
export function lstmWasm(): LstmWasmModule {
	assert(instance !== undefined, 'the fused LSTM WASM module ran before it was compiled');
	return instance;
}

/** The binary in use, once compiled (for tests, benchmarks and diagnostics). */
export function lstmWasmVariant(): LstmWasmVariant | undefined {
	return instance?.variant;
}
