/** One channel of a version's fitted scaler. */
export interface ScalerChannel {
	name: string;
	/** In the channel's own unit, over the training rows. */
	mean: number;
	std: number;
	/** Whether the model reads this channel's changes rather than its level; null when not stored. */
	differenced: boolean | null;
}

export type ScalerSummary = { ok: true; channels: ScalerChannel[] } | { ok: false; reason: string };

const numbers = (value: unknown): value is number[] =>
	Array.isArray(value) && value.every((x) => typeof x === 'number');

/**
 * The per-channel mean and std of a stored scaler (`{ mean: number[], std: number[] }`, as the
 * engine exports it), named by `engineData.channelNames` and flagged by `engineData.differenced`
 * where those are present and as long. Anything else says what it found instead of failing.
 */
export function scalerSummary(
	scaler: Record<string, unknown> | null,
	engineData: Record<string, unknown>
): ScalerSummary {
	if (scaler === null) return { ok: false, reason: 'No scaler was stored with this version.' };
	const { mean, std } = scaler;
	if (!numbers(mean) || !numbers(std) || mean.length !== std.length) {
		const keys = Object.keys(scaler).join(', ') || 'nothing';
		return {
			ok: false,
			reason: `The stored scaler is not a per-channel mean and std of equal length (it holds ${keys}).`
		};
	}
	const names = engineData.channelNames;
	const usable =
		Array.isArray(names) &&
		names.length === mean.length &&
		names.every((n) => typeof n === 'string');
	const differenced = engineData.differenced;
	const flags = numbers(differenced) && differenced.length === mean.length ? differenced : null;
	return {
		ok: true,
		channels: mean.map((m, c) => ({
			name: usable ? (names[c] as string) : `channel ${c + 1}`,
			mean: m,
			std: std[c]!,
			differenced: flags ? flags[c] !== 0 : null
		}))
	};
}
