/// <reference lib="webworker" />
// A tiny worker for the WorkerBridge tests: it counts calls (so a restart is visible), can be slow,
// and can crash with an uncaught error.
import { expose } from 'comlink';

let calls = 0;

const api = {
	async echo(value: string): Promise<string> {
		calls++;
		return value;
	},
	async calls(): Promise<number> {
		return calls;
	},
	async slow(ms: number, value: string): Promise<string> {
		calls++;
		await new Promise((resolve) => setTimeout(resolve, ms));
		return value;
	},
	async crash(): Promise<never> {
		setTimeout(() => {
			throw new Error('boom');
		});
		return new Promise<never>(() => {});
	}
};

export type EchoApi = typeof api;
expose(api);
