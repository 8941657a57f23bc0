// @ts-check
/** Shared by the benchmarks: the machine line, a server wait, and their section of docs/benchmarks.md. */
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import * as prettier from 'prettier';

const REPORT_FILE = 'docs/benchmarks.md';

/** "2026-11-23 on 2 × AMD EPYC, 24 GiB" */
export function measuredOn() {
	const cpu = cpus();
	return `${new Date().toISOString().slice(0, 10)} on ${cpu.length} × ${cpu[0]?.model.trim()}, ${Math.round(totalmem() / 2 ** 30)} GiB`;
}

/**
 * Replaces the lines between `<!-- bench:NAME:start -->` and `<!-- bench:NAME:end -->` in
 * docs/benchmarks.md (or appends them under `heading` the first time), formatted by Prettier.
 * @param {string} name @param {string} heading @param {string[]} lines
 */
export async function writeBenchSection(name, heading, lines) {
	const start = `<!-- bench:${name}:start -->`;
	const end = `<!-- bench:${name}:end -->`;
	const section = [start, ...lines, end].join('\n');
	const current = readFileSync(REPORT_FILE, 'utf8');
	const updated = current.includes(start)
		? current.slice(0, current.indexOf(start)) +
			section +
			current.slice(current.indexOf(end) + end.length)
		: `${current.trimEnd()}\n\n## ${heading}\n\n${section}\n`;
	// Formatted as `npm run lint` expects, so a benchmark run leaves the repository clean.
	const options = (await prettier.resolveConfig(REPORT_FILE)) ?? {};
	writeFileSync(REPORT_FILE, await prettier.format(updated, { ...options, filepath: REPORT_FILE }));
	console.log(`updated ${REPORT_FILE}`);
}

/** Resolves once `url` answers, or throws after about 30 s. @param {string} url */
export async function waitForServer(url) {
	for (let attempt = 0; attempt < 150; attempt++) {
		try {
			if ((await fetch(url)).ok) return;
		} catch {
			/* not up yet */
		}
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
	throw new Error(`server did not start at ${url}`);
}
