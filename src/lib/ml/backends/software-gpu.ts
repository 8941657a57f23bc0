/**
 * Recognising GPU emulation in software (SwiftShader, llvmpipe …). Browsers without a usable GPU
 * still offer WebGPU and WebGL on such renderers: correct, but their shader warm-up takes seconds
 * and every batch runs slower than WebAssembly (BROWSER.md), so the backend choice must not
 * spend a user's first minute timing them. Pure: the probe passes in what the browser reported.
 */

/** A backend found running on GPU emulation in software, and what showed it. */
export interface SoftwareGpu {
	/** The emulator's name for people: "SwiftShader", "llvmpipe", "WebGPU fallback adapter" … */
	renderer: string;
	/** What the browser reported that gave it away (the adapter's flag and info, the GL renderer). */
	evidence: string;
}

/**
 * Names of software rasterisers as they appear in WebGL renderer strings and WebGPU adapter
 * info: Chromium's SwiftShader ("ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) …),
 * SwiftShader driver)", WebGPU architecture "swiftshader"), Mesa's llvmpipe / lavapipe /
 * softpipe, Windows' WARP ("Microsoft Basic Render Driver"), "Apple Software Renderer" and other
 * "… Software …" renderers. Order matters: the first match names the renderer.
 */
const SOFTWARE_RENDERERS: readonly (readonly [RegExp, string])[] = [
	[/swiftshader/i, 'SwiftShader'],
	[/llvmpipe/i, 'llvmpipe'],
	[/lavapipe/i, 'lavapipe'],
	[/softpipe/i, 'softpipe'],
	[/basic render driver/i, 'Microsoft Basic Render Driver'],
	[/software/i, 'a software renderer']
];

function rendererNamed(text: string): string | undefined {
	return SOFTWARE_RENDERERS.find(([pattern]) => pattern.test(text))?.[1];
}

/** What a WebGPU adapter says about itself (`GPUAdapter` and its `info`, all optional). */
export interface WebGpuAdapterFacts {
	/** Older Chromium: on the adapter; newer: on `info` (both are read). */
	isFallbackAdapter?: boolean;
	info?: {
		vendor?: string;
		architecture?: string;
		device?: string;
		description?: string;
		isFallbackAdapter?: boolean;
	};
}

/**
 * A WebGPU adapter is software when the browser flags it as the fallback adapter (WebGPU's term
 * for "may be software, much slower") or its info names a software rasteriser. Undefined when
 * nothing says so (a real GPU, or a browser that reveals nothing: then it is timed as before).
 */
export function softwareWebGpu(adapter: WebGpuAdapterFacts): SoftwareGpu | undefined {
	const info = adapter.info ?? {};
	const fallback = adapter.isFallbackAdapter === true || info.isFallbackAdapter === true;
	const described = [info.vendor, info.architecture, info.device, info.description]
		.filter((part): part is string => typeof part === 'string' && part.length > 0)
		.join(' ');
	const named = rendererNamed(described);
	if (!fallback && !named) return undefined;
	const evidence = [
		fallback ? 'fallback adapter' : '',
		described ? `adapter info "${described}"` : ''
	].filter(Boolean);
	return { renderer: named ?? 'WebGPU fallback adapter', evidence: evidence.join(', ') };
}

/**
 * A WebGL renderer string (`WEBGL_debug_renderer_info`'s unmasked renderer, else `RENDERER`) that
 * names a software rasteriser. Undefined for real GPUs and for masked strings ("WebKit WebGL").
 */
export function softwareWebGl(renderer: string | undefined): SoftwareGpu | undefined {
	if (!renderer) return undefined;
	const named = rendererNamed(renderer);
	return named ? { renderer: named, evidence: `WebGL renderer "${renderer}"` } : undefined;
}

/** The part of a WebGL context this reads (typed here: ml compiles without DOM types in Node). */
export interface WebGlLike {
	getExtension(name: string): unknown;
	getParameter(parameter: number): unknown;
}

/** `RENDERER` and `WEBGL_debug_renderer_info`'s `UNMASKED_RENDERER_WEBGL` (WebGL constants). */
const GL_RENDERER = 0x1f01;
const UNMASKED_RENDERER_WEBGL = 0x9246;

/**
 * The renderer of a WebGL context: the unmasked one when the browser exposes
 * `WEBGL_debug_renderer_info` (Chromium does), else `RENDERER` (Firefox puts the real name there).
 */
export function webGlRenderer(gl: WebGlLike): string | undefined {
	const read = (parameter: number) => {
		const value = gl.getParameter(parameter);
		return typeof value === 'string' && value.length > 0 ? value : undefined;
	};
	try {
		const unmasked = gl.getExtension('WEBGL_debug_renderer_info')
			? read(UNMASKED_RENDERER_WEBGL)
			: undefined;
		return unmasked ?? read(GL_RENDERER);
	} catch {
		// A lost context throws here in some browsers: the backend is then timed as before.
		return undefined;
	}
}
