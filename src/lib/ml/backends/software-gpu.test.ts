import { describe, expect, it } from 'vitest';
import { softwareWebGl, softwareWebGpu, webGlRenderer, type WebGlLike } from './software-gpu';

/** Renderer strings as browsers report them (Chromium's ANGLE strings, Mesa, Windows, Apple). */
const SWIFTSHADER_GL =
	'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)';
const HARDWARE_GL = [
	'ANGLE (NVIDIA, NVIDIA GeForce RTX 3060 (0x00002503) Direct3D11 vs_5_0 ps_5_0, D3D11)',
	'ANGLE (Intel, Mesa Intel(R) UHD Graphics 620 (KBL GT2), OpenGL 4.6)',
	'ANGLE (Apple, ANGLE Metal Renderer: Apple M2, Unspecified Version)',
	'Adreno (TM) 650',
	'Mali-G78',
	'WebKit WebGL'
];

describe('softwareWebGl', () => {
	it('names the software rasterisers behind a WebGL renderer string', () => {
		expect(softwareWebGl(SWIFTSHADER_GL)).toEqual({
			renderer: 'SwiftShader',
			evidence: `WebGL renderer "${SWIFTSHADER_GL}"`
		});
		expect(softwareWebGl('Google SwiftShader')?.renderer).toBe('SwiftShader');
		expect(softwareWebGl('llvmpipe (LLVM 15.0.6, 256 bits)')?.renderer).toBe('llvmpipe');
		expect(
			softwareWebGl('ANGLE (Mesa, llvmpipe (LLVM 15.0.6 256 bits), OpenGL 4.5)')?.renderer
		).toBe('llvmpipe');
		expect(
			softwareWebGl('ANGLE (Microsoft, Microsoft Basic Render Driver Direct3D11 vs_5_0 ps_5_0)')
				?.renderer
		).toBe('Microsoft Basic Render Driver');
		expect(softwareWebGl('Apple Software Renderer')?.renderer).toBe('a software renderer');
	});

	it('leaves real GPUs, masked strings and nothing alone', () => {
		for (const renderer of HARDWARE_GL) expect(softwareWebGl(renderer), renderer).toBeUndefined();
		expect(softwareWebGl(undefined)).toBeUndefined();
		expect(softwareWebGl('')).toBeUndefined();
	});
});

describe('softwareWebGpu', () => {
	it("recognises Chromium's SwiftShader adapter by its info and by the fallback flag", () => {
		const swiftShader = { vendor: 'google', architecture: 'swiftshader', description: '' };
		expect(softwareWebGpu({ info: swiftShader })).toEqual({
			renderer: 'SwiftShader',
			evidence: 'adapter info "google swiftshader"'
		});
		expect(softwareWebGpu({ info: { ...swiftShader, isFallbackAdapter: true } })).toEqual({
			renderer: 'SwiftShader',
			evidence: 'fallback adapter, adapter info "google swiftshader"'
		});
		// Older Chromium kept the flag on the adapter; some browsers reveal no info at all.
		expect(softwareWebGpu({ isFallbackAdapter: true, info: {} })).toEqual({
			renderer: 'WebGPU fallback adapter',
			evidence: 'fallback adapter'
		});
		expect(
			softwareWebGpu({ info: { vendor: 'mesa', description: 'llvmpipe (LLVM 15.0.6, 256 bits)' } })
				?.renderer
		).toBe('llvmpipe');
	});

	it('leaves real GPUs and adapters that say nothing alone', () => {
		expect(
			softwareWebGpu({
				info: { vendor: 'nvidia', architecture: 'hopper' },
				isFallbackAdapter: false
			})
		).toBeUndefined();
		expect(softwareWebGpu({ info: { vendor: 'apple', architecture: 'metal-3' } })).toBeUndefined();
		expect(softwareWebGpu({ info: { vendor: 'intel', architecture: 'gen-12lp' } })).toBeUndefined();
		expect(softwareWebGpu({})).toBeUndefined();
	});
});

describe('webGlRenderer', () => {
	/** A stand-in with only the two calls the function makes (Node has no WebGL). */
	function context(parameters: Record<number, unknown>, debugInfo: boolean): WebGlLike {
		return {
			getExtension: (name) => (debugInfo && name === 'WEBGL_debug_renderer_info' ? {} : null),
			getParameter: (parameter) => parameters[parameter] ?? null
		};
	}

	it('prefers the unmasked renderer and falls back to RENDERER when it is hidden or empty', () => {
		const both = { 0x1f01: 'WebKit WebGL', 0x9246: SWIFTSHADER_GL };
		expect(webGlRenderer(context(both, true))).toBe(SWIFTSHADER_GL);
		expect(webGlRenderer(context(both, false))).toBe('WebKit WebGL');
		expect(webGlRenderer(context({ 0x1f01: 'Mali-G78', 0x9246: '' }, true))).toBe('Mali-G78');
		expect(webGlRenderer(context({}, true))).toBeUndefined();
	});

	it('survives a context that throws (lost context)', () => {
		const lost: WebGlLike = {
			getExtension: () => ({}),
			getParameter: () => {
				throw new Error('context lost');
			}
		};
		expect(webGlRenderer(lost)).toBeUndefined();
	});
});
