import { parentPort } from 'node:worker_threads';
import { isLstmHelperInit, serveLstmRows } from '../src/lib/ml/kernels/wasm/lstm-thread-control';

// The helper thread for scripts/lstm-helper-node.ts: serves forward rows until terminated.
parentPort?.once('message', (message: unknown) => {
	if (isLstmHelperInit(message)) serveLstmRows(message);
});
