import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/**
 * The layer rules of ARCHITECTURE.md are ESLint `no-restricted-imports` fences (eslint.config.js).
 * These tests lint small snippets as if they sat in each folder, so a fence that stops working fails here.
 */
const eslint = new ESLint({ cwd: process.cwd() });

async function fenceErrors(filePath: string, code: string): Promise<string[]> {
	const [result] = await eslint.lintText(code, { filePath });
	return (result?.messages ?? [])
		.filter((message) => message.ruleId === 'no-restricted-imports')
		.map((message) => message.message);
}

describe('layer fences', () => {
	it.each([
		['src/lib/core/fence-probe.ts', "import Dexie from 'dexie';\nexport const d = Dexie;\n"],
		[
			'src/lib/core/fence-probe.ts',
			"import * as tf from '@tensorflow/tfjs';\nexport const t = tf;\n"
		],
		['src/lib/core/fence-probe.ts', "import { x } from '../db/db';\nexport const y = x;\n"],
		[
			'src/lib/core/fence-probe.ts',
			"import { x } from '$lib/state/live-stream.svelte';\nexport const y = x;\n"
		],
		['src/lib/ml/fence-probe.ts', "import { x } from '../db/db';\nexport const y = x;\n"],
		['src/lib/io/fence-probe.ts', "import { x } from '$lib/ml/model';\nexport const y = x;\n"],
		[
			'src/lib/state/fence-probe.ts',
			"import * as tf from '@tensorflow/tfjs';\nexport const t = tf;\n"
		],
		['src/lib/state/fence-probe.ts', "import { x } from '../ml/model';\nexport const y = x;\n"],
		[
			'src/lib/components/chart/fence-probe.ts',
			"import { x } from '../../io/simulator';\nexport const y = x;\n"
		],
		['src/routes/fence-probe.ts', "import Dexie from 'dexie';\nexport const d = Dexie;\n"],
		[
			'workers/fence-probe.ts',
			"import { x } from '../src/lib/state/live-stream.svelte';\nexport const y = x;\n"
		]
	])('%s may not: %s', async (file, code) => {
		const errors = await fenceErrors(file, code);
		expect(errors).toHaveLength(1);
		expect(errors[0]).toMatch(/Layer fence: /);
	});

	it.each([
		[
			'src/lib/core/fence-probe.ts',
			"import { assert } from './assert';\nexport const a = assert;\n"
		],
		[
			'src/lib/ml/fence-probe.ts',
			"import { assert } from '../core/assert';\nexport const a = assert;\n"
		],
		[
			'src/lib/state/fence-probe.ts',
			"import { PumpSimulator } from '../io/simulator';\nexport const p = PumpSimulator;\n"
		],
		[
			'src/lib/components/fence-probe.ts',
			"import { theme } from '$lib/state/theme.svelte';\nexport const t = theme;\n"
		],
		[
			'workers/fence-probe.ts',
			"import { assert } from '../src/lib/core/assert';\nexport const a = assert;\n"
		]
	])('%s may: %s', async (file, code) => {
		expect(await fenceErrors(file, code)).toEqual([]);
	});
});
