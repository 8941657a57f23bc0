import { chunkPartBytes } from './backup-format';
import type { VigilDb } from './db';
import { restoreDataset, restoreModel, restoreModelVersion } from './restore';

/** One thing that takes space, as the Storage table lists it. */
export interface UsageItem {
	kind: 'dataset' | 'model-version';
	/** The dataset's or the model version's id. */
	id: number;
	/** The dataset's name, or the model's. */
	name: string;
	/** `12,345 rows`, `version 3`, `recording…`. */
	detail: string;
	/** Bytes of its sample columns or weights: what deleting it frees, give or take overhead. */
	bytes: number;
}

/** Vigil's own accounting, largest first. Bytes. */
export interface WorkspaceUsage {
	items: UsageItem[];
	datasetBytes: number;
	modelBytes: number;
}

/**
 * What each dataset (listed or still recording) and each model version takes, computed from the
 * rows: a dataset's `sizeBytes` (or rows × bytes per row for a row that lacks it), a version's
 * weights plus its topology JSON. IndexedDB adds indexes and per-record overhead on top, which
 * only `navigator.storage.estimate()` sees.
 */
export async function workspaceUsage(db: VigilDb): Promise<WorkspaceUsage> {
	const items: UsageItem[] = [];
	return db.transaction(
		'r',
		db.datasets,
		db.models,
		db.modelVersions,
		db.modelArtifacts,
		async () => {
			const datasets = await db.datasets.where('status').anyOf('ready', 'recording').toArray();
			for (const row of datasets.map(restoreDataset)) {
				const bytes =
					row.sizeBytes ||
					chunkPartBytes(row.rowCount, row.channels.length, row.labelColumns.length);
				const rows = `${row.rowCount.toLocaleString('en')} rows`;
				const detail = row.status === 'recording' ? `${rows}, recording` : rows;
				items.push({ kind: 'dataset', id: row.id, name: row.name, detail, bytes });
			}
			const artifactBytes = new Map<string, number>();
			await db.modelArtifacts.each((a) => {
				const topology =
					a.modelTopology instanceof ArrayBuffer
						? a.modelTopology.byteLength
						: JSON.stringify(a.modelTopology ?? null).length;
				artifactBytes.set(a.key, a.weightData.byteLength + topology);
			});
			const modelNames = new Map(
				(await db.models.toArray()).map(restoreModel).map((m) => [m.id, m.name])
			);
			for (const version of (await db.modelVersions.toArray()).map(restoreModelVersion)) {
				items.push({
					kind: 'model-version',
					id: version.id,
					name: modelNames.get(version.modelId) ?? `Model ${version.modelId}`,
					detail: `version ${version.version}`,
					bytes: artifactBytes.get(version.artifactKey) ?? 0
				});
			}
			items.sort((a, b) => b.bytes - a.bytes || a.name.localeCompare(b.name));
			const sum = (kind: UsageItem['kind']) =>
				items.filter((i) => i.kind === kind).reduce((n, i) => n + i.bytes, 0);
			return { items, datasetBytes: sum('dataset'), modelBytes: sum('model-version') };
		}
	);
}
