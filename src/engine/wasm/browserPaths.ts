// Browser only (Vite): `?url` makes Vite emit each file as an asset, unchanged, and hand back its URL.
// Node code must not import this file; there the files are found in node_modules (nodeAssets.ts).
import wasmUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import simdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import threadedUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
// The Emscripten script of the threaded build, as shipped: the threads' workers load this file
// (never a minified copy, see threadedBackend.ts).
import threadedScriptUrl from '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js?url';
import { wasmWorkerContents } from '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.worker.js';
import type { WasmBinaryName } from './setup';
import { loadableWorkerSource, type ThreadedWasmSources } from './threadedBackend';

/** URLs of the single-threaded WASM binaries as served by the app, for initWasmBackend's `wasmPaths`. */
export function wasmPathsForBrowser(): Record<WasmBinaryName, string> {
  return {
    'tfjs-backend-wasm.wasm': wasmUrl,
    'tfjs-backend-wasm-simd.wasm': simdUrl,
    'tfjs-backend-wasm-threaded-simd.wasm': threadedUrl,
  };
}

async function compileFromUrl(url: string): Promise<WebAssembly.Module> {
  const response = await fetch(url, { credentials: 'same-origin' });
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  // Streaming compilation needs the application/wasm type; a host that sends another compiles it whole.
  if (typeof WebAssembly.compileStreaming === 'function' && response.headers.get('content-type')?.startsWith('application/wasm')) {
    return WebAssembly.compileStreaming(response);
  }
  return WebAssembly.compile(await response.arrayBuffer());
}

let workerScriptUrl: string | undefined;

/** The threaded build's files as served by the app, for initWasmBackend's `threaded`. */
export function threadedWasmSourcesForBrowser(): ThreadedWasmSources {
  workerScriptUrl ??= URL.createObjectURL(new Blob([loadableWorkerSource(wasmWorkerContents)], { type: 'text/javascript' }));
  return {
    script: new URL(threadedScriptUrl, self.location.href).href,
    workerScript: workerScriptUrl,
    compileBinary: () => compileFromUrl(threadedUrl),
  };
}
