/** What each not-yet-built area will hold, shown on its "coming soon" page. */
export interface PlannedArea {
	title: string;
	summary: string;
	planned: string[];
}

export const PLANNED_AREAS = {
	openBundle: {
		title: 'Open a model bundle',
		summary: 'Opening .vigil model bundles from the file system arrives with model bundles.',
		planned: [
			'Verify every part against its SHA-256 before import',
			'Show the model’s channels, threshold and lineage before it is added'
		]
	},
	alerts: {
		title: 'Alerts',
		summary: 'Rules that turn anomaly scores into alerts, and the decision log.',
		planned: [
			'Rules with pending periods and hysteresis',
			'Notifications and silences',
			'Acknowledgement with a comment, tied to the model version and data window'
		]
	},
	reports: {
		title: 'Reports',
		summary: 'Reports of anomalies, models and decisions.',
		planned: ['PDF reports of a period, a model or an incident', 'Drift monitoring summaries']
	}
} satisfies Record<string, PlannedArea>;

export type PlannedAreaKey = keyof typeof PLANNED_AREAS;
