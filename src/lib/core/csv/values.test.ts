import { describe, expect, it } from 'vitest';
import { isoKind, parseIsoTime, parseLabel, parseNumber } from './values';

describe('parseIsoTime', () => {
	it.each([
		['2020-03-09 15:56:30', Date.UTC(2020, 2, 9, 15, 56, 30)],
		['2020-03-09T15:56:30.25', Date.UTC(2020, 2, 9, 15, 56, 30, 250)],
		['2020-03-09T15:56:30,5Z', Date.UTC(2020, 2, 9, 15, 56, 30, 500)],
		['2020-03-09T15:56:30+0530', Date.UTC(2020, 2, 9, 10, 26, 30)],
		['2020-03-09T15:56-01', Date.UTC(2020, 2, 9, 16, 56)],
		['2020/03/09', Date.UTC(2020, 2, 9)],
		['2024-02-29 00:00:00', Date.UTC(2024, 1, 29)]
	])('reads %s', (text, expectedMs) => {
		expect(parseIsoTime(text, 0)).toBe(expectedMs);
	});

	it.each([
		'2023-02-29 00:00:00',
		'2020-04-31',
		'2020-13-01',
		'2020-01-01 24:00:00',
		'1583769390',
		''
	])('refuses %j', (text) => {
		expect(parseIsoTime(text, 0)).toBeNaN();
	});

	it('applies the offset only to zone-less values', () => {
		expect(parseIsoTime('2020-01-01 01:00:00', 60)).toBe(Date.UTC(2020, 0, 1));
		expect(parseIsoTime('2020-01-01T01:00:00Z', 60)).toBe(Date.UTC(2020, 0, 1, 1));
	});

	it('names the form', () => {
		expect([
			isoKind('2020-01-01T00:00:00Z'),
			isoKind('2020-01-01T00:00'),
			isoKind('2020-01-01 00:00')
		]).toEqual(['iso8601', 'iso8601-no-zone', 'datetime-no-zone']);
		expect(isoKind('12.5')).toBeNull();
	});
});

describe('parseNumber and parseLabel', () => {
	it('reads blanks as gaps, not zeros, and decimal commas when told', () => {
		expect(parseNumber('', false)).toBeNaN();
		expect(parseNumber('  ', false)).toBeNaN();
		expect(parseNumber(' 0 ', false)).toBe(0);
		expect(parseNumber('-1,5', true)).toBe(-1.5);
		expect(parseNumber('-1,5', false)).toBeNaN();
		expect(parseNumber('1e3', false)).toBe(1000);
	});

	it('reads 0/1, 0.0/1.0 and words as labels', () => {
		expect(['0.0', '1.0', '2', 'true', 'Normal', 'ATTACK', 'maybe', ''].map(parseLabel)).toEqual([
			0,
			1,
			1,
			1,
			0,
			1,
			null,
			null
		]);
	});
});
