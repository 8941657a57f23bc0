import { version } from '$app/environment';
import { proxy, transfer } from 'comlink';
import { liveQuery } from 'dexie';
import type { BackupApi } from '../../../workers/backup.worker';
import type { BackupManifest } from '../db/backup-format';
import type { BackupSummary } from '../db/backup-read';
import type { RestoreOutcome, RestoreProgress } from '../db/backup-restore';
import type { BackupOutcome, BackupProgress } from '../db/backup-write';
import { VigilDb } from '../db/db';
import { workspaceUsage, type WorkspaceUsage } from '../db/storage-usage';
import { createBackupWorker } from './backup-worker';
import { backupFileName, count, formatBytes, localTime } from './storage-format';
import { WorkerBridge } from './worker-bridge';

/** The browser's figures for this site (`navigator.storage.estimate()`). Bytes. */
export interface BrowserEstimate {
	usageBytes: number;
	quotaBytes: number;
	/** Chromium's breakdown (`usageDetails`), labelled for people; empty elsewhere. */
	details: { label: string; bytes: number }[];
}

/** A long operation as the page shows it. */
export type Operation<P> =
	| { phase: 'idle' }
	| { phase: 'running'; progress: P | undefined }
	| { phase: 'done'; message: string }
	| { phase: 'failed'; message: string; quota: boolean };

/** The restore flow: a file is described, the user confirms, then it runs. */
export type RestoreStep =
	| Operation<RestoreProgress>
	| { phase: 'describing'; file: File }
	| { phase: 'confirm'; file: File; summary: BackupSummary };

const DETAIL_LABELS: Record<string, string> = {
	indexedDB: 'Database (datasets, models, settings)',
	caches: 'App files kept for offline use',
	serviceWorkerRegistrations: 'Service worker',
	fileSystem: 'Files'
};

type BackupWorkerOutcome = BackupOutcome & { blob?: Blob };

type StorageManagerLike = Pick<StorageManager, 'estimate' | 'persisted' | 'persist'>;

/**
 * The Settings page's storage section: usage (the browser's estimate and Vigil's own accounting
 * per dataset and model version), persistent storage, and backup/restore through the backup
 * worker. Cancels are cooperative (a message to the worker), so a cancelled restore cleans up.
 */
export class StorageState {
	estimate = $state.raw<BrowserEstimate | null>(null);
	usage = $state.raw<WorkspaceUsage | null>(null);
	/** Whether the site's storage is persistent; null while unknown or unsupported. */
	persisted = $state<boolean | null>(null);
	/** The answer to the last `requestPersistence`, for the explanation shown with it. */
	persistAnswer = $state<'granted' | 'refused' | 'unsupported' | undefined>();
	backup = $state.raw<Operation<BackupProgress>>({ phase: 'idle' });
	restore = $state.raw<RestoreStep>({ phase: 'idle' });

