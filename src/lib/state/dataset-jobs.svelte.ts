import { proxy } from 'comlink';
import type { FixChoices } from '../core/fixes-stream';
import type { ChannelLimits } from '../core/validation';
import { deleteDataset, type DatasetRow, type VigilDb } from '../db';
import type { FixProgress, FixResult } from '../db/dataset-versions';
import type { CsvExportProgress } from '../db/export-csv';
import type { ImportApi } from '../../../workers/import.worker';
import { pickSaveFile } from './save-file';
import type { WorkerBridge } from './worker-bridge';

/** A long job on one stored dataset, as the page shows it. */
export interface DatasetJob {
	kind: 'export' | 'fix' | 'validate';
	datasetId: number;
	phase: 'running' | 'done' | 'failed' | 'cancelled';
	/** Rows done so far and in all (0 of 0 when not known). */
	rows: number;
	totalRows: number;
	/** What happened, for a status line. */
	message: string;
	/** The dataset a fix created. */
	resultId?: number;
}

/**
 * Export, fixes and re-validation of stored datasets, run in the import worker one at a time
 * (the worker is shared with imports and overviews), each with progress and a cancel. The
 * latest job per kind stays in `byKind` so its outcome can be shown.
 */
export class DatasetJobs {
	byKind = $state<Partial<Record<DatasetJob['kind'], DatasetJob>>>({});
	/** Not state: the page never shows a controller. */
	#controllers: Partial<Record<DatasetJob['kind'], AbortController>> = {};

	constructor(
		private readonly bridge: WorkerBridge<ImportApi>,
		private readonly db: VigilDb
	) {}

	/** The latest job of `kind` on `datasetId`, if any. */
	of(kind: DatasetJob['kind'], datasetId: number): DatasetJob | undefined {
		const job = this.byKind[kind];
		return job?.datasetId === datasetId ? job : undefined;
	}

	cancel(kind: DatasetJob['kind']): void {
		this.#controllers[kind]?.abort();
	}

	/**
	 * Saves a dataset as CSV. Where the browser offers a save dialog (`showSaveFilePicker`) the
	 * worker streams into the chosen file chunk by chunk; elsewhere it builds a Blob of per-chunk
	 * Blobs and the page downloads it. The dialog must open first, while the click still counts
	 * as a user gesture.
	 */
	async exportCsv(row: DatasetRow): Promise<void> {
		const picked = await pickSaveFile(`${row.name}.csv`);
		if (picked.kind === 'cancelled') return;
		const job = this.start('export', row);
		const onProgress = proxy((p: CsvExportProgress) => this.update(job, p.rows, p.totalRows));
		const signal = this.#controllers.export!.signal;
		try {
			if (picked.kind === 'file') {
				const bytes = await this.bridge.call(
					(api) => api.exportToFile(row.id, picked.handle, onProgress),
					signal
				);
				if (bytes === undefined) return this.finish(job, 'failed', 'The dataset is gone.');
				this.finish(
					job,
					'done',
					`Saved ${row.rowCount.toLocaleString('en')} rows (${mib(bytes)}) to ${picked.handle.name}.`
				);
			} else {
				const blob = await this.bridge.call((api) => api.exportCsv(row.id, onProgress), signal);
				if (!blob) return this.finish(job, 'failed', 'The dataset is gone.');
				download(blob, `${row.name}.csv`);
				this.finish(
					job,
					'done',
					`Downloaded ${row.rowCount.toLocaleString('en')} rows (${mib(blob.size)}).`
				);
			}
		} catch (error) {
			this.settleError(job, error, 'Export cancelled: the file was not written.');
		}
	}

	/** Validates a stored dataset again; the dataset list picks the new result up by itself. */
	async revalidate(datasetId: number, limits?: ChannelLimits): Promise<void> {
		const job = this.start('validate', { id: datasetId, rowCount: 0 });
		try {
			const stored = await this.bridge.call(
				(api) => api.revalidate(datasetId, limits),
				this.#controllers.validate!.signal
			);
			this.finish(job, stored ? 'done' : 'failed', stored ? 'Validated.' : 'The dataset is gone.');
		} catch (error) {
			this.settleError(job, error, 'Validation cancelled.');
		}
	}

	/** Writes a fixed version; a cancel removes what the worker had written of it. */
	async applyFixes(row: DatasetRow, choices: FixChoices): Promise<FixResult | undefined> {
		const job = this.start('fix', row);
		let newId: number | null = null;
		try {
			const result = await this.bridge.call<FixResult>(
				(api) =>
					api.applyFixes(
						row.id,
						choices,
						proxy((p: FixProgress) => {
							newId = p.datasetId ?? newId;
							this.update(job, p.rowsRead, p.totalRows);
						})
					) as Promise<FixResult>,
				this.#controllers.fix!.signal
			);
			if (!result.ok) this.finish(job, 'failed', `No new version: ${result.reason}.`);
			else {
				job.resultId = result.dataset.id;
				const notes = result.notes.length ? ` (${result.notes.join('; ')})` : '';
				this.finish(
					job,
					'done',
					`Created “${result.dataset.name}” with ${result.dataset.rowCount.toLocaleString('en')} rows${notes}.`
				);
			}
			return result;
		} catch (error) {
			this.settleError(job, error, 'Fixing cancelled: no new version was kept.');
			if (newId !== null) await deleteDataset(this.db, newId);
			return undefined;
		}
	}

	private start(kind: DatasetJob['kind'], row: Pick<DatasetRow, 'id' | 'rowCount'>): DatasetJob {
		this.#controllers[kind]?.abort();
		this.#controllers[kind] = new AbortController();
		this.byKind[kind] = {
			kind,
			datasetId: row.id,
			phase: 'running',
			rows: 0,
			totalRows: row.rowCount,
			message: ''
		};
		return this.byKind[kind]!;
	}

	private update(job: DatasetJob, rows: number, totalRows: number): void {
		job.rows = rows;
		job.totalRows = totalRows;
	}

	private finish(job: DatasetJob, phase: DatasetJob['phase'], message: string): void {
		job.phase = phase;
		job.message = message;
	}

	private settleError(job: DatasetJob, error: unknown, cancelledMessage: string): void {
		if ((error as Error).name === 'AbortError') this.finish(job, 'cancelled', cancelledMessage);
		else this.finish(job, 'failed', (error as Error).message);
	}
}

function mib(bytes: number): string {
	return bytes < 2 ** 20
		? `${Math.max(1, Math.round(bytes / 1024))} KiB`
		: `${(bytes / 2 ** 20).toFixed(1)} MiB`;
}

function download(blob: Blob, name: string): void {
	const url = URL.createObjectURL(blob);
	Object.assign(document.createElement('a'), { href: url, download: name }).click();
	setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
