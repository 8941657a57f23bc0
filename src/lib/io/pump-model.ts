/**
 * The physics-flavoured part of the simulator: channel templates of a centrifugal pump and how
 * each follows the pump's load. Pure functions of the model state; no randomness of its own.
 */

/** One simulated channel's description. `spreadUnits` is its typical variation, the unit of anomaly magnitudes. */
export interface ChannelTemplate {
	name: string;
	unit: string;
	/** Value at zero load. */
	base: number;
	/** Change per unit of load (load is about 0.55–0.95). */
	gainPerLoad: number;
	/** Amplitude and period of the channel's own periodic pattern. */
	periodic: { amplitude: number; periodS: number };
	/** Standard deviation of its measurement noise. */
	noise: number;
	/** First-order lag in seconds (thermal inertia); 0 follows the load at once. */
	lagS: number;
	spreadUnits: number;
}

/** The pump's eight sensors; a stream with more channels repeats them with a numeric suffix. */
export const PUMP_CHANNELS: readonly ChannelTemplate[] = [
	{
		name: 'vibration',
		unit: 'mm/s',
		base: 0.9,
		gainPerLoad: 1.6,
		periodic: { amplitude: 0.18, periodS: 4.7 },
		noise: 0.06,
		lagS: 0,
		spreadUnits: 0.25
	},
	{
		name: 'current',
		unit: 'A',
		base: 3.5,
		gainPerLoad: 11,
		periodic: { amplitude: 0.1, periodS: 9.3 },
		noise: 0.12,
		lagS: 0,
		spreadUnits: 0.9
	},
	{
		name: 'pressure',
		unit: 'bar',
		base: 0.8,
		gainPerLoad: 3.4,
		periodic: { amplitude: 0.06, periodS: 13.1 },
		noise: 0.03,
		lagS: 0.5,
		spreadUnits: 0.3
	},
	{
		name: 'temperature',
		unit: '°C',
		base: 31,
		gainPerLoad: 14,
		periodic: { amplitude: 0.05, periodS: 41 },
		noise: 0.04,
		lagS: 25,
		spreadUnits: 0.9
	},
	{
		name: 'flow',
		unit: 'l/min',
		base: 18,
		gainPerLoad: 62,
		periodic: { amplitude: 0.6, periodS: 13.1 },
		noise: 0.5,
		lagS: 1.5,
		spreadUnits: 5
	},
	{
		name: 'voltage',
		unit: 'V',
		base: 232,
		gainPerLoad: -3.2,
		periodic: { amplitude: 0.4, periodS: 2.9 },
		noise: 0.25,
		lagS: 0,
		spreadUnits: 0.5
	},
	{
		name: 'speed',
		unit: 'rpm',
		base: 1420,
		gainPerLoad: 52,
		periodic: { amplitude: 2, periodS: 6.1 },
		noise: 2.5,
		lagS: 0.8,
		spreadUnits: 5
	},
	{
		name: 'acoustic',
		unit: 'dB',
		base: 58,
		gainPerLoad: 12,
		periodic: { amplitude: 0.7, periodS: 3.3 },
		noise: 0.4,
		lagS: 0,
		spreadUnits: 1.3
	}
];

/** Load around which the duty cycle swings; channel centres are their values at this load. */
export const MEAN_LOAD = 0.75;
/** The pump's duty cycle: load swings by ±0.1 over this period. */
const DUTY_CYCLE_S = 60;
/** Time constant and step size of the load's slow random walk (an AR(1) process). */
const LOAD_WALK_TAU_S = 20;
const LOAD_WALK_STD = 0.05;

/** Template for channel `index` of a stream with any channel count. */
export function channelTemplate(index: number): ChannelTemplate {
	const template = PUMP_CHANNELS[index % PUMP_CHANNELS.length]!;
	const round = Math.floor(index / PUMP_CHANNELS.length);
	return round === 0 ? template : { ...template, name: `${template.name}_${round + 1}` };
}

/** Coefficients of the slow load walk for a sample interval: `walk ← phi·walk + innovation·N(0,1)`. */
export function loadWalkCoefficients(sampleIntervalS: number): { phi: number; innovation: number } {
	const phi = Math.exp(-sampleIntervalS / LOAD_WALK_TAU_S);
	return { phi, innovation: LOAD_WALK_STD * Math.sqrt(1 - phi * phi) };
}

/** The pump's load at time `timeS` given the current value of its random walk. */
export function pumpLoad(timeS: number, walk: number): number {
	return MEAN_LOAD + 0.1 * Math.sin((2 * Math.PI * timeS) / DUTY_CYCLE_S) + walk;
}

/** The noise-free target value of a channel at a load and time (before lag and noise). */
export function channelTarget(
	template: ChannelTemplate,
	load: number,
	timeS: number,
	phase: number
): number {
	const { amplitude, periodS } = template.periodic;
	return (
		template.base +
		template.gainPerLoad * load +
		amplitude * Math.sin((2 * Math.PI * timeS) / periodS + phase)
	);
}

/** A channel's centre: its value at mean load, the mirror of a correlation break. */
export function channelCentre(template: ChannelTemplate): number {
	return template.base + template.gainPerLoad * MEAN_LOAD;
}