	readonly #db: VigilDb;
	readonly #storage: StorageManagerLike | undefined;
	readonly #bridge = new WorkerBridge<BackupApi>({
		create: createBackupWorker,
		idleMs: 60_000,
		name: 'The backup worker'
	});
	#cancel: MessagePort | undefined;

	constructor(
		db = new VigilDb(),
		storage: StorageManagerLike | undefined = globalThis.navigator?.storage
	) {
		this.#db = db;
		this.#storage = storage;
	}

	/** Keeps usage current while watched (and the estimate with it); returns the stop function. */
	watch(): () => void {
		void this.refreshPersisted();
		const subscription = liveQuery(() => workspaceUsage(this.#db)).subscribe({
			next: (usage) => {
				this.usage = usage;
				void this.refreshEstimate();
			},
			error: () => (this.usage = null)
		});
		return () => subscription.unsubscribe();
	}

	async refreshEstimate(): Promise<void> {
		if (!this.#storage) return;
		const raw = (await this.#storage.estimate()) as StorageEstimate & {
			usageDetails?: Record<string, number>;
		};
		this.estimate = {
			usageBytes: raw.usage ?? 0,
			quotaBytes: raw.quota ?? 0,
			details: Object.entries(raw.usageDetails ?? {})
				.filter(([, bytes]) => bytes > 0)
				.map(([key, bytes]) => ({ label: DETAIL_LABELS[key] ?? key, bytes }))
				.sort((a, b) => b.bytes - a.bytes)
		};
	}

	async refreshPersisted(): Promise<void> {
		this.persisted = this.#storage ? await this.#storage.persisted() : null;
	}

	/** Asks the browser to keep Vigil's data under storage pressure. */
	async requestPersistence(): Promise<void> {
		if (!this.#storage) {
			this.persistAnswer = 'unsupported';
			return;
		}
		const granted = await this.#storage.persist();
		this.persistAnswer = granted ? 'granted' : 'refused';
		this.persisted = granted || (await this.#storage.persisted());
	}

	/**
	 * Backs up the workspace: into a file chosen with the save dialog where the browser has one
	 * (call this straight from a click, before any other await), else as a download.
	 */
	async startBackup(): Promise<void> {
		if (this.backup.phase === 'running') return;
		const fileName = backupFileName(Date.now());
		let target: FileSystemFileHandle | null = null;
		try {
			target = await pickSaveFile(fileName);
		} catch (error) {
			if ((error as Error).name === 'AbortError') return; // the dialog was closed
			throw error;
		}
		this.backup = { phase: 'running', progress: undefined };
		const channel = new MessageChannel();
		this.#cancel = channel.port1;
		try {
			const outcome = await this.#bridge.call<BackupWorkerOutcome>(
				(api) =>
					api.backup(
						target,
						version,
						proxy((progress: BackupProgress) => {
							if (this.backup.phase === 'running') this.backup = { phase: 'running', progress };
						}),
						transfer(channel.port2, [channel.port2])
					) as Promise<BackupWorkerOutcome>
			);
			if (!outcome.ok) {
				const quota = outcome.error.kind === 'quota-exceeded';
				this.backup = { phase: 'failed', message: outcome.error.message, quota };
				return;
			}
			if (outcome.blob) download(outcome.blob, fileName);
			const where = target ? `Saved ${target.name}` : `Downloaded ${fileName}`;
			this.backup = {
				phase: 'done',
				message: `${where} (${formatBytes(outcome.archiveBytes)}): ${describeCounts(outcome.manifest.tables)}.`
			};
		} catch (error) {
			this.backup = { phase: 'failed', message: (error as Error).message, quota: false };
		} finally {
			this.#cancel = undefined;
			void this.refreshEstimate();
		}
	}

	cancelBackup(): void {
		this.#cancel?.postMessage('cancel');
	}

	/** Reads a chosen backup file and asks for confirmation, or says why it cannot be used. */
	async chooseRestoreFile(file: File): Promise<void> {
		this.restore = { phase: 'describing', file };
		try {
			const described = await this.#bridge.call(
				(api) => api.describe(file) as Promise<Awaited<ReturnType<BackupApi['describe']>>>
			);
			this.restore = described.ok
				? { phase: 'confirm', file, summary: described.summary }
				: { phase: 'failed', message: `${file.name}: ${described.message}`, quota: false };
		} catch (error) {
			this.restore = { phase: 'failed', message: (error as Error).message, quota: false };
		}
	}

	/** Runs the confirmed restore; the workspace is replaced only if every step succeeds. */
	async confirmRestore(): Promise<void> {
		if (this.restore.phase !== 'confirm') return;
		const { file } = this.restore;
		this.restore = { phase: 'running', progress: undefined };
		const channel = new MessageChannel();
		this.#cancel = channel.port1;
		try {
			const outcome = await this.#bridge.call<RestoreOutcome>(
				(api) =>
					api.restore(
						file,
						proxy((progress: RestoreProgress) => {
							if (this.restore.phase === 'running') this.restore = { phase: 'running', progress };
						}),
						transfer(channel.port2, [channel.port2])
					) as Promise<RestoreOutcome>
			);
			this.restore = outcome.ok
				? {
						phase: 'done',
						message: `Restored the backup of ${localTime(outcome.summary.backupCreatedAt)}: ${count(outcome.summary.datasets, 'dataset')} (${count(outcome.summary.rows, 'row')}), ${count(outcome.summary.models, 'model')} with ${count(outcome.summary.modelVersions, 'version')}.`
					}
				: {
						phase: 'failed',
						message: outcome.error.message,
						quota: outcome.error.kind === 'quota-exceeded'
					};
		} catch (error) {
			this.restore = { phase: 'failed', message: (error as Error).message, quota: false };
		} finally {
			this.#cancel = undefined;
			void this.refreshEstimate();
		}
	}

	cancelRestore(): void {
		if (this.restore.phase === 'running') this.#cancel?.postMessage('cancel');
		else this.restore = { phase: 'idle' };
	}

	dismissBackup(): void {
		if (this.backup.phase !== 'running') this.backup = { phase: 'idle' };
	}
}

function describeCounts(tables: BackupManifest['tables']): string {
	return `${count(tables.datasets, 'dataset')}, ${count(tables.models, 'model')} with ${count(tables.modelVersions, 'version')}`;
}

/** The save dialog where the browser has one (Chromium), else null (download instead). */
async function pickSaveFile(suggestedName: string): Promise<FileSystemFileHandle | null> {
	const picker = (
		globalThis as {
			showSaveFilePicker?: (options: {
				suggestedName: string;
				types: { description: string; accept: Record<string, string[]> }[];
			}) => Promise<FileSystemFileHandle>;
		}
	).showSaveFilePicker;
	if (!picker) return null;
	return picker.call(globalThis, {
		suggestedName,
		types: [{ description: 'Vigil backup', accept: { 'application/zip': ['.zip'] } }]
	});
}

function download(blob: Blob, fileName: string): void {
	const url = URL.createObjectURL(blob);
	Object.assign(document.createElement('a'), { href: url, download: fileName }).click();
	setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** The app's storage section state (one per page load). */
export const storage = new StorageState();
export { count, formatBytes, localTime } from './storage-format';
export type { BackupProgress, BackupSummary, RestoreProgress, WorkspaceUsage };
export type { UsageItem } from '../db/storage-usage';
