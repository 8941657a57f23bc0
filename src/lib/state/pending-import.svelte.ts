import {
	checkFormat,
	editOverrides,
	SNIFF_SAMPLE_CHARS,
	sniffCsv,
	unitFromName,
	type CsvFormat,
	type CsvSniff,
	type FormatEdit,
	type FormatProblem
} from '../core/csv';
import type { CsvImportProgress, DatasetRow } from '../db';

export type PendingPhase = 'reading' | 'preview' | 'importing' | 'done' | 'failed' | 'cancelled';

/**
 * One file on its way in: read (its first 64 KB), previewed with the detected format, which the
 * user may correct, then importing, then done, failed or cancelled.
 *
 * The preview is sniffed here on the main thread, not in the import worker: it is 64 KB (a few
 * ms), and the worker runs one call at a time, so while one file imports, another file's
 * preview would otherwise wait for the whole import before reacting to an edit.
 */
export class PendingImport {
	readonly file: File;
	name = $state('');
	phase = $state<PendingPhase>('reading');
	progress = $state.raw<CsvImportProgress | undefined>();
	/** What went wrong, or the summary of a finished import. */
	message = $state<string | undefined>();
	/** The stored dataset, once done. */
	dataset = $state.raw<DatasetRow | undefined>();
	/** The user's corrections, passed to `sniffCsv` and then to the import. */
	overrides = $state.raw<Partial<CsvFormat>>({});
	/** Units typed by the user, by channel column name (else guessed from the name). */
	unitEdits = $state.raw<Record<string, string>>({});
	#sample = $state.raw<string | undefined>();

	/** The detected format with the user's corrections, and the first rows split with it. */
	readonly sniff: CsvSniff | undefined = $derived(
		this.#sample === undefined ? undefined : sniffCsv(this.#sample, this.overrides)
	);
	/** What must change before this file can be imported, per field. */
	readonly problems: FormatProblem[] = $derived(this.sniff ? checkFormat(this.sniff.format) : []);
	/** The header line (or first record) as read: files with the same one can share choices. */
	readonly headerKey: string = $derived(this.sniff?.preview[0]?.join('\u0001') ?? '');

	constructor(file: File) {
		this.file = file;
		this.name = file.name.replace(/\.[^.]+$/, '');
	}

	/** Reads the start of the file for the preview. */
	async read(): Promise<void> {
		try {
			this.#sample = await this.file.slice(0, SNIFF_SAMPLE_CHARS).text();
			this.phase = 'preview';
		} catch (error) {
			this.fail(`${this.file.name}: cannot read it (${(error as Error).message})`);
		}
	}

	/** Applies one correction; the preview re-sniffs with it. */
	edit(edit: FormatEdit): void {
		if (!this.sniff || this.phase !== 'preview') return;
		this.overrides = editOverrides(this.overrides, this.sniff.format, edit);
	}

	/** The unit of a channel column: what the user typed, else one written in its name. */
	unitOf(column: string): string {
		return this.unitEdits[column] ?? unitFromName(column);
	}

	setUnit(column: string, unit: string): void {
		this.unitEdits = { ...this.unitEdits, [column]: unit.trim() };
	}

	/** Takes another file's corrections (same header, so the same columns). */
	copyChoicesFrom(other: PendingImport): void {
		if (this.phase !== 'preview') return;
		this.overrides = { ...other.overrides };
		this.unitEdits = { ...other.unitEdits };
	}

	/** Units by channel name for the import. */
	units(): Record<string, string> {
		const format = this.sniff?.format;
		if (!format) return {};
		const units: Record<string, string> = {};
		format.columnNames.forEach((name, c) => {
			if (format.columnRoles[c] === 'channel') units[name] = this.unitOf(name);
		});
		return units;
	}

	/** Why this file cannot be imported now, or undefined when it can. */
	get blocked(): string | undefined {
		if (this.phase !== 'preview' || !this.sniff) return 'not ready';
		if (!this.name.trim()) return 'A dataset needs a name.';
		return this.problems[0]?.message;
	}

	fail(message: string): void {
		this.phase = 'failed';
		this.message = message;
	}
}
