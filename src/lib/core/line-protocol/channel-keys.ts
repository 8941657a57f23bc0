/**
 * Looks up which channel a key names (labelled and JSON lines). Index `channelCount` is the
 * timestamp key, when there is one. Keys usually come in the same order on every line, so the
 * labelled parser first tries the channel found at the same position last time, comparing in place
 * (`startsWith`), and only slices the key out for a map lookup when that guess misses.
 */
export class ChannelKeys {
	readonly #names: string[];
	readonly #indexByName = new Map<string, number>();
	readonly timeIndex: number;

	/** `channels` in frame order; `timeKey` null when times do not come from a field. */
	constructor(channels: readonly string[], timeKey: string | null) {
		this.#names = [...channels];
		if (timeKey !== null) this.#names.push(timeKey);
		this.timeIndex = timeKey === null ? -1 : channels.length;
		// The first occurrence wins so a duplicated name cannot steal the timestamp key's slot.
		this.#names.forEach((name, index) => {
			if (!this.#indexByName.has(name)) this.#indexByName.set(name, index);
		});
	}

	/** Index of a whole key, or -1. */
	get(key: string): number {
		return this.#indexByName.get(key) ?? -1;
	}

	/** Index of the key `text[start..end)`, or -1; `guess` (an index, or -1) is tried first. */
	indexIn(text: string, start: number, end: number, guess: number): number {
		if (guess >= 0) {
			const name = this.#names[guess]!;
			if (name.length === end - start && text.startsWith(name, start)) return guess;
		}
		return this.#indexByName.get(text.slice(start, end)) ?? -1;
	}
}
