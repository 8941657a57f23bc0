import { proxy } from 'comlink';
import { liveQuery } from 'dexie';
import type { FixChoices } from '../core/fixes-stream';
import {
	reportFromSummary,
	type ChannelLimits,
	type ValidationLevel,
	type ValidationReport
} from '../core/validation';
import {
	deleteDataset,
	listDatasets,
	renameDataset,
	VigilDb,
	type CsvImportProgress,
	type CsvImportResult,
	type DatasetRow
} from '../db';
import type { FixProgress, FixResult } from '../db/dataset-versions';
import type { ImportApi } from '../../../workers/import.worker';
import { DatasetJobs } from './dataset-jobs.svelte';
import { DatasetSegments } from './dataset-segments.svelte';
import { createImportWorker } from './import-worker';
import { PendingImport } from './pending-import.svelte';
import { WorkerBridge } from './worker-bridge';

/**
 * The Data area's state: the stored datasets (live from IndexedDB), the imports in preview and
 * in progress, and the long jobs on stored datasets (export, fixes, validation) in `jobs`.
 * Everything that reads or writes a whole dataset runs in the import worker; a cancel
 * terminates it and removes what it had half-written.
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
	readonly jobs: DatasetJobs;
	#importController: AbortController | undefined;

	constructor(db = new VigilDb()) {
		this.#db = db;
		this.jobs = new DatasetJobs(this.#bridge, db);
	}

	/** Keeps `list` current while watched; returns the stop function. */
	watch(): () => void {
		const subscription = liveQuery(() => listDatasets(this.#db)).subscribe({
			next: (rows) => (this.list = rows),
			error: () => (this.list = [])
		});
		return () => subscription.unsubscribe();
	}

	/** Adds files for preview (the detected format and first rows, which the user may correct). */
	async add(files: Iterable<File>): Promise<void> {
		const added = [...files].map((file) => new PendingImport(file));
		// Class instances are not proxied by $state: their own $state fields drive the UI.
		this.pending.push(...added);
		await Promise.all(added.map((item) => item.read()));
	}

	/** Files in preview with the same columns as `item` (they can take its choices). */
	sameHeader(item: PendingImport): PendingImport[] {
		return this.pending.filter(
			(p) => p !== item && p.phase === 'preview' && p.headerKey === item.headerKey
		);
	}

	/** Imports every previewed file that can be, one after the other. */
	async importAll(): Promise<void> {
		for (const item of this.pending.filter((p) => p.phase === 'preview' && !p.blocked)) {
			await this.import(item);
		}
	}

	/** Imports a previewed file with the format the user confirmed; resolves when it is settled. */
	async import(item: PendingImport): Promise<void> {
		const blocked = item.blocked;
		if (blocked) {
			item.message = blocked;
			return;
		}
		// The whole confirmed format: the import then reads exactly what the preview showed.
		const overrides = { ...item.sniff!.format };
		const units = item.units();
		item.phase = 'importing';
		item.message = undefined;
		const controller = (this.#importController = new AbortController());
		let datasetId: number | null = null;
		try {
			const result = await this.#bridge.call<CsvImportResult>(
				(api) =>
					api.importFile(
						item.file,
						{ name: item.name.trim(), overrides, units },
						proxy((p: CsvImportProgress) => {
							datasetId = p.datasetId ?? datasetId;
							item.progress = p;
						})
					) as Promise<CsvImportResult>,
				controller.signal
			);
			if (!result.ok) return item.fail(`${item.file.name}: ${result.reason}`);
			item.phase = 'done';
			item.dataset = result.dataset;
			const rejected = result.report.rowsRejected;
			const first = result.report.issues.find((i) => !i.kept);
			item.message =
				`${result.dataset.rowCount.toLocaleString('en')} rows stored` +
				(rejected
					? `; ${rejected} bad rows skipped (first: line ${first?.line}, ${first?.message})`
					: '');
		} catch (error) {
			const cancelled = (error as Error).name === 'AbortError';
			if (cancelled) {
				item.phase = 'cancelled';
				item.message = 'Import cancelled: nothing was kept.';
			} else item.fail((error as Error).message);
			// The worker was stopped mid-write: remove what it had written.
			if (datasetId !== null) await deleteDataset(this.#db, datasetId);
		}
	}

	/** Cancels the running import. */
	cancel(): void {
		this.#importController?.abort();
	}

	dismiss(item: PendingImport): void {
		this.pending = this.pending.filter((p) => p !== item);
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

	/** Saves a dataset as CSV: into a file the user picks where the browser can, else a download. */
	exportCsv(row: DatasetRow): Promise<void> {
		return this.jobs.exportCsv(row);
	}

	/** Validates a dataset again (new per-channel limits); the list updates with the result. */
	revalidate(datasetId: number, limits?: ChannelLimits): Promise<void> {
		return this.jobs.revalidate(datasetId, limits);
	}

	/** Writes a fixed version as a new dataset; resolves with the result (the job shows it too). */
	applyFixes(row: DatasetRow, choices: FixChoices): Promise<FixResult | undefined> {
		return this.jobs.applyFixes(row, choices);
	}

	/** The stored validation of `row` as a report at `level`, or undefined when never validated. */
	report(row: DatasetRow, level: ValidationLevel): ValidationReport | undefined {
		return row.validation ? reportFromSummary(row.validation.summary, level) : undefined;
	}

	/** The marked segments of one dataset (watch it while shown). */
	segments(datasetId: number): DatasetSegments {
		return new DatasetSegments(this.#db, datasetId);
	}
}

/** The app's datasets store (one per page load). */
export const datasets = new Datasets();
export type { DatasetRow } from '../db';
export type { DatasetOverview } from '../db';
export type { PendingImport } from './pending-import.svelte';
export type { FixChoices, FixProgress, FixResult };
export type { ValidationLevel, ValidationReport, ChannelLimits };
