// @ts-check
import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

/**
 * The layer fences of ARCHITECTURE.md, enforced. Each entry names a folder, the sibling layers it
 * must not import and the packages it must not import. Layers are matched after `$lib/` or any run
 * of `../`, so both alias and relative imports are caught.
 */
const LAYER_FENCES = [
	{
		files: ['src/lib/core/**'],
		layers: ['ml', 'db', 'io', 'state', 'components', 'workers'],
		packages: ['@tensorflow', 'dexie', 'comlink', 'svelte', 'uplot', '\\$app', '\\$env'],
		why: 'core is pure TypeScript: no DOM, tfjs, Dexie or Svelte'
	},
	{
		files: ['src/lib/ml/**'],
		layers: ['db', 'io', 'state', 'components', 'workers'],
		packages: ['dexie', 'comlink', 'svelte', 'uplot', '\\$app'],
		why: 'ml is environment-agnostic tfjs: it must run unchanged in a worker and in Node'
	},
	{
		files: ['src/lib/db/**'],
		layers: ['ml', 'io', 'state', 'components', 'workers'],
		packages: ['@tensorflow', 'comlink', 'svelte', 'uplot', '\\$app'],
		why: 'db holds the Dexie schema and queries only'
	},
	{
		files: ['src/lib/io/**'],
		layers: ['ml', 'db', 'state', 'components', 'workers'],
		packages: ['@tensorflow', 'dexie', 'comlink', 'svelte', 'uplot', '\\$app'],
		why: 'io sources depend on core only; browser globals are injected'
	},
	{
		files: ['workers/**'],
		layers: ['state', 'components', 'routes'],
		packages: ['svelte', 'uplot', '\\$app'],
		why: 'workers are thin Comlink entry points with no UI'
	},
	{
		files: ['src/lib/state/**'],
		layers: ['ml', 'components'],
		packages: ['@tensorflow'],
		why: 'tfjs never loads on the main thread; state talks to workers through their clients'
	},
	{
		files: ['src/lib/components/**', 'src/routes/**'],
		layers: ['db', 'ml', 'io', 'workers'],
		packages: ['@tensorflow', 'dexie', 'comlink'],
		why: 'components and routes get behaviour from state only'
	}
];

/** @param {(typeof LAYER_FENCES)[number]} fence */
function fenceRule(fence) {
	const layerRegex = `^(\\$lib/|(\\.\\./)+|(\\.\\./)*src/lib/)(${fence.layers.join('|')})(/|$)`;
	const packageRegex = `^(${fence.packages.join('|')})(/|$)`;
	return {
		files: fence.files,
		rules: {
			'no-restricted-imports': [
				'error',
				{
					patterns: [
						{ regex: layerRegex, message: `Layer fence: ${fence.why}.` },
						{ regex: packageRegex, message: `Layer fence: ${fence.why}.` }
					]
				}
			]
		}
	};
}

export default ts.config(
	js.configs.recommended,
	...ts.configs.recommended,
	...svelte.configs.recommended,
	{
		languageOptions: { globals: { ...globals.browser, ...globals.node } },
		rules: {
			'@typescript-eslint/consistent-type-imports': 'error',
			'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
			'no-undef': 'off'
		}
	},
	{
		files: ['**/*.svelte', '**/*.svelte.ts', '**/*.svelte.js'],
		languageOptions: {
			parserOptions: {
				projectService: true,
				extraFileExtensions: ['.svelte'],
				parser: ts.parser,
				svelteConfig
			}
		}
	},
	...LAYER_FENCES.map(fenceRule),
	{
		ignores: [
			'build/',
			'.svelte-kit/',
			'node_modules/',
			'test-results/',
			'playwright-report/',
			'bench/out/',
			'static/'
		]
	}
);

export { LAYER_FENCES };
