import { registerCpuLstmKernels } from './cpu-kernels';
import { registerWasmLstmKernels } from './wasm/wasm-kernels';
import { registerWebGpuLstmKernels } from './webgpu/register';

export { FusedLstm } from './fused-lstm-layer';
export { fusedLstm, fusedLstmAvailable } from './lstm-op';

/**
 * Registers every fused LSTM kernel this build has: the plain-JS reference for `cpu`, the WGSL
 * kernels for `webgpu` and the SIMD kernels for `wasm` (where this realm compiles WebAssembly
 * SIMD). Idempotent; registering for a backend that never starts costs nothing. `FusedLstm`
 * uses the fused op wherever the active backend has a kernel. Runs when this module is imported
 * (as tfjs's backends register theirs), so a model deserialised anywhere after `ml/recurrent.ts`
 * was imported runs fused. Resolves once the wasm kernels are registered: at once where
 * WebAssembly compiles synchronously (workers, Node), later on a browser's main thread.
 */
export function registerFusedLstmKernels(): Promise<void> {
	registerCpuLstmKernels();
	registerWebGpuLstmKernels();
	return registerWasmLstmKernels().then(() => undefined);
}

void registerFusedLstmKernels();
