/**
 * Scores a labelled CSV with a saved model version in one pass and measures it: the Node
 * counterpart of the app's batch scoring (`workers/score-dataset.ts`), which scores a stored
 * dataset block by block. Same engine (`importDetector`, `detectRows` with the streaming rule),
 * metrics of its own (`evaluation-metrics.ts`). The caller sets the tfjs backend.
 */
import type { CsvTable } from '../src/lib/core/csv';
import { detectRows } from '../src/lib/ml/detector/detect';
import { importDetector } from '../src/lib/ml/detector/detector-data';
import {
	fromStoredVersion,
	type StoredArtifacts,
	type StoredDetectorFields
} from '../src/lib/ml/detector/stored-version';
import { pointMetrics, type PointMetrics } from './evaluation-metrics';

/** Label columns that hold point labels, in order of preference (as the app picks them). */
const POINT_LABEL_NAMES = ['anomaly', 'label', 'is_anomaly'];

export interface Evaluation {
	/** Rows in the file. */
	rows: number;
	/** The model's channels, in model order, as found in the file. */
	channels: string[];
	windowLength: number;
	threshold: number;
	labelColumn: string;
	/** `changepoint` column, or `rising edges of <label>` when there is none. */
	changepointsFrom: string;
	metrics: PointMetrics;
	/** Per file row: the score of the window ending on it; NaN before the first. */
	scores: Float32Array;
	scoreMs: number;
}

export type EvaluationResult =
	{ ok: true; evaluation: Evaluation } | { ok: false; errors: string[] };

/** The point label column's index: `labelColumn` when given, else the first of POINT_LABEL_NAMES. */
function labelIndex(names: readonly string[], wanted: string | undefined): number {
	if (wanted !== undefined) return names.indexOf(wanted);
	for (const name of POINT_LABEL_NAMES) {
		const at = names.findIndex((n) => n.toLowerCase() === name);
		if (at >= 0) return at;
	}
	return names.findIndex((n) => n.toLowerCase() !== 'changepoint');
}

/**
 * Rebuilds the version's detector, maps its channels to the file's by name, scores every row and
 * computes the metrics against the file's labels. Expected failures (not a detector, a channel or
 * the labels missing) come back as messages; the model is disposed either way.
 */
export async function evaluateVersion(
	stored: { fields: StoredDetectorFields; artifacts: StoredArtifacts },
	table: CsvTable,
	options: { labelColumn?: string } = {}
): Promise<EvaluationResult> {
	const data = fromStoredVersion(stored.fields, stored.artifacts);
	if (!data.ok) return { ok: false, errors: [data.error] };
	const labelAt = labelIndex(table.labelNames, options.labelColumn);
	if (labelAt < 0) {
		const wanted = options.labelColumn ? `"${options.labelColumn}"` : 'point label';
		return {
			ok: false,
			errors: [`no ${wanted} column; label columns: ${table.labelNames.join(', ') || 'none'}`]
		};
	}
	const imported = await importDetector(data.data);
	if (!imported.ok) return { ok: false, errors: imported.errors };
	const { detector, channelNames } = imported;
	try {
		const columns = channelNames.map((name) => table.channelNames.indexOf(name));
		const missing = channelNames.filter((_, i) => columns[i]! < 0);
		if (missing.length > 0) {
			return {
				ok: false,
				errors: [
					`the file lacks the model's channel(s) ${missing.join(', ')}; it has ${table.channelNames.join(', ')}`
				]
			};
		}
		const rows = table.frame.t.length;
		const channels = columns.map((c) => table.frame.channels[c]!);
		const detection = await detectRows(detector, channels, {
			from: 0,
			to: rows,
			rule: 'streaming'
		});
		const changeAt = table.labelNames.findIndex((n) => n.toLowerCase() === 'changepoint');
		const labelColumn = table.labelNames[labelAt]!;
		return {
			ok: true,
			evaluation: {
				rows,
				channels: channelNames,
				windowLength: detector.config.windowLength,
				threshold: detector.threshold,
				labelColumn,
				changepointsFrom:
					changeAt >= 0 ? table.labelNames[changeAt]! : `rising edges of ${labelColumn}`,
				metrics: pointMetrics({
					labels: table.labels[labelAt]!,
					changepoints: changeAt >= 0 ? table.labels[changeAt]! : null,
					scores: detection.score,
					predicted: detection.prediction,
					timesMs: table.frame.t
				}),
				scores: detection.score,
				scoreMs: detection.scoreMs
			}
		};
	} finally {
		detector.model.dispose();
	}
}
