/** One live chart: the channels drawn together, by index into the stream's channels. */
export interface ChartGroup {
	/** The group's name as the user typed it (also the chart's y-axis label). */
	label: string;
	members: number[];
}

/**
 * Splits the visible channels into charts: channels whose group names are equal (ignoring case
 * and surrounding spaces) share a chart; a channel with no group name gets its own chart, named
 * after it. Charts come in the order of their first channel, members in channel order.
 */
export function chartGroups(
	channelNames: readonly string[],
	groupNames: readonly (string | undefined)[],
	visible: readonly boolean[]
): ChartGroup[] {
	const groups: ChartGroup[] = [];
	const byKey = new Map<string, ChartGroup>();
	channelNames.forEach((name, c) => {
		if (visible[c] === false) return;
		const typed = groupNames[c]?.trim() ?? '';
		const key = typed ? `group:${typed.toLowerCase()}` : `channel:${c}`;
		let group = byKey.get(key);
		if (!group) {
			group = { label: typed || name, members: [] };
			byKey.set(key, group);
			groups.push(group);
		}
		group.members.push(c);
	});
	return groups;
}
