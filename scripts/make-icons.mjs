// @ts-check
/**
 * Draws Vigil's app icons (a pulse line with one anomalous spike) and writes them as PNG into
 * static/icons/. Run with `npm run icons` after changing the design; the PNGs are committed.
 * Written by hand (zlib + a tiny PNG encoder) so the repo needs no image tool.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const BACKGROUND = [14, 116, 144]; // #0e7490
const LINE = [255, 255, 255];
const SPIKE = [251, 191, 36]; // #fbbf24

/** The pulse, in unit coordinates (0..1, y down): flat, a bump, the spike, flat. */
const PULSE = [
	[0.12, 0.58],
	[0.3, 0.58],
	[0.37, 0.5],
	[0.44, 0.62],
	[0.5, 0.58],
	[0.56, 0.58],
	[0.62, 0.22],
	[0.68, 0.78],
	[0.73, 0.58],
	[0.88, 0.58]
];

/** @param {number} px @param {number} py @param {number[]} a @param {number[]} b */
function distanceToSegment(px, py, a, b) {
	const [ax, ay] = /** @type {[number, number]} */ (a);
	const [bx, by] = /** @type {[number, number]} */ (b);
	const dx = bx - ax;
	const dy = by - ay;
	const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
	return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

/**
 * @param {number} size pixels
 * @param {{ safeZone: number, rounded: boolean }} layout safeZone: share of the icon the art may use
 */
function draw(size, { safeZone, rounded }) {
	const rgba = Buffer.alloc(size * size * 4);
	const radius = rounded ? size * 0.18 : 0;
	const lineWidth = 0.055 * safeZone;
	for (let y = 0; y < size; y++) {
		for (let x = 0; x < size; x++) {
			const i = (y * size + x) * 4;
			// Rounded-rectangle coverage (anti-aliased by distance to the corner circle).
			const cx = Math.min(Math.max(x + 0.5, radius), size - radius);
			const cy = Math.min(Math.max(y + 0.5, radius), size - radius);
			const corner = radius > 0 ? Math.hypot(x + 0.5 - cx, y + 0.5 - cy) - radius : -1;
			const alpha = Math.max(0, Math.min(1, 0.5 - corner));
			// Art coordinates: the safe zone centred in the icon.
			const ux = ((x + 0.5) / size - 0.5) / safeZone + 0.5;
			const uy = ((y + 0.5) / size - 0.5) / safeZone + 0.5;
			let colour = BACKGROUND;
			let best = Infinity;
			let segment = -1;
			for (let s = 0; s < PULSE.length - 1; s++) {
				const d = distanceToSegment(
					ux,
					uy,
					/** @type {number[]} */ (PULSE[s]),
					/** @type {number[]} */ (PULSE[s + 1])
				);
				if (d < best) [best, segment] = [d, s];
			}
			const coverage = Math.max(0, Math.min(1, (lineWidth / 2 - best) * size * safeZone + 0.5));
			const ink = segment === 5 || segment === 6 ? SPIKE : LINE;
			colour = colour.map((c, k) =>
				Math.round(c * (1 - coverage) + /** @type {number} */ (ink[k]) * coverage)
			);
			rgba.set([...colour, Math.round(alpha * 255)], i);
		}
	}
	return encodePng(size, rgba);
}

/** @param {number} size @param {Buffer} rgba */
function encodePng(size, rgba) {
	const raw = Buffer.alloc(size * (size * 4 + 1));
	for (let y = 0; y < size; y++)
		rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
	const header = Buffer.alloc(13);
	header.writeUInt32BE(size, 0);
	header.writeUInt32BE(size, 4);
	header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA
	return Buffer.concat([
		Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
		chunk('IHDR', header),
		chunk('IDAT', deflateSync(raw, { level: 9 })),
		chunk('IEND', Buffer.alloc(0))
	]);
}

/** @param {string} type @param {Buffer} data */
function chunk(type, data) {
	const length = Buffer.alloc(4);
	length.writeUInt32BE(data.length);
	const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(crc32(body));
	return Buffer.concat([length, body, crc]);
}

/** @param {Buffer} bytes */
function crc32(bytes) {
	let crc = 0xffffffff;
	for (const byte of bytes) {
		crc ^= byte;
		for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
	}
	return (crc ^ 0xffffffff) >>> 0;
}

mkdirSync('static/icons', { recursive: true });
for (const size of [192, 512]) {
	writeFileSync(`static/icons/icon-${size}.png`, draw(size, { safeZone: 0.9, rounded: true }));
	// Maskable: full bleed, art inside the 80 % safe circle the platform may crop to.
	writeFileSync(`static/icons/maskable-${size}.png`, draw(size, { safeZone: 0.7, rounded: false }));
}
writeFileSync('static/icons/apple-touch-icon.png', draw(180, { safeZone: 0.8, rounded: false }));
console.log('icons written to static/icons/');
