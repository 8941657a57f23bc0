import { assert } from '../assert';
import type { LineProtocolConfig } from './types';

export type LineEnding = LineProtocolConfig['lineEnding'];

/**
 * Receives the lines a `LineSplitter` completes. A line is `text.slice(start, end)` without its
 * ending; it is passed as a range so the parsers read it in place, without a copy per line.
 */
export interface LineSink {
	line(text: string, start: number, end: number): void;
	/** A line longer than `maxLineChars`, dropped; `excerpt` is its first characters (≤ 120). */
	longLine(excerpt: string): void;
}

/** How many characters of a dropped long line are kept for the "rejected lines" list. */
export const EXCERPT_CHARS = 120;

const LF = 10;
const CR = 13;

/**
 * Cuts a stream of text into lines, whatever the sizes of the pieces it arrives in: a line split
 * across pushes is reassembled, and the output is the same for every way of cutting the input
 * (tested at every cut position). Endings: `\n`, `\r`, `\r\n` (only that pair ends a line; a lone
 * `\r` or `\n` stays in the line), or `auto` (each of `\n`, `\r`, `\r\n` ends a line, including a
 * `\r\n` whose `\r` ends one push and whose `\n` starts the next).
 *
 * Memory is bounded: an unfinished line is kept only up to `maxLineChars`; past that it is
 * dropped at once and the rest of it skipped until its ending, then reported once as a long line.
 */
export class LineSplitter {
	readonly #ending: LineEnding;
	readonly #maxLineChars: number;
	/** The unfinished line from earlier pushes (never longer than `maxLineChars`). */
	#carry = '';
	/** Inside a long line: skipping to its end. `#excerpt` holds its start. */
	#skipping = false;
	#excerpt = '';
	/**
	 * The previous push ended with `\r`. `auto`: that `\r` ended a line, so a `\n` next is its
	 * partner and is skipped. `\r\n`: the `\r` is held back (not in `#carry`) until the next
	 * character says whether it is an ending or content.
	 */
	#pendingCr = false;

	constructor(ending: LineEnding, maxLineChars: number) {
		assert(
			Number.isInteger(maxLineChars) && maxLineChars > 0,
			`maxLineChars must be a positive integer, got ${maxLineChars}`
		);
		this.#ending = ending;
		this.#maxLineChars = maxLineChars;
	}

	/** Characters held for an unfinished line: never more than `maxLineChars` (+1 held `\r`). */
	get bufferedChars(): number {
		return this.#carry.length;
	}

	/** Splits the next piece of text; complete lines go to `sink` in order. */
	push(text: string, sink: LineSink): void {
		let pos = 0;
		const n = text.length;
		if (n === 0) return;
		if (this.#pendingCr) {
			this.#pendingCr = false;
			if (this.#ending === 'auto') {
				if (text.charCodeAt(0) === LF) pos = 1;
			} else if (this.#ending === '\r\n') {
				if (text.charCodeAt(0) === LF) {
					this.#endHeldLine(sink, '');
					pos = 1;
				} else {
					this.#append('\r');
				}
			}
		}
		while (pos < n) {
			const found = this.#findEnding(text, pos);
			if (found < 0) {
				this.#keepRest(text, pos);
				return;
			}
			const endingLength =
				this.#ending === '\r\n' ||
				(this.#ending === 'auto' &&
					text.charCodeAt(found) === CR &&
					text.charCodeAt(found + 1) === LF)
					? 2
					: 1;
			if (this.#carry !== '' || this.#skipping) {
				this.#endHeldLine(sink, text.slice(pos, found));
			} else if (found - pos > this.#maxLineChars) {
				sink.longLine(text.slice(pos, Math.min(found, pos + EXCERPT_CHARS)));
			} else {
				sink.line(text, pos, found);
			}
			pos = found + endingLength;
			// `auto`: a `\r` that ends this push may be the first half of `\r\n`.
			if (this.#ending === 'auto' && pos === n && text.charCodeAt(n - 1) === CR) {
				this.#pendingCr = true;
			}
		}
	}

	/** The stream closed: a trailing line without an ending is still a line. */
	flush(sink: LineSink): void {
		if (this.#carry !== '' || this.#skipping) this.#endHeldLine(sink, '');
		this.#pendingCr = false;
	}

	/** Index of the next line ending at or after `from`, or -1. */
	#findEnding(text: string, from: number): number {
		switch (this.#ending) {
			case '\n':
				return text.indexOf('\n', from);
			case '\r':
				return text.indexOf('\r', from);
			case '\r\n':
				return text.indexOf('\r\n', from);
			default: {
				// One scan for whichever of \r, \n comes first: indexOf twice would rescan a
				// stream that has no \r at all on every line.
				for (let i = from; i < text.length; i++) {
					const c = text.charCodeAt(i);
					if (c === LF || c === CR) return i;
				}
				return -1;
			}
		}
	}

	/** Completes the line held from earlier pushes with `tail` and hands it on. */
	#endHeldLine(sink: LineSink, tail: string): void {
		if (this.#skipping) {
			this.#extendExcerpt(tail);
			sink.longLine(this.#excerpt);
		} else {
			const line = this.#carry + tail;
			if (line.length > this.#maxLineChars) sink.longLine(line.slice(0, EXCERPT_CHARS));
			else sink.line(line, 0, line.length);
		}
		this.#carry = '';
		this.#skipping = false;
		this.#excerpt = '';
	}

	/** No ending in `text[from..]`: keep it for the next push (or start skipping if too long). */
	#keepRest(text: string, from: number): void {
		let end = text.length;
		if (this.#ending === '\r\n' && text.charCodeAt(end - 1) === CR) {
			this.#pendingCr = true;
			end--;
		}
		if (end > from) this.#append(text.slice(from, end));
	}

	#append(piece: string): void {
		if (this.#skipping) {
			this.#extendExcerpt(piece);
		} else if (this.#carry.length + piece.length > this.#maxLineChars) {
			this.#excerpt = this.#carry.slice(0, EXCERPT_CHARS);
			this.#extendExcerpt(piece);
			this.#carry = '';
			this.#skipping = true;
		} else {
			this.#carry += piece;
		}
	}

	/** The excerpt grows to its full length whatever the pieces, so it does not depend on them. */
	#extendExcerpt(piece: string): void {
		const room = EXCERPT_CHARS - this.#excerpt.length;
		if (room > 0) this.#excerpt += piece.slice(0, room);
	}
}
