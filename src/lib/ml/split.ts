import type { SeededRandom } from '../core/random';

export type WindowSplit =
	| { readonly ok: true; readonly trainWindows: number; readonly validationWindows: number }
	| { readonly ok: false; readonly message: string };

/**
 * Splits `count` windows as Keras' `validation_split` does: the first
 * `floor(count · (1 − validationFraction))` train, the rest (the latest) validate. Both parts need
 * at least one window.
 */
export function splitWindows(count: number, validationFraction: number): WindowSplit {
	const trainWindows = Math.floor(count * (1 - validationFraction));
	const validationWindows = count - trainWindows;
	if (trainWindows < 1 || validationWindows < 1) {
		return {
			ok: false,
			message:
				`${count} windows split at validation fraction ${validationFraction} give ` +
				`${trainWindows} training and ${validationWindows} validation windows; both need at least 1`
		};
	}
	return { ok: true, trainWindows, validationWindows };
}

/**
 * Window indices `0..count-1` in training order: a Fisher–Yates shuffle drawn from `random` (which
 * advances, so each epoch gets a new order), or in order when `random` is undefined.
 */
export function trainingOrder(count: number, random: SeededRandom | undefined): Uint32Array {
	const order = new Uint32Array(count);
	for (let i = 0; i < count; i++) order[i] = i;
	if (random === undefined) return order;
	for (let i = count - 1; i > 0; i--) {
		const j = Math.floor(random.next() * (i + 1));
		const swap = order[i]!;
		order[i] = order[j]!;
		order[j] = swap;
	}
	return order;
}
