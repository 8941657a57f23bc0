/**
 * Chart updates, one per task. Eight live charts redrawn in one go are one long task (about
 * 50 ms of software rasterisation on the 2-core reference machine), and every WebSocket or
 * serial message that arrives meanwhile waits for it: that wait is the live latency's tail.
 * Queued here, each chart draws in its own task, so incoming data is handled between two charts.
 * A chart asked to draw again before its turn keeps its place and draws only the newest data.
 */
const pending = new Map<object, () => void>();
let posted = false;
// A message to ourselves is the quickest way to a new task (setTimeout(0) is clamped to ≥ 4 ms
// after a few nestings, and requestAnimationFrame would allow one chart per frame).
const channel = new MessageChannel();
channel.port1.onmessage = drawNext;

/** Runs `draw` in a task of its own, replacing any draw still queued for `key`. */
export function queueDraw(key: object, draw: () => void): void {
	pending.set(key, draw);
	if (posted) return;
	posted = true;
	channel.port2.postMessage(null);
}

/** Forgets a queued draw (the chart is being destroyed). */
export function cancelDraw(key: object): void {
	pending.delete(key);
}

function drawNext(): void {
	posted = false;
	const next = pending.entries().next();
	if (!next.done) {
		const [key, draw] = next.value;
		pending.delete(key);
		draw();
	}
	if (pending.size > 0) {
		posted = true;
		channel.port2.postMessage(null);
	}
}
