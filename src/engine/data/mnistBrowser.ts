import { errorDetail } from '../failures';
import { DatasetError } from './datasetError';
import { parseIdxImages, parseIdxLabels } from './idx';
import { mnistFromIdxFiles, mnistSource } from './mnist';
import { MNIST_FILES, MNIST_RAW_BYTES, type MnistFileKey } from './mnistFiles';
import type { DataLoadProgress, DataSource, LoadedDataset } from './source';

/**
 * Loads MNIST from the app's own gzip assets (`<base>data/mnist/<file>.gz`, served by the Vite
 * plugin in dev and emitted into the build). Made to run in a Web Worker: no DOM, only fetch,
 * streams, DecompressionStream and the Cache API. The first load downloads about 11 MB; later
 * loads read the Cache API copy, stored only after the files parsed correctly.
 */

/** Bump the version when the served files change, so old copies are not reused. */
export const MNIST_CACHE_NAME = 'kairo-mnist-v1';

export interface MnistBrowserLoadOptions {
  /** Defaults to the global fetch (tests pass their own). */
  fetch?: typeof fetch;
  /** Defaults to the global `caches` when it exists; null turns caching off. */
  cacheStorage?: CacheStorage | null;
  cacheName?: string;
  signal?: AbortSignal;
  /** At most one 'download' event per this many milliseconds (default 50). */
  progressIntervalMs?: number;
}

type Bytes = Uint8Array<ArrayBuffer>;

function globalCacheStorage(): CacheStorage | null {
  return typeof caches === 'undefined' ? null : caches;
}

/** The URL of one gzip asset below `baseUrl` (a folder; a missing trailing slash is added). */
export function mnistAssetUrl(baseUrl: string | URL, file: string): string {
  const text = String(baseUrl);
  const folder = text.endsWith('/') ? text : `${text}/`;
  const here = typeof location === 'undefined' ? undefined : location.href;
  return new URL(`${file}.gz`, new URL(folder, here)).href;
}

class ProgressReporter {
  private readonly loaded = new Map<string, number>();
  private readonly totals = new Map<string, number | null>();
  private lastEmit = Number.NEGATIVE_INFINITY;
  filesFromCache = 0;

  constructor(
    private readonly fileCount: number,
    private readonly onProgress: ((progress: DataLoadProgress) => void) | undefined,
    private readonly intervalMs: number,
  ) {}

  started(file: string, total: number | null): void {
    this.totals.set(file, total);
    this.loaded.set(file, 0);
    this.emit('download', false);
  }

  received(file: string, bytes: number): void {
    this.loaded.set(file, bytes);
    this.emit('download', false);
  }

  /**
   * Bytes so far, all four files together: gzip bytes, or decompressed ones for a file whose server
   * set Content-Encoding (then fetch decompresses it on the way). The total is null until every
   * response has told its length.
   */
  emit(phase: DataLoadProgress['phase'], force: boolean): void {
    if (!this.onProgress) return;
    const now = typeof performance === 'undefined' ? Date.now() : performance.now();
    if (!force && now - this.lastEmit < this.intervalMs) return;
    this.lastEmit = now;
    let loadedBytes = 0;
    for (const value of this.loaded.values()) loadedBytes += value;
    let totalBytes: number | null = this.totals.size < this.fileCount ? null : 0;
    for (const value of this.totals.values()) totalBytes = value === null || totalBytes === null ? null : totalBytes + value;
    if (phase === 'done') totalBytes = loadedBytes;
    else if (totalBytes !== null) totalBytes = Math.max(totalBytes, loadedBytes);
    this.onProgress({
      phase,
      loaded: loadedBytes,
      total: totalBytes,
      unit: 'bytes',
      fromCache: this.filesFromCache === this.fileCount,
    });
  }
}

async function readBody(response: Response, file: string, url: string, progress: ProgressReporter): Promise<Bytes> {
  const lengthHeader = response.headers.get('content-length');
  const declared = lengthHeader === null ? null : Number(lengthHeader);
  const encoded = Boolean(response.headers.get('content-encoding'));
  // With Content-Encoding, fetch hands over decompressed bytes while Content-Length counts
  // compressed ones; measure against the known raw size then, so progress never passes 100 %.
  const rawSize = (MNIST_RAW_BYTES as Readonly<Record<string, number>>)[file];
  const total = encoded
    ? (rawSize ?? null)
    : declared !== null && Number.isFinite(declared)
      ? declared
      : null;
  progress.started(file, total);
  const chunks: Uint8Array[] = [];
  let received = 0;
  try {
    if (response.body) {
      const reader = response.body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value);
        received += value.length;
        progress.received(file, received);
      }
    } else {
      const whole = new Uint8Array(await response.arrayBuffer());
      chunks.push(whole);
      received = whole.length;
      progress.received(file, received);
    }
  } catch (error) {
    throw new DatasetError('DATA_DOWNLOAD_BROKE_OFF', { file: `${file}.gz`, url, received, detail: errorDetail(error) });
  }
  if (total !== null && received < total && !encoded) {
    throw new DatasetError('DATA_DOWNLOAD_TRUNCATED', { file: `${file}.gz`, url, expected: total, received });
  }
  const bytes = new Uint8Array(received);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return bytes;
}

function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

async function gunzip(bytes: Bytes, file: string): Promise<Bytes> {
  try {
    const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  } catch (error) {
    throw new DatasetError('DATA_NOT_GZIP', { file: `${file}.gz`, size: bytes.length, detail: errorDetail(error) });
  }
}

