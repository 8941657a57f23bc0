import { describe, expect, it } from 'vitest';
import { describeBackend, describePhase, formatDuration } from './train-progress';

describe('training progress texts', () => {
	it('durations read as people say them', () => {
		expect(formatDuration(0.4)).toBe('under a second');
		expect(formatDuration(59.6)).toBe('1 min');
		expect(formatDuration(75)).toBe('1 min 15 s');
		expect(formatDuration(3725)).toBe('1 h 2 min');
		expect(formatDuration(NaN)).toBe('under a second');
	});

	it('epochs and batches count from 1; the epoch never passes the maximum', () => {
		const facts = { epochsDone: 0, maxEpochs: 3, batchesDone: 4, batchesPerEpoch: 9 };
		expect(describePhase({ ...facts, phase: 'training' })).toBe(
			'Epoch 1 of at most 3, batch 4 of 9'
		);
		expect(describePhase({ ...facts, phase: 'training', epochsDone: 3, batchesDone: 0 })).toBe(
			'Epoch 3 of at most 3'
		);
		expect(describePhase({ ...facts, phase: 'saving' })).toBe('Saving the model version…');
		expect(describePhase({ ...facts, phase: 'done' })).toBe('');
	});

	it('says why the backend was chosen', () => {
		expect(
			describeBackend({ backend: 'wasm', reason: 'measured', msPerBatch: { wasm: 12.3, cpu: 40 } })
		).toBe('wasm, the fastest measured (wasm 12 ms, cpu 40 ms per batch)');
		expect(
			describeBackend({
				backend: 'wasm',
				reason: 'measured',
				msPerBatch: { wasm: 6, cpu: 53 },
				skipped: [
					{
						backend: 'webgpu',
						reason: 'software GPU emulation (SwiftShader): slower than WebAssembly here'
					},
					{
						backend: 'webgl',
						reason: 'software GPU emulation (SwiftShader): slower than WebAssembly here'
					}
				]
			})
		).toBe(
			'wasm, the fastest measured (wasm 6 ms, cpu 53 ms per batch; webgpu and webgl not timed (only software GPU emulation here))'
		);
		expect(describeBackend({ backend: 'cpu', reason: 'override', msPerBatch: {} })).toBe(
			'cpu, as chosen'
		);
		expect(describeBackend({ backend: 'webgl', reason: 'measured', msPerBatch: {} })).toBe(
			'webgl, measured earlier on this device'
		);
	});

	it('says when the fused LSTM had a second thread, and only then', () => {
		const wasm = { backend: 'wasm', reason: 'override', msPerBatch: {} } as const;
		expect(describeBackend({ ...wasm, lstmThreads: 2 })).toBe(
			'wasm, as chosen, fused LSTM on 2 threads'
		);
		expect(describeBackend({ ...wasm, lstmThreads: 1 })).toBe('wasm, as chosen');
		expect(describeBackend(wasm)).toBe('wasm, as chosen');
	});
});
