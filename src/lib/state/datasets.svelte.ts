import { proxy } from 'comlink';
import { liveQuery } from 'dexie';
import type { CsvSniff } from '../core/csv';
import {
	deleteDataset,
	listDatasets,
	renameDataset,
	VigilDb,
	type CsvImportProgress,
	type CsvImportResult,
	type DatasetRow
} from '../db';
import type { ImportApi } from '../../../workers/import.worker';
import { createImportWorker } from './import-worker';
import { WorkerBridge } from './worker-bridge';

/** One file on its way in: previewed, then importing, then done or failed. */
export interface PendingImport {
	file: File;
	name: string;
	sniff: CsvSniff | undefined;
	phase: 'preview' | 'importing' | 'done' | 'failed' | 'cancelled';
	progress: CsvImportProgress | undefined;
	/** What went wrong, or the bad-row summary of a finished import. */
	message: string | undefined;
}

/**
 * The Data area's state: the stored datasets (live from IndexedDB) and the imports in progress.
 * Parsing and writing happen in the import worker; a cancel terminates it and removes the
 * partly written dataset.
 */
export class Datasets {
	list = $state.raw<DatasetRow[]>([]);
	pending = $state<PendingImport[]>([]);
	readonly #db: VigilDb;
	readonly #bridge = new WorkerBridge<ImportApi>({
		create: createImportWorker,
		idleMs: 60_000,
		name: 'The import worker'
	});
	#controller: AbortController | undefined;

	constructor(db = new VigilDb()) {
		this.#db = db;
	}

	/** Keeps `list` current while watched; returns the stop function. */
	watch(): () => void {
		const subscription = liveQuery(() => listDatasets(this.#db)).subscribe({
			next: (rows) => (this.list = rows),
			error: () => (this.list = [])
		});
		return () => subscription.unsubscribe();
	}

	/** Adds files for preview (the detected format and first rows). */
	async add(files: Iterable<File>): Promise<void> {
		for (const file of files) {
			const entry: PendingImport = {
				file,
				name: file.name.replace(/\.[^.]+$/, ''),
				sniff: undefined,
				phase: 'preview',
				progress: undefined,
				message: undefined
			};
			this.pending.push(entry);
			const item = this.pending[this.pending.length - 1]!;
			try {
				item.sniff = await this.#bridge.call((api) => api.sniff(file));
			} catch (error) {
				item.phase = 'failed';
				item.message = `${file.name}: cannot read it (${(error as Error).message})`;
			}
		}
	}

	/** Imports a previewed file; resolves when it is stored, failed or cancelled. */
	async import(item: PendingImport): Promise<void> {
		item.phase = 'importing';
		this.#controller = new AbortController();
		let datasetId: number | null = null;
		try {
			const result = await this.#bridge.call<CsvImportResult>(
				(api) =>
					api.importFile(
						item.file,
						{ name: item.name },
						proxy((p: CsvImportProgress) => {
							datasetId = p.datasetId ?? datasetId;
							item.progress = p;
						})
					) as Promise<CsvImportResult>,
				this.#controller.signal
			);
			item.phase = result.ok ? 'done' : 'failed';
			const rejected = result.report?.rowsRejected ?? 0;
			item.message = result.ok
				? `${result.dataset.rowCount.toLocaleString('en')} rows stored${rejected ? `; ${rejected} bad rows skipped (first: line ${result.report.issues[0]?.line}, ${result.report.issues[0]?.message})` : ''}`
				: `${item.file.name}: ${result.reason}`;
		} catch (error) {
			item.phase = (error as Error).name === 'AbortError' ? 'cancelled' : 'failed';
			item.message =
				item.phase === 'cancelled'
					? 'Import cancelled: nothing was kept.'
					: (error as Error).message;
			// The worker was stopped mid-write: remove what it had written.
			if (datasetId !== null) await deleteDataset(this.#db, datasetId);
		}
	}

	/** Renames a dataset; a blank name is refused with a reason. */
	async rename(datasetId: number, name: string): Promise<string | undefined> {
		const trimmed = name.trim();
		if (!trimmed) return 'A dataset needs a name.';
		await renameDataset(this.#db, datasetId, trimmed);
		return undefined;
	}

	/** Deletes a dataset with its samples and segments (the page asks for confirmation first). */
	async remove(datasetId: number): Promise<void> {
		await deleteDataset(this.#db, datasetId);
	}

	/** A range of a dataset decimated to `bins` bins, with per-channel statistics (in the worker). */
	overview(datasetId: number, bins: number, fromMs?: number, toMs?: number) {
		return this.#bridge.call((api) => api.overview(datasetId, bins, fromMs, toMs));
	}

	/** Downloads a dataset as CSV (built in the import worker). */
	async exportCsv(row: DatasetRow): Promise<void> {
		const blob = await this.#bridge.call((api) => api.exportCsv(row.id));
		if (!blob) return;
		const url = URL.createObjectURL(blob);
		const link = Object.assign(document.createElement('a'), {
			href: url,
			download: `${row.name}.csv`
		});
		link.click();
		setTimeout(() => URL.revokeObjectURL(url), 10_000);
	}

	cancel(): void {
		this.#controller?.abort();
	}

	dismiss(item: PendingImport): void {
		this.pending = this.pending.filter((p) => p !== item);
	}
}

/** The app's datasets store (one per page load). */
export const datasets = new Datasets();
export type { DatasetRow } from '../db';
export type { DatasetOverview } from '../db';
