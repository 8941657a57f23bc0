/**
 * For probe.browser.test.ts only: probes in a dedicated worker, where the app runs tfjs (WebGL
 * there goes through an OffscreenCanvas, not the page's canvas). Answers one message with the
 * probe results.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { probeBackends } from './probe';

const scope = globalThis as unknown as {
	onmessage: (() => void) | null;
	postMessage(message: unknown): void;
};
scope.onmessage = () => {
	void probeBackends(tf, ['webgpu', 'webgl', 'cpu']).then((probes) => scope.postMessage(probes));
};
