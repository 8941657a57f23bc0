/**
 * Sample times in epoch ms, always non-decreasing: the frame contract (and uPlot) need ascending
 * x, whatever the device or the host clock does.
 */

/** How much faster than its running estimate the arrival spacing may be stretched per push. */
const MAX_STEP_GROWTH = 4;
/** Weight of the newest push in the running per-line spacing estimate. */
const STEP_SMOOTHING = 0.2;

/**
 * Times for samples that carry none: the arrival time of their push. The lines of one push were
 * sent between the previous push and this one, so they are spread evenly back from `arrivalMs`
 * over that gap, one step per line (at 1 kHz read in 16 ms pieces: 1 ms apart, which is right).
 * After a silence the gap would spread a burst over seconds, so a step is capped at 4× the running
 * estimate. The first push has no gap: its lines share `arrivalMs`. Callers should pass a
 * monotonic clock (`performance.timeOrigin + performance.now()`); if the clock still steps back,
 * times hold at the last one rather than decrease.
 */
export class ArrivalClock {
	#lastArrivalMs = NaN;
	#lastT = -Infinity;
	#stepMs = 0;

	/** Fills `t[0..count)` for the `count` samples of one push that arrived at `arrivalMs`. */
	assign(t: Float64Array, count: number, arrivalMs: number): void {
		if (count === 0) return;
		let step = 0;
		if (!Number.isNaN(this.#lastArrivalMs)) {
			const gapMs = arrivalMs - this.#lastArrivalMs;
			const rawStep = gapMs > 0 ? gapMs / count : 0;
			step = this.#stepMs > 0 ? Math.min(rawStep, MAX_STEP_GROWTH * this.#stepMs) : rawStep;
			this.#stepMs =
				this.#stepMs > 0 ? this.#stepMs + STEP_SMOOTHING * (step - this.#stepMs) : step;
		}
		let last = this.#lastT;
		for (let i = 0; i < count; i++) {
			const candidate = arrivalMs - (count - 1 - i) * step;
			last = candidate > last ? candidate : last;
			t[i] = last;
		}
		this.#lastT = last;
		this.#lastArrivalMs = arrivalMs;
	}
}

const MS_PER_UNIT = { s: 1000, ms: 1, us: 0.001 } as const;

/**
 * Times from a device's own timestamp field. `epoch`: the number is a Unix time in `unit`.
 * Otherwise it is a counter (`millis()` since boot) anchored so that the first sample lands on its
 * arrival time. A timestamp below the previous one means the device rebooted or the counter
 * wrapped (`micros()` wraps every 71.6 minutes): the clock re-anchors that sample to its arrival
 * time (or the last time given, if later) and counts a reset. An epoch clock that steps back is
 * re-anchored the same way, so its later times are no longer its own epoch but stay in order.
 */
export class DeviceClock {
	readonly #msPerUnit: number;
	#offsetMs: number;
	#lastDeviceMs = -Infinity;
	#lastT = -Infinity;
	resets = 0;

	constructor(unit: keyof typeof MS_PER_UNIT, epoch: boolean) {
		this.#msPerUnit = MS_PER_UNIT[unit];
		this.#offsetMs = epoch ? 0 : NaN;
	}

	/** Epoch ms of a sample whose device timestamp is `deviceValue` (in the unit) at `arrivalMs`. */
	toEpochMs(deviceValue: number, arrivalMs: number): number {
		const deviceMs = deviceValue * this.#msPerUnit;
		if (Number.isNaN(this.#offsetMs)) {
			this.#offsetMs = arrivalMs - deviceMs;
		} else if (deviceMs < this.#lastDeviceMs) {
			this.resets++;
			this.#offsetMs = Math.max(arrivalMs, this.#lastT) - deviceMs;
		}
		this.#lastDeviceMs = deviceMs;
		let t = deviceMs + this.#offsetMs;
		// Rounding in `offset + deviceMs` could put a re-anchored sample a hair below the last.
		if (t < this.#lastT) t = this.#lastT;
		this.#lastT = t;
		return t;
	}
}
