import { assert } from '../../../core/assert';
import { LSTM_WASM_BASE64, LSTM_WASM_RELAXED_BASE64 } from './lstm-wasm-binary';

/** The exports of `assembly/index.as` (pointers are byte offsets, see its comments). */
interface LstmWasmExports {
	readonly memory: WebAssembly.Memory;
	lstmForward(...args: number[]): void;
	lstmBackward(...args: number[]): void;
}

/** Which binary runs: relaxed SIMD (fused multiply-add) where the engine has it, else SIMD. */
export type LstmWasmVariant = 'relaxed-simd' | 'simd';

/** One instance per realm, shared by every kernel call (calls never overlap: JS is single-threaded). */
export class LstmWasmModule {
	readonly #exports: LstmWasmExports;
	#f32: Float32Array;

	constructor(
		module: WebAssembly.Module,
		readonly variant: LstmWasmVariant
	) {
		const instance = new WebAssembly.Instance(module, {});
		this.#exports = instance.exports as unknown as LstmWasmExports;
		this.#f32 = new Float32Array(this.#exports.memory.buffer);
	}

	get forward() {
		return this.#exports.lstmForward;
	}

	get backward() {
		return this.#exports.lstmBackward;
	}

	/** Grows the memory to at least `bytes`; returns a current float32 view of all of it. */
	heap(bytes: number): Float32Array {
		const memory = this.#exports.memory;
		if (memory.buffer.byteLength < bytes) {
			memory.grow(Math.ceil((bytes - memory.buffer.byteLength) / 65536));
		}
		// Growing detaches the old buffer: always hand out a view of the current one.
		if (this.#f32.buffer !== memory.buffer) this.#f32 = new Float32Array(memory.buffer);
		return this.#f32;
	}
}

function decode(base64: string): Uint8Array<ArrayBuffer> {
	const text = atob(base64);
	const bytes = new Uint8Array(text.length);
	for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
	return bytes;
}

/** The relaxed-SIMD binary where this engine validates it (Chrome 114+, Node 22+), else SIMD. */
function chooseBinary(): { bytes: Uint8Array<ArrayBuffer>; variant: LstmWasmVariant } {
	const relaxed = decode(LSTM_WASM_RELAXED_BASE64);
	return WebAssembly.validate(relaxed)
		? { bytes: relaxed, variant: 'relaxed-simd' }
		: { bytes: decode(LSTM_WASM_BASE64), variant: 'simd' };
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
