import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * core/ is type-checked with no DOM and no Node types (src/lib/core/tsconfig.json, run by
 * `npm run check`). This proves the check bites: a probe file in core that touches the DOM or
 * Node globals fails to compile under that configuration, and plain TypeScript passes.
 */
const CONFIG_PATH = resolve('src/lib/core/tsconfig.json');

function diagnosticsFor(probe: string): string[] {
	const { config } = ts.parseConfigFileTextToJson(CONFIG_PATH, readFileSync(CONFIG_PATH, 'utf8'));
	const { options } = ts.parseJsonConfigFileContent(config, ts.sys, dirname(CONFIG_PATH));
	const probePath = join(dirname(CONFIG_PATH), 'realm-probe.ts');
	const host = ts.createCompilerHost(options);
	const readFile = host.readFile.bind(host);
	const getSourceFile = host.getSourceFile.bind(host);
	host.readFile = (file) => (file === probePath ? probe : readFile(file));
	host.fileExists = (file) => file === probePath || ts.sys.fileExists(file);
	host.getSourceFile = (file, language) =>
		file === probePath ? ts.createSourceFile(file, probe, language) : getSourceFile(file, language);
	const program = ts.createProgram([probePath], options, host);
	return ts
		.getPreEmitDiagnostics(program)
		.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

describe('core type realm', () => {
	it.each([
		['document', 'export const title = document.title;\n'],
		['window', 'export const width = window.innerWidth;\n'],
		['Buffer', "export const bytes = Buffer.from('x');\n"],
		['process', 'export const env = process.env;\n']
	])('rejects %s', (name, probe) => {
		expect(diagnosticsFor(probe)).toContainEqual(
			expect.stringContaining(`Cannot find name '${name}'`)
		);
	});

	it('accepts plain TypeScript with typed arrays', () => {
		expect(diagnosticsFor('export const x: Float32Array = new Float32Array(4);\n')).toEqual([]);
	});
});
