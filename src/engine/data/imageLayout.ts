/**
 * Which files of a picked folder, a dropped folder or a zip are the images of which class: one
 * subfolder per class (the folder names are the class names), images anywhere below it. The same
 * rules in the browser and the CLI, on plain paths, before a single byte is decoded:
 *
 * - A single folder that holds everything (the picked folder itself, or a zip's top folder) is the
 *   data set's name, not a class. A top level of exactly `train/` and `test/` splits the data.
 * - Hidden and system files (`.DS_Store`, `Thumbs.db`, `__MACOSX/`, names starting with '.') are
 *   left out silently: no one put them there on purpose.
 * - Everything else that is not an image by its extension, is empty, or lies outside any class
 *   folder is skipped and named, with the reason.
 * - Classes are sorted by code point (as Python's `sorted()` and Keras do), files within a class too.
 */
import { DatasetError } from './datasetError';

/** Extensions the browser decodes; the CLI decodes the subset in nodeImageDecode.ts. */
export const IMAGE_EXTENSIONS = ['jpg', 'jpeg', 'jpe', 'jfif', 'png', 'webp', 'gif', 'bmp', 'dib', 'tif', 'tiff'] as const;

export const SKIP_REASONS = ['notImage', 'empty', 'damaged', 'notDecodable', 'tooLarge', 'outsideClass'] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];

export interface SkippedFile {
  /** The path as the user sees it (inside the picked folder or zip). */
  path: string;
  reason: SkipReason;
}

/** A file somewhere below the picked root: its path ('/'-separated, relative) and size in bytes. */
export interface LayoutEntry {
  path: string;
  size: number;
}

export interface ClassFile<E extends LayoutEntry> {
  entry: E;
  className: string;
}

export interface ImageLayout<E extends LayoutEntry> {
  /** The data set's name: the common top folder, or the fallback given. */
  name: string;
  /** Sorted class names (the training data's). */
  classNames: string[];
  train: ClassFile<E>[];
  /** Empty when there is no separate test data. */
  test: ClassFile<E>[];
  skipped: SkippedFile[];
}

const SYSTEM_NAMES = new Set(['.ds_store', 'thumbs.db', 'desktop.ini', '__macosx']);

function segmentsOf(path: string): string[] {
  return path.split(/[\\/]+/).filter((segment) => segment !== '' && segment !== '.');
}

function isHidden(segments: readonly string[]): boolean {
  return segments.some((segment) => segment.startsWith('.') || SYSTEM_NAMES.has(segment.toLowerCase()));
}

export function extensionOf(path: string): string {
  const dot = path.lastIndexOf('.');
  return dot <= path.lastIndexOf('/') ? '' : path.slice(dot + 1).toLowerCase();
}

export function looksLikeImage(path: string): boolean {
  return (IMAGE_EXTENSIONS as readonly string[]).includes(extensionOf(path));
}

