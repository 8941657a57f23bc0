import { registerCpuLstmKernels } from './cpu-kernels';

export { FusedLstm } from './fused-lstm-layer';
export { fusedLstm, fusedLstmAvailable } from './lstm-op';

/**
 * Registers every fused LSTM kernel this build has: the plain-JS reference for `cpu`. Idempotent;
 * registering a kernel for a backend that never starts costs nothing. The layer (`FusedLstm`)
 * uses the fused op wherever the active backend has a kernel. Runs when this module is imported
 * (as tfjs's backends register theirs), so a model deserialised anywhere after `ml/recurrent.ts`
 * was imported runs fused.
 */
export function registerFusedLstmKernels(): void {
	registerCpuLstmKernels();
}

registerFusedLstmKernels();
