import { describe, expect, it } from 'vitest';
import { createLineDecoder } from '../core/line-protocol';
import { AUTO_DETECT_PROTOCOL } from '../io/auto-detect-decoder';
import {
	DEFAULT_PROTOCOL_FORM,
	describeProtocol,
	formFromProtocol,
	protocolFromForm
} from './protocol-form';

describe('protocolFromForm', () => {
	it('gives the auto-detect placeholder for "auto"', () => {
		expect(protocolFromForm(DEFAULT_PROTOCOL_FORM)).toEqual({
			ok: true,
			config: AUTO_DETECT_PROTOCOL
		});
	});

	it('builds a working delimited config with a leading device time column', () => {
		const result = protocolFromForm({
			...DEFAULT_PROTOCOL_FORM,
			kind: 'delimited',
			delimiter: ';',
			channelNames: 'flow, pressure',
			units: 'l/min',
			time: 'field',
			timeUnit: 's',
			timeEpoch: true
		});
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		expect(result.config.units).toEqual(['l/min', '']);
		const batch = createLineDecoder(result.config).push('1700000000;3.5;1.25\n', 0);
		expect(batch.frame.t[0]).toBe(1_700_000_000_000);
		expect(Array.from(batch.frame.channels[1]!)).toEqual([1.25]);
	});

	it('names what is wrong: no channels, a name twice, too many units', () => {
		const base = { ...DEFAULT_PROTOCOL_FORM, kind: 'labelled' as const };
		expect(protocolFromForm({ ...base, channelNames: '' })).toEqual({
			ok: false,
			problems: ['no channels']
		});
		expect(protocolFromForm({ ...base, channelNames: 'a, a' })).toMatchObject({
			ok: false,
			problems: ["channel name 'a' is used twice"]
		});
		expect(protocolFromForm({ ...base, channelNames: 'a', units: 'V, A' })).toEqual({
			ok: false,
			problems: ['2 units for 1 channels']
		});
	});

	it('round-trips a config through the form', () => {
		const result = protocolFromForm({
			...DEFAULT_PROTOCOL_FORM,
			kind: 'json',
			channelNames: 'imu.x, imu.y',
			time: 'field',
			timeKey: 'ts',
			timeUnit: 'us',
			timeEpoch: false
		});
		if (!result.ok) throw new Error(result.problems.join());
		expect(protocolFromForm(formFromProtocol(result.config))).toEqual(result);
		expect(describeProtocol(result.config)).toBe(
			'JSON lines, 2 channels, time in us (device counter)'
		);
	});
});
