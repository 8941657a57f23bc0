import { describe, expect, it } from 'vitest';
import { chartGroups } from './channel-groups';

const NAMES = ['vibration', 'current', 'pressure', 'temperature'];

describe('chartGroups', () => {
	it('gives every visible channel its own chart when no groups are set', () => {
		expect(chartGroups(NAMES, [], [true, false, true, true])).toEqual([
			{ label: 'vibration', members: [0] },
			{ label: 'pressure', members: [2] },
			{ label: 'temperature', members: [3] }
		]);
	});

	it('puts channels with the same group name (case and spaces ignored) on one chart, in channel order', () => {
		const groups = chartGroups(
			NAMES,
			[' Motor', undefined, '', 'motor '],
			[true, true, true, true]
		);
		expect(groups).toEqual([
			{ label: 'Motor', members: [0, 3] },
			{ label: 'current', members: [1] },
			{ label: 'pressure', members: [2] }
		]);
	});

	it('drops hidden members and charts whose members are all hidden', () => {
		expect(chartGroups(NAMES, ['a', 'a', 'b', 'b'], [false, true, false, false])).toEqual([
			{ label: 'a', members: [1] }
		]);
	});
});
