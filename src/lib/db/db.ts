import { Dexie } from 'dexie';
import type { EntityTable, Table } from 'dexie';
import { declareVersions } from './migrations';
import type {
	ChunkRow,
	DatasetRow,
	DiagnosticRow,
	ModelArtifactRow,
	ModelRow,
	ModelVersionRow,
	SegmentRow,
	SettingRow,
	TrainingRunRow
} from './schema';

/** The production database name. Tests pass their own, one per test. */
export const DEFAULT_DB_NAME = 'vigil';

export interface VigilDbOptions {
	/** An IndexedDB implementation (Node tests: `fake-indexeddb`); the global one by default. */
	indexedDB?: IDBFactory;
	IDBKeyRange?: typeof IDBKeyRange;
	/**
	 * Another tab opened a newer version (or deletes the database). This connection is already
	 * closed when this runs: prompt the user to reload.
	 */
	onVersionChange?: () => void;
}

/** Vigil's one IndexedDB database. Row types and persisted names live in `schema.ts`. */
export class VigilDb extends Dexie {
	datasets!: EntityTable<DatasetRow, 'id'>;
	chunks!: EntityTable<ChunkRow, 'id'>;
	segments!: EntityTable<SegmentRow, 'id'>;
	models!: EntityTable<ModelRow, 'id'>;
	modelVersions!: EntityTable<ModelVersionRow, 'id'>;
	modelArtifacts!: Table<ModelArtifactRow, string>;
	trainingRuns!: EntityTable<TrainingRunRow, 'id'>;
	settings!: Table<SettingRow, string>;
	diagnostics!: EntityTable<DiagnosticRow, 'id'>;

	constructor(name: string = DEFAULT_DB_NAME, options: VigilDbOptions = {}) {
		super(
			name,
			options.indexedDB && options.IDBKeyRange
				? { indexedDB: options.indexedDB, IDBKeyRange: options.IDBKeyRange }
				: {}
		);
		declareVersions(this);
		// Dexie's own handler closes but reopens on the next query, which an old schema must not
		// do against a newer database: close for good and let the UI ask for a reload. Dexie runs
		// the newest subscriber first; returning false keeps its default from running after us.
		this.on('versionchange', () => {
			this.close({ disableAutoOpen: true });
			options.onVersionChange?.();
			return false;
		});
	}
}
