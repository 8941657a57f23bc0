/**
 * Which anomaly the Live page inspects, shared by the score lane (a click on a shaded span) and
 * the event panel (its list, the keyboard route). An event is named by its start (epoch ms):
 * spans are recomputed from the scores at every update, and a running anomaly's end moves while
 * its start stays.
 */

/** An anomalous span (epoch ms, both ends inclusive). */
export interface EventSpan {
	startMs: number;
	endMs: number;
}

export class EventSelection {
	/** Start (epoch ms) of the chosen event; undefined follows the newest. */
	chosenStartMs = $state<number | undefined>();

	/**
	 * Chooses `event` among `events` (ascending by time). Choosing the newest follows the newest
	 * from then on, so a new anomaly is shown as it begins, as before any choice.
	 */
	choose(event: EventSpan, events: readonly EventSpan[]): void {
		this.chosenStartMs = event.startMs === events.at(-1)?.startMs ? undefined : event.startMs;
	}

	/** Goes back to following the newest event. */
	followNewest(): void {
		this.chosenStartMs = undefined;
	}

	/**
	 * The selected one of `events` (ascending by time): the chosen one, or the newest when none is
	 * chosen. Undefined when the chosen one is no longer among them (its scores were dropped).
	 */
	selectedIn<E extends EventSpan>(events: readonly E[]): E | undefined {
		const chosen = this.chosenStartMs;
		if (chosen === undefined) return events.at(-1);
		return events.find((e) => e.startMs === chosen);
	}
}

/** The Live page's selection (kept while the user visits other pages, like the detection). */
export const liveEventSelection = new EventSelection();
