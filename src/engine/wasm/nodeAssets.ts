/**
 * Where the WASM backend's files are when Kairo runs in Node (CLI, tests, bench): in the
 * package's folders in node_modules. Node modules are imported through specifiers held in
 * variables, so that a bundler building the browser app never tries to pull them in.
 */
import { loadableWorkerSource, type ThreadedWasmSources } from './threadedBackend';

export interface NodeWasmAssets {
  /** The dist folder with the three .wasm binaries, ending in a path separator. */
  folder: string;
  threaded: ThreadedWasmSources;
}

function isNode(): boolean {
  return typeof process !== 'undefined' && typeof process.versions?.node === 'string';
}

async function importNode<T>(specifier: string): Promise<T> {
  return (await import(/* @vite-ignore */ specifier)) as T;
}

let workerScriptPath: Promise<string> | undefined;

/**
 * The thread workers' entry script as a file: the package ships it only as a string inside a
 * CommonJS module. Written once per process to a fresh temporary folder, removed at exit.
 */
function writeWorkerScript(contents: string): Promise<string> {
  workerScriptPath ??= (async () => {
    const fs = await importNode<typeof import('node:fs')>('node:fs');
    const os = await importNode<typeof import('node:os')>('node:os');
    const path = await importNode<typeof import('node:path')>('node:path');
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'kairo-wasm-threads-'));
    const file = path.join(folder, 'tfjs-backend-wasm-threaded-simd.worker.js');
    fs.writeFileSync(file, contents);
    process.once('exit', () => fs.rmSync(folder, { recursive: true, force: true }));
    return file;
  })();
  return workerScriptPath;
}

/** The WASM files in node_modules; undefined outside Node. */
export async function nodeWasmAssets(): Promise<NodeWasmAssets | undefined> {
  if (!isNode()) return undefined;
  const { createRequire } = await importNode<typeof import('node:module')>('node:module');
  const path = await importNode<typeof import('node:path')>('node:path');
  const fs = await importNode<typeof import('node:fs/promises')>('node:fs/promises');
  const require = createRequire(import.meta.url);
  const folder = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm')) + path.sep;
  const script = require.resolve('@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js');
  const { wasmWorkerContents } = require('@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.worker.js') as {
    wasmWorkerContents: string;
  };
  return {
    folder,
    threaded: {
      script,
      workerScript: await writeWorkerScript(loadableWorkerSource(wasmWorkerContents)),
      compileBinary: async () => WebAssembly.compile(await fs.readFile(path.join(folder, 'tfjs-backend-wasm-threaded-simd.wasm'))),
    },
  };
}
