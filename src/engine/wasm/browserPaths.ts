// Browser only (Vite): `?url` makes Vite emit each binary as an asset and hand back its URL.
// Node code must not import this file; there initWasmBackend finds the files in node_modules.
import wasmUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import simdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import type { WasmBinaryName } from './setup';

/**
 * URLs of the WASM backend's binaries as served by the app, for initWasmBackend's `wasmPaths`.
 * Threads stay off (see prepareWasmBackend), so the threaded binary is never fetched: its entry
 * points at the SIMD file only because setWasmPaths insists on all three names, and this way the
 * build does not ship a multi-megabyte file nobody loads.
 */
export function wasmPathsForBrowser(): Record<WasmBinaryName, string> {
  return {
    'tfjs-backend-wasm.wasm': wasmUrl,
    'tfjs-backend-wasm-simd.wasm': simdUrl,
    'tfjs-backend-wasm-threaded-simd.wasm': simdUrl,
  };
}