export function compareCodePoints(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

interface Split<E extends LayoutEntry> {
  files: ClassFile<E>[];
  /** Class folders seen, with or without usable files (an empty folder is a class with nothing in it). */
  folders: Set<string>;
}

/** Sorts one split's files into classes by their first folder; skips what is not an image. */
function classify<E extends LayoutEntry>(
  items: readonly { entry: E; segments: string[] }[],
  directories: readonly string[][],
  skipped: SkippedFile[],
): Split<E> {
  const files: ClassFile<E>[] = [];
  const folders = new Set<string>();
  for (const segments of directories) if (segments[0] !== undefined) folders.add(segments[0]);
  for (const { entry, segments } of items) {
    if (segments.length < 2) {
      skipped.push({ path: entry.path, reason: looksLikeImage(entry.path) ? 'outsideClass' : 'notImage' });
      continue;
    }
    const className = segments[0] as string;
    folders.add(className);
    if (!looksLikeImage(entry.path)) skipped.push({ path: entry.path, reason: 'notImage' });
    else if (entry.size === 0) skipped.push({ path: entry.path, reason: 'empty' });
    else files.push({ entry, className });
  }
  files.sort((a, b) => compareCodePoints(a.className, b.className) || compareCodePoints(a.entry.path, b.entry.path));
  return { files, folders };
}

/** The common first folder of every path, when there is one and something below it. */
function commonRoot(paths: readonly string[][]): string | undefined {
  const first = paths[0]?.[0];
  if (first === undefined) return undefined;
  return paths.every((segments) => segments.length >= 2 && segments[0] === first) ? first : undefined;
}

export interface LayoutOptions {
  /** The data set's name when the files share no top folder (e.g. the zip's file name). */
  fallbackName: string;
  /** Directories seen (drop and zip show empty ones; a directory input does not). */
  directories?: readonly string[];
  /** A separately picked test folder, laid out by the same rules. */
  testEntries?: readonly LayoutEntry[];
  testDirectories?: readonly string[];
}

function visible<E extends LayoutEntry>(entries: readonly E[]): { entry: E; segments: string[] }[] {
  return entries.map((entry) => ({ entry, segments: segmentsOf(entry.path) })).filter(({ segments }) => !isHidden(segments));
}

function visibleDirectories(directories: readonly string[] = []): string[][] {
  return directories.map(segmentsOf).filter((segments) => segments.length > 0 && !isHidden(segments));
}

function stripRoot<T extends { segments: string[] }>(items: T[], directories: string[][]): { root?: string; items: T[]; directories: string[][] } {
  const root = commonRoot(items.map((item) => item.segments));
  if (root === undefined) return { items, directories };
  return {
    root,
    items: items.map((item) => ({ ...item, segments: item.segments.slice(1) })),
    directories: directories.filter((segments) => segments[0] === root).map((segments) => segments.slice(1)),
  };
}

/**
 * Lays out a picked or dropped folder (or a zip's entries) as classes; throws `DatasetError` when
 * it cannot be trained on: fewer than two classes (DATA_TOO_FEW_CLASSES), a class folder without
 * a single image (DATA_EMPTY_CLASS), test classes the training data lacks (DATA_TEST_CLASS_UNKNOWN).
 */
export function layoutImageFolder<E extends LayoutEntry>(entries: readonly E[], options: LayoutOptions): ImageLayout<E> {
  const skipped: SkippedFile[] = [];
  const stripped = stripRoot(visible(entries), visibleDirectories(options.directories));
  let trainItems = stripped.items;
  let trainDirectories = stripped.directories;
  let testItems: { entry: E; segments: string[] }[] = [];
  let testDirectories: string[][] = [];

  const tops = new Set(trainItems.map((item) => (item.segments.length >= 2 ? item.segments[0]?.toLowerCase() : '')));
  if (options.testEntries === undefined && tops.size === 2 && tops.has('train') && tops.has('test')) {
    const inSplit = (name: string) => (item: { segments: string[] }) => item.segments[0]?.toLowerCase() === name;
    const drop = <T extends { segments: string[] }>(item: T): T => ({ ...item, segments: item.segments.slice(1) });
    testItems = trainItems.filter(inSplit('test')).map(drop);
    testDirectories = trainDirectories.filter((segments) => segments[0]?.toLowerCase() === 'test').map((segments) => segments.slice(1));
    trainDirectories = trainDirectories.filter((segments) => segments[0]?.toLowerCase() === 'train').map((segments) => segments.slice(1));
    trainItems = trainItems.filter(inSplit('train')).map(drop);
  }

  const train = classify(trainItems, trainDirectories, skipped);
  let test: Split<E> = { files: [], folders: new Set() };
  if (options.testEntries !== undefined) {
    const strippedTest = stripRoot(visible(options.testEntries as readonly E[]), visibleDirectories(options.testDirectories));
    test = classify(strippedTest.items, strippedTest.directories, skipped);
  } else if (testItems.length > 0) {
    test = classify(testItems, testDirectories, skipped);
  }

  const classNames = [...train.folders].sort(compareCodePoints);
  checkClasses(classNames, train.files);
  const unknown = [...test.folders].filter((name) => !train.folders.has(name)).sort(compareCodePoints);
  if (unknown.length > 0) {
    throw new DatasetError('DATA_TEST_CLASS_UNKNOWN', { classes: unknown.join(', '), known: classNames.join(', ') });
  }
  return { name: stripped.root ?? options.fallbackName, classNames, train: train.files, test: test.files, skipped };
}

/** At least two classes, each with at least one image; throws `DatasetError` naming what is wrong. */
export function checkClasses(classNames: readonly string[], files: readonly { className: string }[]): void {
  if (classNames.length < 2) {
    throw new DatasetError('DATA_TOO_FEW_CLASSES', { count: classNames.length, classes: classNames.join(', ') });
  }
  const counts = new Map<string, number>(classNames.map((name) => [name, 0]));
  for (const file of files) counts.set(file.className, (counts.get(file.className) ?? 0) + 1);
  const empty = classNames.filter((name) => (counts.get(name) ?? 0) === 0);
  if (empty.length > 0) throw new DatasetError('DATA_EMPTY_CLASS', { classes: empty.join(', '), count: empty.length });
}
