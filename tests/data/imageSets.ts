/**
 * Image data sets the tests make for themselves: simple pictures in two or three classes (a disc,
 * a square, horizontal stripes; random size, place and colours, a little noise), written as JPEG
 * and PNG files by jpeg-js and pngjs, laid out as class folders, zips and CSV tables. Seeded, so a
 * test sees the same pictures on every run. Used by the unit tests, the CLI tests and the browser
 * tests (which hand the same files to the real file inputs).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { zipSync } from 'fflate';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { mulberry32 } from '../../src/engine/data/seededRandom';

export type Shape = 'disc' | 'square' | 'stripes';

export interface Picture {
  width: number;
  height: number;
  rgba: Uint8Array;
}

/** One picture of `shape`, drawn with the generator `random`. */
export function drawPicture(shape: Shape, random: () => number, width = 48, height = 40): Picture {
  const rgba = new Uint8Array(width * height * 4);
  const background = [40 + random() * 60, 40 + random() * 60, 40 + random() * 60];
  const ink = [160 + random() * 95, 160 + random() * 95, 160 + random() * 95];
  const side = Math.min(width, height);
  const radius = side * (0.22 + random() * 0.14);
  const cx = width / 2 + (random() - 0.5) * (width - 2 * radius) * 0.6;
  const cy = height / 2 + (random() - 0.5) * (height - 2 * radius) * 0.6;
  const period = 4 + Math.floor(random() * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let inside: boolean;
      if (shape === 'disc') inside = (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2;
      else if (shape === 'square') {
        // A hollow frame: its edges and corners, where a disc has neither.
        const reach = Math.max(Math.abs(x - cx), Math.abs(y - cy));
        inside = reach <= radius && reach >= radius * 0.6;
      }
      else inside = Math.floor(y / period) % 2 === 0;
      const colour = inside ? ink : background;
      const at = (y * width + x) * 4;
      for (let c = 0; c < 3; c++) rgba[at + c] = Math.max(0, Math.min(255, (colour[c] as number) + (random() - 0.5) * 30));
      rgba[at + 3] = 255;
    }
  }
  return { width, height, rgba };
}

export function encodeJpeg(picture: Picture, quality = 90): Uint8Array {
  return new Uint8Array(jpeg.encode({ data: picture.rgba, width: picture.width, height: picture.height }, quality).data);
}

export function encodePng(picture: Picture): Uint8Array {
  const png = new PNG({ width: picture.width, height: picture.height });
  png.data = Buffer.from(picture.rgba);
  return new Uint8Array(PNG.sync.write(png));
}

export interface ImageSetOptions {
  shapes: readonly Shape[];
  perClass: number;
  seed: number;
  /** Picture size (varied a little per picture when `vary` is set). */
  width?: number;
  height?: number;
  vary?: boolean;
}

/** `relative path → bytes` of a class-folder image set: `<shape>/<shape>-NNN.jpg|png`, alternating formats. */
export function imageSetFiles(options: ImageSetOptions): Map<string, Uint8Array> {
  const random = mulberry32(options.seed);
  const files = new Map<string, Uint8Array>();
  for (const shape of options.shapes) {
    for (let index = 0; index < options.perClass; index++) {
      const width = (options.width ?? 48) + (options.vary ? Math.floor(random() * 24) : 0);
      const height = (options.height ?? 40) + (options.vary ? Math.floor(random() * 24) : 0);
      const picture = drawPicture(shape, random, width, height);
      const name = `${shape}-${String(index).padStart(3, '0')}`;
      if (index % 2 === 0) files.set(`${shape}/${name}.jpg`, encodeJpeg(picture));
      else files.set(`${shape}/${name}.png`, encodePng(picture));
    }
  }
  return files;
}

/** Writes `files` under `root` (folders as needed); returns root. */
export function writeFiles(root: string, files: ReadonlyMap<string, Uint8Array>): string {
  for (const [relative, bytes] of files) {
    const target = path.join(root, relative);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, bytes);
  }
  return root;
}

/** A zip of `files`, each under `prefix` (e.g. "shapes/"). */
export function zipFiles(files: ReadonlyMap<string, Uint8Array>, prefix = ''): Uint8Array {
  const entries: Record<string, Uint8Array> = {};
  for (const [relative, bytes] of files) entries[`${prefix}${relative}`] = bytes;
  return zipSync(entries, { level: 6 });
}

/**
 * A two-class table that a small MLP separates well: two numeric columns whose mean depends on the
 * class, one categorical column, a few missing cells.
 */
export function tableCsv(rows: number, seed: number, options: { delimiter?: string; missingEvery?: number } = {}): string {
  const random = mulberry32(seed);
  const delimiter = options.delimiter ?? ',';
  const lines = [['length', 'width', 'site', 'kind'].join(delimiter)];
  for (let row = 0; row < rows; row++) {
    const big = row % 2 === 0;
    const length = (big ? 8 : 5) + (random() - 0.5) * 2;
    const width = (big ? 3 : 1.5) + (random() - 0.5);
    const site = ['north', 'south', 'east'][Math.floor(random() * 3)] as string;
    const missing = options.missingEvery && row % options.missingEvery === 3;
    lines.push([missing ? 'NA' : length.toFixed(2), width.toFixed(2), site, big ? 'large' : 'small'].join(delimiter));
  }
  return `${lines.join('\n')}\n`;
}
