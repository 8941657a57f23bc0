import { registerCpuLstmKernels } from './cpu-kernels';
import { registerWasmLstmKernels } from './wasm/wasm-kernels';

export { FusedLstm } from './fused-lstm-layer';
export { fusedLstm, fusedLstmAvailable } from './lstm-op';

/**
 * Registers every fused LSTM kernel this build has: the plain-JS reference for `cpu` and the
 * SIMD kernels for `wasm` (where this realm compiles WebAssembly SIMD). Idempotent;
 * registering a kernel for a backend that never starts costs nothing. The layer (`FusedLstm`)
 * uses the fused op wherever the active backend has a kernel. Runs when this module is imported
 * (as tfjs's backends register theirs), so a model deserialised anywhere after `ml/recurrent.ts`
 * was imported runs fused.
 */
export function registerFusedLstmKernels(): Promise<void> {
	registerCpuLstmKernels();
	// Resolves once the wasm kernels are registered (at once where WebAssembly compiles synchronously).
	return registerWasmLstmKernels().then(() => undefined);
}

void registerFusedLstmKernels();