/** The decompressed IDX bytes of one downloaded file; checks the IDX header so a bad copy is caught early. */
async function decodeFile(bytes: Bytes, file: string, contentType: string | null): Promise<Bytes> {
  let raw: Bytes;
  if (isGzip(bytes)) {
    raw = await gunzip(bytes, file);
  } else if (contentType?.includes('text/html')) {
    // A dev server or a static host that does not know the file answers with the app's page
    // (the mnistAssets Vite plugin is not enabled there).
    throw new DatasetError('DATA_WEB_PAGE', { file: `${file}.gz` });
  } else {
    // The server sent the file with Content-Encoding: gzip and fetch already decompressed it.
    raw = bytes;
  }
  if (file.includes('-images-')) parseIdxImages(raw, file);
  else parseIdxLabels(raw, file);
  return raw;
}

interface LoadContext {
  fetch: typeof fetch;
  cache: Cache | null;
  signal: AbortSignal | undefined;
  progress: ProgressReporter;
}

async function fetchFromNetwork(url: string, file: string, context: LoadContext): Promise<Response> {
  let response: Response;
  try {
    response = await context.fetch(url, { signal: context.signal });
  } catch (error) {
    if (context.signal?.aborted) throw cancelled();
    throw new DatasetError('DATA_UNREACHABLE', { file: `${file}.gz`, url, detail: errorDetail(error) });
  }
  if (!response.ok) {
    const code = response.status === 404 ? 'DATA_NOT_FOUND' : 'DATA_HTTP_ERROR';
    throw new DatasetError(code, { file: `${file}.gz`, url, status: `${response.status} ${response.statusText}`.trimEnd() });
  }
  return response;
}

async function loadFile(url: string, file: string, context: LoadContext): Promise<{ raw: Bytes; fresh?: Bytes }> {
  if (context.cache) {
    const cached = await context.cache.match(url).catch(() => undefined);
    if (cached) {
      try {
        const bytes = await readBody(cached, file, url, context.progress);
        const raw = await decodeFile(bytes, file, cached.headers.get('content-type'));
        context.progress.filesFromCache++;
        return { raw };
      } catch {
        // A damaged cached copy is dropped and the file downloaded again.
        await context.cache.delete(url).catch(() => false);
      }
    }
  }
  const response = await fetchFromNetwork(url, file, context);
  const bytes = await readBody(response, file, url, context.progress);
  const raw = await decodeFile(bytes, file, response.headers.get('content-type'));
  return { raw, fresh: bytes };
}

function cancelled(): DatasetError {
  return new DatasetError('DATA_LOAD_CANCELLED');
}

async function openCache(storage: CacheStorage | null, name: string): Promise<Cache | null> {
  if (!storage) return null;
  try {
    return await storage.open(name);
  } catch {
    // Caching is an optimisation: without it (private mode, insecure origin) we just download.
    return null;
  }
}

/**
 * Downloads (or reads from the cache), decompresses and parses the four MNIST files below
 * `baseUrl`, e.g. `new URL(import.meta.env.BASE_URL + 'data/mnist/', location.href)`. In a worker a
 * relative URL resolves against the worker script, so pass an absolute one.
 * Rejects with `DatasetError` whose vars name the file (404, network, truncated, bad magic), or
 * DATA_LOAD_CANCELLED once `options.signal` aborts.
 */
export async function loadMnistInBrowser(
  baseUrl: string | URL,
  onProgress?: (progress: DataLoadProgress) => void,
  options: MnistBrowserLoadOptions = {},
): Promise<LoadedDataset> {
  const keys = Object.keys(MNIST_FILES) as MnistFileKey[];
  const cacheStorage = options.cacheStorage === undefined ? globalCacheStorage() : options.cacheStorage;
  // One failed file stops the other downloads instead of letting them run on unused.
  const stopOthers = new AbortController();
  const outer = options.signal;
  if (outer?.aborted) stopOthers.abort(outer.reason);
  outer?.addEventListener('abort', () => stopOthers.abort(outer.reason), { once: true });
  const context: LoadContext = {
    fetch: options.fetch ?? fetch.bind(globalThis),
    cache: await openCache(cacheStorage, options.cacheName ?? MNIST_CACHE_NAME),
    signal: stopOthers.signal,
    progress: new ProgressReporter(keys.length, onProgress, options.progressIntervalMs ?? 50),
  };
  const urls = keys.map((key) => mnistAssetUrl(baseUrl, MNIST_FILES[key]));
  const loaded = await Promise.all(
    keys.map((key, i) =>
      loadFile(urls[i] as string, MNIST_FILES[key], context).catch((error: unknown) => {
        stopOthers.abort();
        throw outer?.aborted ? cancelled() : error;
      }),
    ),
  );
  if (outer?.aborted) throw cancelled();
  context.progress.emit('decode', true);
  const files = Object.fromEntries(keys.map((key, i) => [key, loaded[i]?.raw as Bytes])) as Record<MnistFileKey, Bytes>;
  const data = mnistFromIdxFiles(files);

  const { cache } = context;
  if (cache) {
    await Promise.all(
      loaded.map(async (file, i) => {
        if (!file.fresh) return;
        const response = new Response(file.fresh, {
          headers: { 'Content-Type': 'application/gzip', 'Content-Length': String(file.fresh.length) },
        });
        // A full quota only costs the next load a download; it is not an error of this one.
        await cache.put(urls[i] as string, response).catch(() => undefined);
      }),
    );
  }
  context.progress.emit('done', true);
  return data;
}

/** MNIST from the app's own assets below `baseUrl`, as a data source. */
export function mnistBrowserSource(baseUrl: string | URL, options: Omit<MnistBrowserLoadOptions, 'signal'> = {}): DataSource {
  return mnistSource(({ onProgress, signal }) =>
    loadMnistInBrowser(baseUrl, onProgress, { ...options, ...(signal ? { signal } : {}) }),
  );
}
