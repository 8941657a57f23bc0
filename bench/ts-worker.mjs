// @ts-check
/**
 * Worker-thread bootstrap: registers tsx's loader in this thread, then runs the TypeScript worker
 * named in `workerData.script`. (`execArgv: ['--import', 'tsx']` does not reach worker threads on
 * Node 20.)
 */
import { register } from 'tsx/esm/api';
import { workerData } from 'node:worker_threads';

register();
await import(/** @type {{ script: string }} */ (workerData).script);
