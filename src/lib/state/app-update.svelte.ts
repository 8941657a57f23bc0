/** How often a long-open app asks the server for a new version. */
const UPDATE_CHECK_MS = 30 * 60_000;

/** Returns why reloading now would lose work (a running recording, say), or undefined if it is safe. */
export type ReloadGuard = () => string | undefined;

/**
 * Registers the service worker and offers, never forces, a new version: when a new worker has
 * installed and is waiting, `available` turns true; `apply()` activates it and reloads, unless
 * a guard says reloading now would lose work.
 */
export class AppUpdate {
	available = $state(false);
	/** Why `apply` is refused right now, if it is. */
	blockedBy = $state<string | undefined>();
	registered = $state(false);
	#registration: ServiceWorkerRegistration | undefined;
	// Not rendered, only consulted on apply(): a plain Set on purpose.
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	readonly #guards = new Set<ReloadGuard>();

	/** Adds a guard consulted before reloading; returns its removal. */
	guard(check: ReloadGuard): () => void {
		this.#guards.add(check);
		return () => this.#guards.delete(check);
	}

	async register(url: string, options: RegistrationOptions): Promise<void> {
		if (!('serviceWorker' in navigator)) return;
		const registration = await navigator.serviceWorker.register(url, options);
		this.#registration = registration;
		this.registered = true;
		const hasController = () => navigator.serviceWorker.controller !== null;
		// A waiting worker with a page already controlled is an update (not the first install).
		if (registration.waiting && hasController()) this.available = true;
		registration.addEventListener('updatefound', () => {
			const installing = registration.installing;
			installing?.addEventListener('statechange', () => {
				if (installing.state === 'installed' && hasController()) this.available = true;
			});
		});
		setInterval(() => void this.check(), UPDATE_CHECK_MS);
		document.addEventListener('visibilitychange', () => {
			if (document.visibilityState === 'visible') void this.check();
		});
	}

	/** Asks the server whether a new version exists. */
	async check(): Promise<void> {
		await this.#registration?.update().catch(() => undefined); // offline: nothing to do
	}

	/** Activates the waiting version and reloads, unless a guard refuses (the reason goes to `blockedBy`). */
	apply(): boolean {
		for (const check of this.#guards) {
			const reason = check();
			if (reason) {
				this.blockedBy = reason;
				return false;
			}
		}
		this.blockedBy = undefined;
		const waiting = this.#registration?.waiting;
		if (!waiting) return false;
		navigator.serviceWorker.addEventListener('controllerchange', () => location.reload(), {
			once: true
		});
		waiting.postMessage({ type: 'SKIP_WAITING' });
		return true;
	}
}

export const appUpdate = new AppUpdate();
