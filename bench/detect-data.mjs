// @ts-check
/**
 * Inputs of the detection benchmark (bench/detect.bench.mjs): the first hour of SKAB's
 * anomaly-free recording, read from ../shared at run time (SKAB is GPL-3.0: its rows must never
 * be copied into this repository), and a generated SKAB-like CSV at 1 kHz for batch scoring.
 */
import { readFileSync } from 'node:fs';
import { writeLines } from './write-lines.mjs';

/** SKAB's normal-operation file, relative to the repository root. */
export const SKAB_FREE_FILE = '../shared/data/skab/anomaly-free/anomaly-free.csv';

/**
 * The header line and the first `rows` rows of SKAB's anomaly-free file (1 Hz, so 3,600 rows
 * are its first hour), as the bytes a user would pick, and its channel names in file order.
 * @param {number} rows
 * @returns {{ bytes: Buffer, channels: string[], rows: number }}
 */
export function skabFirstRows(rows) {
	const lines = readFileSync(SKAB_FREE_FILE, 'utf8').split('\n');
	const taken = lines.slice(0, rows + 1);
	if (taken.length !== rows + 1 || taken.some((line) => line.trim() === ''))
		throw new Error(`${SKAB_FREE_FILE}: expected a header and ${rows} rows, got fewer`);
	return { bytes: Buffer.from(taken.join('\n') + '\n'), channels: channelsOf(taken[0]), rows };
}

/**
 * SKAB's whole anomaly-free file as a live feed for tests/sensor-server.js's `value` option:
 * sample `index` is file row `index mod rows` (one file row per sample whatever the rate, so at
 * 1 kHz a 1 Hz recording plays 1,000× faster), channel `c` its c-th value column (the order of
 * `channels`, as in skabFirstRows). After the last row it starts again at the first: that seam
 * is a jump the recording never makes.
 * @returns {{ value: (channel: number, index: number) => number, channels: string[], rows: number }}
 */
export function skabReplay() {
	const lines = readFileSync(SKAB_FREE_FILE, 'utf8').split('\n');
	const channels = channelsOf(lines[0]);
	/** @type {number[][]} row-major: the file's values, row by row */
	const values = [];
	for (const [at, line] of lines.entries()) {
		if (at === 0 || line.trim() === '') continue;
		const fields = line.trim().split(';').slice(1);
		if (fields.length !== channels.length)
			throw new Error(
				`${SKAB_FREE_FILE}:${at + 1}: ${fields.length} values, the header names ${channels.length}`
			);
		const row = fields.map(Number);
		const bad = row.findIndex((v, c) => !Number.isFinite(v) || fields[c]?.trim() === '');
		if (bad >= 0)
			throw new Error(
				`${SKAB_FREE_FILE}:${at + 1}: ${channels[bad]} is "${fields[bad]}", not a number`
			);
		values.push(row);
	}
	if (values.length === 0) throw new Error(`${SKAB_FREE_FILE}: no rows after the header`);
	const rows = values.length;
	/** @param {number} channel @param {number} index */
	const value = (channel, index) => {
		const found = values[index % rows]?.[channel];
		if (found === undefined)
			throw new Error(`SKAB replay: no channel ${channel} (the file has ${channels.length})`);
		return found;
	};
	return { value, channels, rows };
}

/**
 * `datetime;Accelerometer1RMS;…`: every column after the time is a channel.
 * @param {string | undefined} header
 */
function channelsOf(header) {
	return (header ?? '').trim().split(';').slice(1);
}

/**
 * Typical level and spread of each SKAB channel in the anomaly-free file (by name), so the
 * generated rows look like the machine the model was trained on. Pressure jumps between a few
 * sensor steps in SKAB; a smooth stand-in is close enough for timing.
 */
const SKAB_LIKE = {
	Accelerometer1RMS: { level: 0.21, swing: 0.008, noise: 0.003 },
	Accelerometer2RMS: { level: 0.27, swing: 0.008, noise: 0.003 },
	Current: { level: 2.0, swing: 0.2, noise: 0.15 },
	Pressure: { level: 0.3, swing: 0.3, noise: 0.1 },
	Temperature: { level: 89.5, swing: 0.6, noise: 0.05 },
	Thermocouple: { level: 27.5, swing: 0.5, noise: 0.02 },
	Voltage: { level: 230, swing: 5, noise: 2 },
	'Volume Flow RateRMS': { level: 124.5, swing: 1.5, noise: 0.5 }
};

/**
 * Writes a CSV of `rows` rows at `rateHz` (ISO times with milliseconds) with `channels` as
 * columns (SKAB's names): per channel a slow sine near SKAB's level plus seeded uniform noise,
 * so the same command always scores the same file. Channels not in SKAB_LIKE get level 1.
 * @param {string} path @param {number} rows @param {number} rateHz @param {string[]} channels
 */
export async function writeSkabLikeCsv(path, rows, rateHz, channels) {
	const shapes = channels.map(
		(name) =>
			/** @type {Record<string, {level: number, swing: number, noise: number}>} */ (SKAB_LIKE)[
				name
			] ?? { level: 1, swing: 0.1, noise: 0.01 }
	);
	const startMs = Date.UTC(2026, 0, 1);
	let seed = 12345;
	// A linear congruential generator: deterministic, and fast enough for millions of values.
	const uniform = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32) * 2 - 1;
	await writeLines(path, `datetime,${channels.join(',')}`, rows, (i) => {
		let line = new Date(startMs + (i * 1000) / rateHz).toISOString();
		// One cycle every 20 s of the file: smooth against a 30-row window at any rate.
		const phase = (2 * Math.PI * i) / (20 * rateHz);
		for (const [c, shape] of shapes.entries()) {
			const value = shape.level + shape.swing * Math.sin(phase + c) + shape.noise * uniform();
			line += `,${value.toPrecision(6)}`;
		}
		return line;
	});
}
