/**
 * The browser's save dialog (File System Access API), where there is one. Chromium-based
 * browsers have `showSaveFilePicker`; Firefox and Safari do not, and the page downloads a Blob
 * instead. Not in TypeScript's DOM library yet, so declared here.
 */
interface SaveFilePickerOptions {
	suggestedName?: string;
	types?: { description: string; accept: Record<string, string[]> }[];
}

type ShowSaveFilePicker = (options?: SaveFilePickerOptions) => Promise<FileSystemFileHandle>;

export type PickedFile =
	| { kind: 'file'; handle: FileSystemFileHandle }
	/** No dialog in this browser, or it refused to show one: download instead. */
	| { kind: 'download' }
	/** The user closed the dialog: do nothing. */
	| { kind: 'cancelled' };

/**
 * Asks where to save `suggestedName`. Call it straight from a click (before any other await):
 * the dialog needs the user's gesture.
 */
export async function pickSaveFile(suggestedName: string): Promise<PickedFile> {
	const show = (globalThis as { showSaveFilePicker?: ShowSaveFilePicker }).showSaveFilePicker;
	if (typeof show !== 'function') return { kind: 'download' };
	try {
		const handle = await show({
			suggestedName,
			types: [{ description: 'CSV file', accept: { 'text/csv': ['.csv'] } }]
		});
		return { kind: 'file', handle };
	} catch (error) {
		// AbortError: the user closed the dialog. Anything else (SecurityError without a gesture,
		// a sandboxed frame): fall back to the download, which works everywhere.
		return (error as Error).name === 'AbortError' ? { kind: 'cancelled' } : { kind: 'download' };
	}
}
