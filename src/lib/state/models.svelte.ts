import { liveQuery } from 'dexie';
import { SvelteMap } from 'svelte/reactivity';
import { deleteModel, listModelVersions, storageCall, VigilDb } from '../db';
import {
	deleteModelVersion,
	modelDetail,
	modelSummaries,
	moveAlias,
	removeAlias,
	renameModel,
	setVersionNotes,
	versionDetail,
	type ModelDetail,
	type ModelSummary,
	type VersionDetail
} from '../db/model-queries';

/** The aliases offered as one-click choices; any other name may be typed. */
export const QUICK_ALIASES = ['champion', 'challenger'] as const;

/** Letters, digits, `.`, `_`, `-`; starts with a letter or digit; at most 40 characters. */
const ALIAS_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/;

/** What setting an alias did: where it came from, or why it was refused. */
export type AliasOutcome = { ok: true; movedFrom: number | null } | { ok: false; reason: string };

/** Why `alias` cannot be used, or undefined when it can. */
export function aliasProblem(alias: string): string | undefined {
	if (alias === '') return 'An alias needs a name, such as champion.';
	if (!ALIAS_PATTERN.test(alias))
		return `“${alias}” cannot be an alias: use up to 40 letters, digits, dots, dashes or underscores, starting with a letter or digit.`;
	return undefined;
}

/**
 * A liveQuery result held in `$state.raw`: `undefined` while loading, then the query's value
 * (null when what it reads does not exist). `watch()` returns the stop function.
 */
export class LiveValue<T> {
	value = $state.raw<T | null | undefined>(undefined);
	constructor(private readonly query: () => Promise<T | null>) {}
	watch(): () => void {
		const subscription = liveQuery(this.query).subscribe({
			next: (value) => (this.value = value),
			error: () => (this.value = null)
		});
		return () => subscription.unsubscribe();
	}
}

/**
 * The Models area's state: models and versions live from IndexedDB, renames, aliases, notes
 * and deletes, and the registry of versions in live use. Live detection registers the version
 * it scores with (`registerLiveUse`), and deleting that version or its model is refused with
 * the registered reason until it unregisters.
 */
export class Models {
	list = $state.raw<ModelSummary[]>([]);
	/** False until the first read of `list` has come back (so "no models" does not flash). */
	loaded = $state(false);
	/** Version id → its uses now, one entry per registration (reactive: the UI shows them). */
	readonly #uses = new SvelteMap<number, readonly { reason: string }[]>();
	readonly #db: VigilDb;

	/** `db`: a database or its name (components and their tests may not import db). */
	constructor(db: VigilDb | string = new VigilDb()) {
		this.#db = typeof db === 'string' ? new VigilDb(db) : db;
	}

	/** Keeps `list` current while watched; returns the stop function. */
	watch(): () => void {
		const subscription = liveQuery(() => modelSummaries(this.#db)).subscribe({
			next: (rows) => {
				this.list = rows;
				this.loaded = true;
			},
			error: () => {
				this.list = [];
				this.loaded = true;
			}
		});
		return () => subscription.unsubscribe();
	}

	/** One model with its versions (watch it while shown); null when it does not exist. */
	model(modelId: number): LiveValue<ModelDetail> {
		return new LiveValue(() => modelDetail(this.#db, modelId));
	}

	/** One version by model and number, with its run and training dataset (watch it while shown). */
	version(modelId: number, version: number): LiveValue<VersionDetail> {
		return new LiveValue(() => versionDetail(this.#db, modelId, version));
	}

	/**
	 * Marks a version as in live use, with the reason shown when its deletion is refused
	 * (`Live detection on Simulator`). Returns the function that ends this use.
	 */
	registerLiveUse(versionId: number, reason: string): () => void {
		const entry = { reason };
		this.#uses.set(versionId, [...(this.#uses.get(versionId) ?? []), entry]);
		return () => {
			const left = (this.#uses.get(versionId) ?? []).filter((e) => e !== entry);
			if (left.length > 0) this.#uses.set(versionId, left);
			else this.#uses.delete(versionId);
		};
	}

	/** Why the version is in live use now (reasons joined by `; `), or undefined when it is not. */
	inUse(versionId: number): string | undefined {
		const reasons = this.#uses.get(versionId)?.map((u) => u.reason);
		return reasons?.filter((r, i) => reasons.indexOf(r) === i).join('; ');
	}

	/** Renames a model; returns why it was refused, if it was. */
	async rename(modelId: number, name: string): Promise<string | undefined> {
		const trimmed = name.trim();
		if (!trimmed) return 'A model needs a name.';
		return failure(await storageCall(() => renameModel(this.#db, modelId, trimmed)));
	}

	/** Saves a version's notes (trimmed at the ends); returns why it failed, if it did. */
	async setNotes(versionId: number, notes: string): Promise<string | undefined> {
		return failure(await storageCall(() => setVersionNotes(this.#db, versionId, notes.trim())));
	}

	/** Gives a version an alias, moving it from the model's version that held it. */
	async setAlias(versionId: number, alias: string): Promise<AliasOutcome> {
		const name = alias.trim();
		const problem = aliasProblem(name);
		if (problem) return { ok: false, reason: problem };
		const result = await storageCall(() => moveAlias(this.#db, versionId, name));
		if (!result.ok) return { ok: false, reason: result.error.message };
		if (result.value === 'missing') return { ok: false, reason: 'This version was deleted.' };
		return { ok: true, movedFrom: result.value.movedFrom };
	}

	async removeAlias(versionId: number, alias: string): Promise<string | undefined> {
		return failure(await storageCall(() => removeAlias(this.#db, versionId, alias)));
	}

	/** Why one of `versions` (a model's) cannot be deleted now, or undefined when none is live. */
	liveRefusal(versions: readonly { id: number; version: number }[]): string | undefined {
		for (const { id, version } of versions) {
			const use = this.inUse(id);
			if (use) return `Version ${version} is in live use (${use}): stop that first.`;
		}
		return undefined;
	}

	/**
	 * Deletes one version (the page asks for confirmation first); refused with the reason while
	 * it is in live use.
	 */
	async deleteVersion(version: { id: number; version: number }): Promise<string | undefined> {
		return (
			this.liveRefusal([version]) ??
			failure(await storageCall(() => deleteModelVersion(this.#db, version.id)))
		);
	}

	/**
	 * Deletes a model with every version, its weights and runs (after confirmation); refused
	 * while any of its versions, as stored now, is in live use.
	 */
	async deleteModel(modelId: number): Promise<string | undefined> {
		const versions = await listModelVersions(this.#db, modelId);
		return (
			this.liveRefusal(versions) ?? failure(await storageCall(() => deleteModel(this.#db, modelId)))
		);
	}
}

function failure(result: { ok: true } | { ok: false; error: { message: string } }) {
	return result.ok ? undefined : result.error.message;
}

/** The app's models store (one per page load); live detection registers its uses here. */
export const models = new Models();
export type {
	LineageDataset,
	ModelDetail,
	ModelSummary,
	VersionDetail,
	VersionSummary
} from '../db/model-queries';
export type { ModelRow, ModelVersionRow, SegmentKind, TrainingRunRow } from '../db';
