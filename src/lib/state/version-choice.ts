import type { ModelDetail, ModelVersionRow } from './models.svelte';

/** A version picked by number, or by an alias within its model (`champion`). */
export type VersionChoice = { kind: 'version'; version: number } | { kind: 'alias'; alias: string };

/** The stored version a choice names in `detail`, or why there is none. */
export function resolveVersion(
	detail: ModelDetail,
	choice: VersionChoice
): { ok: true; row: ModelVersionRow } | { ok: false; reason: string } {
	const found = detail.versions.find(({ row }) =>
		choice.kind === 'version' ? row.version === choice.version : row.aliases.includes(choice.alias)
	);
	if (found) return { ok: true, row: found.row };
	const what = choice.kind === 'version' ? `version ${choice.version}` : `alias “${choice.alias}”`;
	return { ok: false, reason: `${detail.model.name} has no ${what}.` };
}
