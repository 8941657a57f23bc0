import { describe, expect, it } from 'vitest';
import {
	DEFAULT_LIVE_SETTINGS,
	formatDuration,
	formatWindow,
	parseLiveSettings
} from './live-settings';

const from = (query: string) => {
	const params = new URLSearchParams(query);
	return parseLiveSettings((key) => params.get(key));
};

describe('parseLiveSettings', () => {
	it('keeps the defaults when the URL says nothing', () => {
		expect(from('')).toEqual({ settings: DEFAULT_LIVE_SETTINGS, problems: [] });
	});

	it('reads rate, channels, window (seconds), seed, backfill and speed', () => {
		expect(from('rate=1000&channels=8&window=600&seed=7&backfill=600&speed=20').settings).toEqual({
			sampleRateHz: 1000,
			channelCount: 8,
			windowMs: 600_000,
			seed: 7,
			backfillMs: 600_000,
			speed: 20
		});
		expect(from('speed=500').problems).toEqual([
			'URL parameter speed=500 ignored: expected a number from 1 to 100'
		]);
	});

	it('reports invalid values with the parameter and the allowed range, and keeps the rest', () => {
		const { settings, problems } = from('rate=5000&channels=abc&window=30');
		expect(settings.sampleRateHz).toBe(DEFAULT_LIVE_SETTINGS.sampleRateHz);
		expect(settings.channelCount).toBe(DEFAULT_LIVE_SETTINGS.channelCount);
		expect(settings.windowMs).toBe(30_000);
		expect(problems).toEqual([
			'URL parameter rate=5000 ignored: expected a number from 1 to 1000',
			'URL parameter channels=abc ignored: expected a number from 1 to 16'
		]);
	});
});

describe('formatWindow', () => {
	it('uses seconds below a minute and minutes above', () => {
		expect([10_000, 30_000, 60_000, 600_000].map(formatWindow)).toEqual([
			'10 s',
			'30 s',
			'1 min',
			'10 min'
		]);
	});
});

describe('formatDuration', () => {
	it('reads as whole seconds, minutes and hours', () => {
		expect([0, 400, 45_000, 200_000, 180_000, 3_720_000].map(formatDuration)).toEqual([
			'0 s',
			'0 s',
			'45 s',
			'3 min 20 s',
			'3 min',
			'1 h 2 min'
		]);
	});
});
