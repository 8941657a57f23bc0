/**
 * The words two threads share to run `forwardRows` of the threaded WASM build (an Int32Array over
 * a SharedArrayBuffer of CONTROL_BYTES): the kernel's thread writes the arguments, bumps JOB and
 * notifies; the helper runs the rows, stores the job's number in DONE (and FAILED when the call
 * threw) and notifies. Atomics' sequentially consistent store/load order the plain memory writes
 * of both sides (ECMAScript memory model), so the rows one side wrote are visible to the other.
 */
export const JOB = 0;
export const DONE = 1;
export const READY = 2;
export const FAILED = 3;
/** Set to 1 to end the helper's loop (terminating the worker does it too). */
export const STOP = 4;
export const ARGS = 8;
/** forwardRows' arguments (assembly/index.as). */
export const FORWARD_ROWS_ARG_COUNT = 17;
export const CONTROL_BYTES = 4 * (ARGS + FORWARD_ROWS_ARG_COUNT);

/** What a helper worker is sent once, to instantiate the same module over the same memory. */
export interface LstmHelperInit {
	readonly kind: 'vigil-lstm-helper';
	readonly module: WebAssembly.Module;
	readonly memory: WebAssembly.Memory;
	readonly control: SharedArrayBuffer;
}

export function isLstmHelperInit(message: unknown): message is LstmHelperInit {
	return (
		typeof message === 'object' &&
		message !== null &&
		(message as { kind?: unknown }).kind === 'vigil-lstm-helper'
	);
}

/**
 * The helper's side, run in a worker that does nothing else: instantiates the module over the
 * shared memory, says READY, then blocks in Atomics.wait for jobs until STOP (or until the worker
 * is terminated). Never returns while it serves; the worker's event loop is not needed again.
 */
export function serveLstmRows(init: LstmHelperInit): void {
	const control = new Int32Array(init.control);
	let forwardRows: (...args: number[]) => void;
	try {
		const instance = new WebAssembly.Instance(init.module, { env: { memory: init.memory } });
		forwardRows = instance.exports['forwardRows'] as typeof forwardRows;
	} catch {
		Atomics.store(control, READY, -1);
		Atomics.notify(control, READY);
		return;
	}
	Atomics.store(control, READY, 1);
	Atomics.notify(control, READY);
	let seen = Atomics.load(control, JOB);
	while (Atomics.load(control, STOP) === 0) {
		Atomics.wait(control, JOB, seen);
		const job = Atomics.load(control, JOB);
		if (job === seen) continue; // woken by STOP, or spuriously
		seen = job;
		try {
			forwardRows(...control.subarray(ARGS, ARGS + FORWARD_ROWS_ARG_COUNT));
		} catch {
			Atomics.store(control, FAILED, job);
		}
		Atomics.store(control, DONE, job);
		Atomics.notify(control, DONE);
	}
}
