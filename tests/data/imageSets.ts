/**
 * Image data sets the tests make for themselves: simple pictures in two or three classes (a disc,
 * a square, horizontal stripes; random size, place and colours, a little noise), written as JPEG
 * and PNG files by jpeg-js and pngjs (TIFF by utif2), laid out as class folders, zips and CSV
 * tables. Seeded, so a test sees the same pictures on every run. Used by the unit tests, the CLI tests and the browser
 * tests (which hand the same files to the real file inputs).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import { zipSync } from 'fflate';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import UTIF from 'utif2';
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

/** An uncompressed RGBA TIFF, as microscope software writes them. */
export function encodeTiff(picture: Picture): Uint8Array {
  return new Uint8Array(UTIF.encodeImage(picture.rgba, picture.width, picture.height));
}

/** A 24-bit uncompressed BMP (bottom-up rows, each padded to 4 bytes), written by hand: no library needed. */
export function encodeBmp(picture: Picture): Uint8Array {
  const { width, height, rgba } = picture;
  const stride = Math.ceil((width * 3) / 4) * 4;
  const bytes = new Uint8Array(54 + stride * height);
  const view = new DataView(bytes.buffer);
  bytes.set([0x42, 0x4d]);
  view.setUint32(2, bytes.length, true);
  view.setUint32(10, 54, true);
  view.setUint32(14, 40, true);
  view.setInt32(18, width, true);
  view.setInt32(22, height, true);
  view.setUint16(26, 1, true);
  view.setUint16(28, 24, true);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const from = (y * width + x) * 4;
      const to = 54 + (height - 1 - y) * stride + x * 3;
      bytes[to] = rgba[from + 2] as number;
      bytes[to + 1] = rgba[from + 1] as number;
      bytes[to + 2] = rgba[from] as number;
    }
  }
  return bytes;
}

/**
 * A GIF of one or more frames (same size), written by hand: a fixed 3-3-2 colour palette, and LZW
 * data of 9-bit literal codes with a clear code every 250 (so the code size never grows) — valid,
 * if not small. A decoder shows the first frame.
 */
