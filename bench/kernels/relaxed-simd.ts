/**
 * Imported first by bench/kernels.bench.ts, before anything compiles WebAssembly: turns on relaxed
 * SIMD in Node 20's V8 (it is behind a flag there; on by default in Chrome 114+ and Node 22+), so
 * the benchmark times the fused kernels' relaxed-SIMD (fused multiply-add) binary, the one the app
 * runs in Chrome. `--plain-simd` keeps the plain 128-bit SIMD binary instead.
 */
import { setFlagsFromString } from 'node:v8';

if (!process.argv.includes('--plain-simd')) setFlagsFromString('--experimental-wasm-relaxed-simd');
