/**
 * The fused LSTM's helper thread: started by the detector worker where the page is cross-origin
 * isolated (workers/lstm-threads.ts); instantiates the threaded WASM kernels over the detector
 * worker's shared memory and runs half the rows of every large forward
 * (src/lib/ml/kernels/wasm/lstm-wasm-threads.ts). It blocks in Atomics.wait between jobs.
 */
import { isLstmHelperInit, serveLstmRows } from '../src/lib/ml/kernels/wasm/lstm-thread-control';

self.addEventListener(
	'message',
	(event: MessageEvent<unknown>) => {
		if (isLstmHelperInit(event.data)) serveLstmRows(event.data);
	},
	{ once: true }
);
