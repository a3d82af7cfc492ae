/**
 * Image folders and zips on disk, imported the way the CLI does (the browser shares everything but
 * the decoder): classes from folder names, JPEG and PNG decoded and fitted, bad files skipped and
 * named, hostile layouts refused with their reason, a zip bomb stopped while inflating.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { zipSync } from 'fflate';
import UTIF from 'utif2';
import { afterAll, describe, expect, it } from 'vitest';
import { DatasetError } from '../../src/engine/data/datasetError';
import { fitRectangles } from '../../src/engine/data/imageFit';
import { layoutImageFolder } from '../../src/engine/data/imageLayout';
import { imagesToDataset } from '../../src/engine/data/imageSamples';
import { checkPixelBudget, PIXEL_BUDGET_BYTES } from '../../src/engine/data/memoryBudget';
import { importImagesFromDisk } from '../../src/engine/data/nodeFiles';
import { imageFormatOf } from '../../src/engine/data/imageFormat';
import { fitPixels } from '../../src/engine/data/resample';
import { MAX_TIFF_MEGAPIXELS } from '../../src/engine/data/tiffDecode';
import { listZip, readZipEntries } from '../../src/engine/data/zip';
import { drawPicture, encodeBmp, encodeGif, encodeJpeg, encodePng, encodeTiff, imageSetFiles, writeFiles, zipFiles } from '../data/imageSets';
import { mulberry32 } from '../../src/engine/data/seededRandom';

const roots: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'kairo-images-'));
  roots.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of roots) rmSync(dir, { recursive: true, force: true });
});

const RGB32 = { size: 32, channels: 3, fit: 'squash' } as const;

async function refusal(promise: Promise<unknown>): Promise<DatasetError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DatasetError) return error;
    throw error;
  }
  throw new Error('expected a DatasetError');
}

describe('a folder of class folders', () => {
  it('imports JPEG and PNG images per class, sorted, with counts, shape and a stable fingerprint', async () => {
    const files = imageSetFiles({ shapes: ['disc', 'square', 'stripes'], perClass: 6, seed: 1, vary: true });
    const root = writeFiles(path.join(tempDir(), 'shapes'), files);
    const progress: number[] = [];
    const collection = await importImagesFromDisk(root, undefined, RGB32, { onProgress: (event) => progress.push(event.loaded) });
    expect(collection.reference).toMatchObject({ kind: 'images', name: 'shapes', classNames: ['disc', 'square', 'stripes'], trainCounts: [6, 6, 6], testCounts: [] });
    expect(collection.reference.fingerprint).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(collection.train.pixels.length).toBe(18 * 32 * 32 * 3);
    expect(collection.skipped).toEqual([]);
    expect(progress.at(-1)).toBe(18);

    // The same files copied elsewhere (another name for the folder) give the same fingerprint.
    const again = await importImagesFromDisk(writeFiles(path.join(tempDir(), 'shapes'), files), undefined, { ...RGB32, size: 16 });
    expect(again.reference.fingerprint).toBe(collection.reference.fingerprint);
  });

  it('skips and names non-images, empty and damaged files; ignores system files', async () => {
    const files = imageSetFiles({ shapes: ['disc', 'square'], perClass: 3, seed: 2 });
    files.set('disc/notes.txt', new TextEncoder().encode('measured on Monday'));
    files.set('disc/empty.jpg', new Uint8Array());
    const jpegBytes = files.get('square/square-000.jpg') as Uint8Array;
    files.set('square/cut.jpg', jpegBytes.slice(0, 40));
    files.set('square/.DS_Store', new Uint8Array([0, 1, 2]));
    files.set('readme.md', new TextEncoder().encode('# shapes'));
    const collection = await importImagesFromDisk(writeFiles(path.join(tempDir(), 'shapes'), files), undefined, RGB32);
    expect(collection.skipped.map((file) => [file.path, file.reason])).toEqual([
      ['shapes/disc/empty.jpg', 'empty'],
      ['shapes/disc/notes.txt', 'notImage'],
      ['shapes/readme.md', 'notImage'],
      ['shapes/square/cut.jpg', 'damaged'],
    ]);
    expect(collection.reference.trainCounts).toEqual([3, 3]);
  });

  it('refuses one class, and a class without a usable image, naming it', async () => {
    const one = imageSetFiles({ shapes: ['disc'], perClass: 3, seed: 3 });
    const error = await refusal(importImagesFromDisk(writeFiles(path.join(tempDir(), 'only'), one), undefined, RGB32));
    expect(error.code).toBe('DATA_TOO_FEW_CLASSES');
    expect(error.vars.classes).toBe('disc');

    const files = imageSetFiles({ shapes: ['disc', 'square'], perClass: 2, seed: 3 });
    files.set('stripes/broken.png', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]));
    const root = writeFiles(path.join(tempDir(), 'shapes'), files);
    mkdirSync(path.join(root, 'empty-class'));
    const empty = await refusal(importImagesFromDisk(root, undefined, RGB32));
    expect(empty.code).toBe('DATA_EMPTY_CLASS');
    expect(empty.vars.classes).toBe('empty-class');
    rmSync(path.join(root, 'empty-class'), { recursive: true });
    const damaged = await refusal(importImagesFromDisk(root, undefined, RGB32));
    expect([damaged.code, damaged.vars.classes]).toEqual(['DATA_EMPTY_CLASS', 'stripes']);
  });

  it('images straight in the folder (no class folders) are refused with the reason', async () => {
    const root = path.join(tempDir(), 'flat');
    mkdirSync(root);
    writeFileSync(path.join(root, 'a.png'), encodePng(drawPicture('disc', mulberry32(1))));
    const error = await refusal(importImagesFromDisk(root, undefined, RGB32));
    expect([error.code, error.vars.count]).toEqual(['DATA_TOO_FEW_CLASSES', 0]);
  });

  it('a separate test folder gives the test split; a test class the training data lacks is refused', async () => {
    const root = tempDir();
    const train = writeFiles(path.join(root, 'train-set'), imageSetFiles({ shapes: ['disc', 'square'], perClass: 4, seed: 4 }));
    const test = writeFiles(path.join(root, 'test-set'), imageSetFiles({ shapes: ['disc', 'square'], perClass: 2, seed: 5 }));
    const collection = await importImagesFromDisk(train, test, RGB32);
    expect(collection.reference.testCounts).toEqual([2, 2]);
    const data = imagesToDataset(collection, { testSplit: 0.5, seed: 1 });
    expect([data.train.count, data.test.count]).toEqual([8, 4]);

    const odd = writeFiles(path.join(root, 'odd-test'), imageSetFiles({ shapes: ['stripes'], perClass: 1, seed: 6 }));
    const error = await refusal(importImagesFromDisk(train, odd, RGB32));
    expect([error.code, error.vars.classes]).toEqual(['DATA_TEST_CLASS_UNKNOWN', 'stripes']);
  });

  it('without a test folder, a seeded stratified fraction of every class is the test split', async () => {
    const files = imageSetFiles({ shapes: ['disc', 'square'], perClass: 10, seed: 7 });
    const collection = await importImagesFromDisk(writeFiles(path.join(tempDir(), 's'), files), undefined, RGB32);
    const data = imagesToDataset(collection, { testSplit: 0.2, seed: 42 });
    expect([data.train.count, data.test.count]).toEqual([16, 4]);
    expect(Array.from(data.test.labels).sort()).toEqual([0, 0, 1, 1]);
    const same = imagesToDataset(collection, { testSplit: 0.2, seed: 42 });
    expect(same.test.features).toEqual(data.test.features);
    const other = imagesToDataset(collection, { testSplit: 0.2, seed: 43 });
    expect(other.test.features).not.toEqual(data.test.features);
    expect(data.description).toMatchObject({ source: 'images', sampleShape: [32, 32, 3], sampleKind: 'image' });
    expect(Math.max(...data.train.features)).toBeLessThanOrEqual(1);
  });

  it('a cancelled import stops at once with DATA_LOAD_CANCELLED and decodes no further file', async () => {
    const files = imageSetFiles({ shapes: ['disc', 'square'], perClass: 10, seed: 8 });
    const root = writeFiles(path.join(tempDir(), 'c'), files);
    const abort = new AbortController();
    const decoded: number[] = [];
    const error = await refusal(
      importImagesFromDisk(root, undefined, RGB32, {
        signal: abort.signal,
        onProgress: (event) => {
          decoded.push(event.loaded);
          if (event.loaded === 3) abort.abort();
        },
      }),
    );
    expect(error.code).toBe('DATA_LOAD_CANCELLED');
    expect(Math.max(...decoded)).toBe(3);
  });
});

describe('a zip of class folders', () => {
  it('imports the same images as the folder, with or without a top folder; train/ and test/ split it', async () => {
    const files = imageSetFiles({ shapes: ['disc', 'square'], perClass: 4, seed: 8 });
    const folder = await importImagesFromDisk(writeFiles(path.join(tempDir(), 'shapes'), files), undefined, RGB32);
    for (const prefix of ['', 'shapes/']) {
      const zipPath = path.join(tempDir(), 'shapes.zip');
      writeFileSync(zipPath, zipFiles(files, prefix));
      const zipped = await importImagesFromDisk(zipPath, undefined, RGB32);
      expect(zipped.reference).toEqual({ ...folder.reference, name: 'shapes' });
      expect(zipped.train.pixels).toEqual(folder.train.pixels);
    }
    const split = new Map<string, Uint8Array>();
    for (const [name, bytes] of files) split.set(`${name.endsWith('000.jpg') ? 'test' : 'train'}/${name}`, bytes);
    const zipPath = path.join(tempDir(), 'split.zip');
    writeFileSync(zipPath, zipFiles(split));
    const splitCollection = await importImagesFromDisk(zipPath, undefined, RGB32);
    expect([splitCollection.reference.trainCounts, splitCollection.reference.testCounts]).toEqual([[3, 3], [1, 1]]);
  });

  it('a zip bomb: an entry that inflates past the limit is cut off and skipped; the total limit stops the archive', async () => {
    const zeros = new Uint8Array(8 * 1024 * 1024);
    const bomb = zipSync({ 'a/huge.png': zeros, 'a/one.png': encodePng(drawPicture('disc', mulberry32(1))), 'b/two.png': encodePng(drawPicture('square', mulberry32(2))) }, { level: 9 });
    expect(bomb.length).toBeLessThan(64 * 1024);
    const limits = { maxArchiveBytes: 1 << 30, maxEntryBytes: 1024 * 1024, maxTotalBytes: 1 << 30, maxEntries: 100 };
    const seen: string[] = [];
    await readZipEntries(bomb, 'bomb.zip', () => true, async (entry) => {
      seen.push(`${entry.path}:${'tooLarge' in entry ? 'tooLarge' : entry.bytes.length > 0}`);
    }, { limits });
    expect(seen).toEqual(['a/huge.png:tooLarge', 'a/one.png:true', 'b/two.png:true']);

    const error = await refusal(readZipEntries(bomb, 'bomb.zip', () => true, async () => {}, { limits: { ...limits, maxEntryBytes: 1 << 30, maxTotalBytes: 2 * 1024 * 1024 } }));
    expect(error.code).toBe('DATA_ZIP_TOO_LARGE');
  });

  it('a damaged zip and one with too many entries are refused with the reason', () => {
    const files = imageSetFiles({ shapes: ['disc', 'square'], perClass: 2, seed: 9 });
    const zipped = zipFiles(files);
    expect(() => listZip(zipped.slice(0, zipped.length - 30), 'cut.zip')).toThrow(DatasetError);
    const codeOf = (run: () => unknown) => {
      try {
        run();
      } catch (error) {
        return error instanceof DatasetError ? error.code : String(error);
      }
      return 'no refusal';
    };
    expect(codeOf(() => listZip(zipped, 'many.zip', { maxArchiveBytes: 1 << 30, maxEntryBytes: 1 << 20, maxTotalBytes: 1 << 30, maxEntries: 2 }))).toBe(
      'DATA_ZIP_TOO_MANY_FILES',
    );
    expect(codeOf(() => listZip(new TextEncoder().encode('not a zip at all'), 'text.zip'))).toBe('DATA_ZIP_BROKEN');
    expect(codeOf(() => listZip(zipped, 'big.zip', { maxArchiveBytes: 100, maxEntryBytes: 1 << 20, maxTotalBytes: 1 << 30, maxEntries: 100 }))).toBe(
      'DATA_ZIP_TOO_LARGE',
    );
  });
});

describe('before decoding', () => {
  it('the memory guard refuses with the numbers and what would fit', () => {
    expect(() => checkPixelBudget(1000, 128, 3)).not.toThrow();
    let refused: DatasetError | undefined;
    try {
      checkPixelBudget(20_000, 128, 3);
    } catch (error) {
      refused = error as DatasetError;
    }
    expect(refused?.code).toBe('DATA_TOO_LARGE');
    expect(refused?.vars).toMatchObject({ count: 20_000, shape: '128×128×3', budget: PIXEL_BUDGET_BYTES / 1024 / 1024, smaller: '64×64' });
    expect(refused?.vars.megabytes).toBe(938);
  });

  it('the layout ignores hidden files and names files outside class folders', () => {
    const layout = layoutImageFolder(
      [
        { path: 'set/a/1.jpg', size: 10 },
        { path: 'set/b/2.png', size: 10 },
        { path: 'set/__MACOSX/a/._1.jpg', size: 10 },
        { path: 'set/loose.jpg', size: 10 },
      ],
      { fallbackName: 'x' },
    );
    expect(layout.classNames).toEqual(['a', 'b']);
    expect(layout.skipped).toEqual([{ path: 'set/loose.jpg', reason: 'outsideClass' }]);
  });
});

describe('fitting to the square', () => {
  it('crop keeps the centre, pad fills the rest with black, squash uses everything', () => {
    expect(fitRectangles(200, 100, 32, 'crop').source).toEqual({ x: 50, y: 0, width: 100, height: 100 });
    expect(fitRectangles(200, 100, 32, 'pad').target).toEqual({ x: 0, y: 8, width: 32, height: 16 });
    // A white 20×10 image padded into 8×8: the rows above and below are black.
    const white = new Uint8Array(20 * 10 * 4).fill(255);
    const out = new Uint8Array(8 * 8);
    fitPixels(white, 20, 10, 8, 'pad', 1, out);
    expect(Array.from(out.subarray(0, 8))).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    expect(Array.from(out.subarray(4 * 8, 5 * 8))).toEqual([255, 255, 255, 255, 255, 255, 255, 255]);
    // Transparent counts as black; grey is the luma.
    const red = new Uint8Array([255, 0, 0, 255]);
    const grey = new Uint8Array(1);
    fitPixels(red, 1, 1, 1, 'squash', 1, grey);
    expect(grey[0]).toBe(76);
  });

  it('a JPEG decodes to about its colours', async () => {
    const picture = { width: 16, height: 16, rgba: new Uint8Array(16 * 16 * 4).map((_, index) => (index % 4 === 0 ? 200 : index % 4 === 3 ? 255 : 30)) };
    const root = path.join(tempDir(), 'plain');
    writeFiles(root, new Map([['a/x.jpg', encodeJpeg(picture)], ['b/y.png', encodePng(picture)]]));
    const collection = await importImagesFromDisk(root, undefined, { size: 4, channels: 3, fit: 'squash' });
    for (let pixel = 0; pixel < 32; pixel++) {
      expect(Math.abs((collection.train.pixels[pixel * 3] as number) - 200)).toBeLessThan(8);
      expect(Math.abs((collection.train.pixels[pixel * 3 + 1] as number) - 30)).toBeLessThan(8);
    }
  });
});

describe('TIFF, as microscopes write it', () => {
  it('a folder of TIFF images imports like JPEG and PNG; a cut-off TIFF is skipped as damaged', async () => {
    const random = mulberry32(31);
    const files = new Map<string, Uint8Array>();
    for (let index = 0; index < 3; index++) {
      files.set(`dividing/cell-${index}.tif`, encodeTiff(drawPicture('disc', random, 40, 30)));
      files.set(`resting/cell-${index}.tiff`, encodeTiff(drawPicture('stripes', random, 40, 30)));
    }
    const whole = encodeTiff(drawPicture('disc', random, 40, 30));
    files.set('dividing/cut.tif', whole.slice(0, 200));
    const collection = await importImagesFromDisk(writeFiles(path.join(tempDir(), 'scope'), files), undefined, RGB32);
    expect(collection.reference).toMatchObject({ classNames: ['dividing', 'resting'], trainCounts: [3, 3] });
    expect(collection.skipped).toEqual([{ path: 'scope/dividing/cut.tif', reason: 'damaged' }]);
    // The pictures came through: the images are not blank (a disc and stripes on a dark ground).
    expect(Math.max(...collection.train.pixels)).toBeGreaterThan(150);
  });

  it('a TIFF larger than MAX_TIFF_MEGAPIXELS is skipped as too large before its pixels are decoded', async () => {
    const small = drawPicture('disc', mulberry32(32), 4, 4);
    // The header says 9,000 × 9,000 (81 megapixels); the few bytes that follow are never read.
    const header = { t256: [9000], t257: [9000] } as unknown as Parameters<typeof UTIF.encodeImage>[3];
    const huge = new Uint8Array(UTIF.encodeImage(small.rgba, 4, 4, header));
    expect(9000 * 9000).toBeGreaterThan(MAX_TIFF_MEGAPIXELS * 1_000_000);
    const files = new Map([
      ['a/huge.tif', huge],
      ['a/fine.tif', encodeTiff(small)],
      ['b/fine.tif', encodeTiff(small)],
    ]);
    const collection = await importImagesFromDisk(writeFiles(path.join(tempDir(), 'big'), files), undefined, RGB32);
    expect(collection.skipped).toEqual([{ path: 'big/a/huge.tif', reason: 'tooLarge' }]);
    expect(collection.reference.trainCounts).toEqual([1, 1]);
  });

  it('a solid-colour TIFF decodes to its colour', async () => {
    const picture = { width: 8, height: 8, rgba: new Uint8Array(8 * 8 * 4).map((_, index) => [30, 180, 90, 255][index % 4] as number) };
    const root = writeFiles(path.join(tempDir(), 'solid'), new Map([['a/x.tif', encodeTiff(picture)], ['b/y.tif', encodeTiff(picture)]]));
    const collection = await importImagesFromDisk(root, undefined, { size: 4, channels: 3, fit: 'squash' });
    expect(Array.from(collection.train.pixels.subarray(0, 3))).toEqual([30, 180, 90]);
  });
});

describe('formats', () => {
  it('are told by their first bytes, not their names', () => {
    const picture = drawPicture('disc', mulberry32(33), 12, 10);
    const riff = (kind: string) => new Uint8Array([...new TextEncoder().encode('RIFF'), 0, 0, 0, 0, ...new TextEncoder().encode(kind)]);
    expect(
      [encodeJpeg(picture), encodePng(picture), encodeGif([picture]), encodeBmp(picture), encodeTiff(picture), riff('WEBP'), riff('WAVE'), new TextEncoder().encode('name,kind')].map(
        imageFormatOf,
      ),
    ).toEqual(['jpeg', 'png', 'gif', 'bmp', 'tiff', 'webp', undefined, undefined]);
  });

  it('the command line skips GIF and BMP files and names them as not decodable there (the browser decodes them)', async () => {
    const random = mulberry32(34);
    const files = new Map([
      ['a/1.png', encodePng(drawPicture('disc', random))],
      ['a/2.gif', encodeGif([drawPicture('disc', random)])],
      ['b/1.png', encodePng(drawPicture('stripes', random))],
      ['b/2.bmp', encodeBmp(drawPicture('stripes', random))],
    ]);
    const collection = await importImagesFromDisk(writeFiles(path.join(tempDir(), 'f'), files), undefined, RGB32);
    expect(collection.skipped).toEqual([
      { path: 'f/a/2.gif', reason: 'notDecodable' },
      { path: 'f/b/2.bmp', reason: 'notDecodable' },
    ]);
    expect(collection.reference.trainCounts).toEqual([1, 1]);
  });
});