export function encodeGif(frames: readonly Picture[]): Uint8Array {
  const first = frames[0];
  if (!first) throw new Error('a GIF needs a frame');
  const out: number[] = [...new TextEncoder().encode('GIF89a')];
  const u16 = (value: number) => out.push(value & 0xff, value >> 8);
  u16(first.width);
  u16(first.height);
  out.push(0xf7, 0, 0);
  for (let index = 0; index < 256; index++) out.push(Math.round(((index >> 5) * 255) / 7), Math.round((((index >> 2) & 7) * 255) / 7), Math.round(((index & 3) * 255) / 3));
  for (const frame of frames) {
    out.push(0x21, 0xf9, 4, 0, 10, 0, 0, 0); // graphic control: 0.1 s a frame
    out.push(0x2c);
    u16(0);
    u16(0);
    u16(frame.width);
    u16(frame.height);
    out.push(0, 8);
    const codes: number[] = [];
    for (let pixel = 0; pixel < frame.width * frame.height; pixel++) {
      if (pixel % 250 === 0) codes.push(256);
      const [r, g, b] = [frame.rgba[pixel * 4] as number, frame.rgba[pixel * 4 + 1] as number, frame.rgba[pixel * 4 + 2] as number];
      codes.push((Math.round((r * 7) / 255) << 5) | (Math.round((g * 7) / 255) << 2) | Math.round((b * 3) / 255));
    }
    codes.push(257);
    const data: number[] = [];
    let buffer = 0;
    let bits = 0;
    for (const code of codes) {
      buffer |= code << bits;
      bits += 9;
      while (bits >= 8) {
        data.push(buffer & 0xff);
        buffer >>= 8;
        bits -= 8;
      }
    }
    if (bits > 0) data.push(buffer & 0xff);
    for (let at = 0; at < data.length; at += 255) {
      const block = data.slice(at, at + 255);
      out.push(block.length, ...block);
    }
    out.push(0);
  }
  out.push(0x3b);
  return Uint8Array.from(out);
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

/** The PNG variants real folders hold: colour types, bit depths, palettes, transparency, interlacing. */
export interface PngVariant {
  colour: 'grey' | 'greyAlpha' | 'rgb' | 'rgba' | 'palette';
  depth: 1 | 2 | 4 | 8 | 16;
  /** Adam7 interlacing. */
  interlace?: boolean;
  /** A tRNS chunk: the colour of the first pixel made transparent (grey, rgb), or alpha for some palette entries. */
  transparency?: boolean;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = (CRC_TABLE[(c ^ byte) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function pngChunk(kind: string, body: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + body.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, body.length);
  out.set(Array.from(kind, (char) => char.charCodeAt(0)), 4);
  out.set(body, 8);
  view.setUint32(8 + body.length, crc32(out.subarray(4, 8 + body.length)));
  return out;
}

function paethPredictor(left: number, up: number, upLeft: number): number {
  const estimate = left + up - upLeft;
  const toLeft = Math.abs(estimate - left);
  const toUp = Math.abs(estimate - up);
  const toUpLeft = Math.abs(estimate - upLeft);
  if (toLeft <= toUp && toLeft <= toUpLeft) return left;
  return toUp <= toUpLeft ? up : upLeft;
}

/**
 * `picture` written as a PNG of the given variant by hand (pngjs writes only 8/16-bit grey and
 * colour, never palettes, low depths or interlacing): every row uses the next of the five filters,
 * so a reader must undo each of them.
 */
export function encodePngVariant(picture: Picture, variant: PngVariant): Uint8Array {
  const { width, height, rgba } = picture;
  const { depth } = variant;
  const channels = { grey: 1, greyAlpha: 2, rgb: 3, rgba: 4, palette: 1 }[variant.colour];
  const colourType = { grey: 0, greyAlpha: 4, rgb: 2, rgba: 6, palette: 3 }[variant.colour];
  const top = 2 ** depth - 1;
  const scale = (value: number, x: number) => (depth === 16 ? value * 257 + (x % 7) : value >> (8 - depth));
  const paletteCode = (at: number) => {
    const code = ((rgba[at] as number) >> 6) * 32 + ((rgba[at + 1] as number) >> 5) * 4 + ((rgba[at + 2] as number) >> 6);
    return code % (top + 1);
  };
  const sampleAt = (x: number, y: number): number[] => {
    const at = (y * width + x) * 4;
    const grey = Math.round(((rgba[at] as number) + (rgba[at + 1] as number) + (rgba[at + 2] as number)) / 3);
    const alpha = (x * 37 + y * 11) % 256;
    switch (variant.colour) {
      case 'grey':
        return [scale(grey, x)];
      case 'greyAlpha':
        return [scale(grey, x), scale(alpha, y)];
      case 'rgb':
        return [0, 1, 2].map((c) => scale(rgba[at + c] as number, x));
      case 'rgba':
        return [scale(rgba[at] as number, x), scale(rgba[at + 1] as number, x), scale(rgba[at + 2] as number, x), scale(alpha, y)];
      case 'palette':
        return [paletteCode(at)];
    }
  };
  const bits = channels * depth;
  const step = Math.max(1, bits / 8);
  const passes = variant.interlace
    ? [
        [0, 0, 8, 8],
        [4, 0, 8, 8],
        [0, 4, 4, 8],
        [2, 0, 4, 4],
        [0, 2, 2, 4],
        [1, 0, 2, 2],
        [0, 1, 1, 2],
      ]
    : [[0, 0, 1, 1]];
  const raw: number[] = [];
  let rowNumber = 0;
  for (const [x0, y0, dx, dy] of passes as [number, number, number, number][]) {
    const columns = Math.ceil((width - x0) / dx);
    const rows = Math.ceil((height - y0) / dy);
    if (columns <= 0 || rows <= 0) continue;
    const stride = Math.ceil((columns * bits) / 8);
    let prior = new Uint8Array(stride);
    for (let r = 0; r < rows; r++) {
      const line = new Uint8Array(stride);
      let bit = 0;
      for (let c = 0; c < columns; c++) {
        for (const value of sampleAt(x0 + c * dx, y0 + r * dy)) {
          if (depth === 16) {
            line[bit / 8] = value >> 8;
            line[bit / 8 + 1] = value & 0xff;
          } else if (depth === 8) line[bit / 8] = value;
          else line[bit >> 3] = (line[bit >> 3] as number) | (value << (8 - depth - (bit & 7)));
          bit += depth;
        }
      }
      const filter = rowNumber++ % 5;
      raw.push(filter);
      for (let i = 0; i < stride; i++) {
        const left = i >= step ? (line[i - step] as number) : 0;
        const up = prior[i] as number;
        const upLeft = i >= step ? (prior[i - step] as number) : 0;
        const predicted = [0, left, up, (left + up) >> 1, paethPredictor(left, up, upLeft)][filter] as number;
        raw.push(((line[i] as number) - predicted) & 0xff);
      }
      prior = line;
    }
  }
  const header = new Uint8Array(13);
  const view = new DataView(header.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  header.set([depth, colourType, 0, 0, variant.interlace ? 1 : 0], 8);
  const chunks = [pngChunk('IHDR', header)];
  if (variant.colour === 'palette') {
    const entries = top + 1;
    const palette = new Uint8Array(entries * 3);
    for (let code = 0; code < entries; code++) palette.set([(code >> 5) * 64 + 32, ((code >> 2) & 7) * 32 + 16, (code & 3) * 64 + 32], code * 3);
    chunks.push(pngChunk('PLTE', palette));
    if (variant.transparency) chunks.push(pngChunk('tRNS', Uint8Array.from({ length: Math.min(entries, 5) }, (_, k) => k * 60)));
  } else if (variant.transparency && (variant.colour === 'grey' || variant.colour === 'rgb')) {
    const key = sampleAt(0, 0);
    const body = new Uint8Array(key.length * 2);
    key.forEach((value, k) => {
      new DataView(body.buffer).setUint16(k * 2, value);
    });
    chunks.push(pngChunk('tRNS', body));
  }
  chunks.push(pngChunk('IDAT', new Uint8Array(deflateSync(Uint8Array.from(raw)))), pngChunk('IEND', new Uint8Array(0)));
  const out = new Uint8Array(8 + chunks.reduce((sum, chunk) => sum + chunk.length, 0));
  out.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  let at = 8;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}
