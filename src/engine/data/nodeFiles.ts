/**
 * The user's data from disk, for the CLI (`kairo train GRAPH --data PATH [--test PATH]`): a folder
 * of class folders or a .zip of one (decoded by nodeImageDecode.ts: JPEG, PNG, TIFF), or a CSV/TSV
 * table. The same layout, import and encoding code as the browser; only reading files differs.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { errorDetail } from '../failures';
import { DatasetError } from './datasetError';
import { sha256Hex } from './fingerprint';
import { type FileReader, type ImageCollection, type ImageSettings, type ImportOptions, importImages, layoutImageSources } from './imageImport';
import type { LayoutEntry } from './imageLayout';
import { decodeImageInto } from './nodeImageDecode';
import { parseTable, type RawTable } from './tableParse';
import { listZip, readZipEntries } from './zip';

interface DiskEntry extends LayoutEntry {
  absolute: string;
}

interface DiskListing {
  files: DiskEntry[];
  directories: string[];
}

async function walk(root: string): Promise<DiskListing> {
  const listing: DiskListing = { files: [], directories: [] };
  const visit = async (relative: string) => {
    const absolute = path.join(root, relative);
    const entries = await readdir(absolute, { withFileTypes: true });
    for (const entry of entries) {
      const child = relative === '' ? entry.name : `${relative}/${entry.name}`;
      if (entry.isDirectory()) {
        listing.directories.push(`${child}/`);
        await visit(child);
      } else if (entry.isFile()) {
        const { size } = await stat(path.join(absolute, entry.name));
        listing.files.push({ path: child, size, absolute: path.join(absolute, entry.name) });
      }
    }
  };
  await visit('');
  return listing;
}

async function readPath(file: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(file));
  } catch (error) {
    throw new DatasetError('DATA_FILE_MISSING', { file: path.basename(file), path: file, package: '', detail: errorDetail(error) });
  }
}

const folderReader: FileReader<DiskEntry> = async (files, visit) => {
  for (const file of files) await visit(file, await readPath(file.absolute));
};

function zipReader(bytes: Uint8Array, name: string, signal?: AbortSignal): FileReader<LayoutEntry> {
  return async (files, visit, skip) => {
    const byPath = new Map(files.map((file) => [file.path, file] as const));
    const seen = new Set<string>();
    await readZipEntries(
      bytes,
      name,
      (entryPath) => byPath.has(entryPath),
      async (entry) => {
        const file = byPath.get(entry.path);
        if (!file) return;
        seen.add(entry.path);
        if ('tooLarge' in entry) skip(file, 'tooLarge');
        else await visit(file, entry.bytes);
      },
      signal ? { signal } : {},
    );
    for (const file of files) if (!seen.has(file.path)) skip(file, 'damaged');
  };
}

const decodeOnDisk = (settings: ImageSettings) => async (bytes: Uint8Array, out: Uint8Array, offset: number) =>
  decodeImageInto(bytes, settings.size, settings.fit, settings.channels, out, offset);

async function isDirectory(target: string): Promise<boolean> {
  try {
    return (await stat(target)).isDirectory();
  } catch (error) {
    throw new DatasetError('DATA_FILE_MISSING', { file: path.basename(target), path: target, package: '', detail: errorDetail(error) });
  }
}

/** A folder or zip path as layout entries; a zip's bytes come along for reading. */
async function listSource(target: string): Promise<{ entries: LayoutEntry[]; directories: string[]; reader: FileReader<LayoutEntry>; name: string }> {
  const name = path.basename(target).replace(/\.zip$/i, '');
  if (await isDirectory(target)) {
    const listing = await walk(target);
    // A folder's own name is the data set's name: lay it out as if its name led every path.
    const entries = listing.files.map((file) => ({ ...file, path: `${name}/${file.path}` }));
    const byPath = new Map(entries.map((entry) => [entry.path, entry] as const));
    const reader: FileReader<LayoutEntry> = (files, visit, skip) =>
      folderReader(
        files.map((file) => byPath.get(file.path) as DiskEntry),
        (entry, bytes) => visit(entry, bytes),
        skip,
      );
    return { entries, directories: listing.directories.map((directory) => `${name}/${directory}`), reader, name };
  }
  const bytes = await readPath(target);
  const listing = listZip(bytes, path.basename(target));
  return { entries: listing.files, directories: listing.directories, reader: zipReader(bytes, path.basename(target)), name };
}

/** Imports a folder (or zip) of class folders, with an optional test folder (or zip). */
export async function importImagesFromDisk(
  trainPath: string,
  testPath: string | undefined,
  settings: ImageSettings,
  options: ImportOptions = {},
): Promise<ImageCollection> {
  const train = await listSource(trainPath);
  const test = testPath === undefined ? undefined : await listSource(testPath);
  const { layout, reader } = layoutImageSources(train, test, train.name);
  return importImages(layout, reader, decodeOnDisk(settings), settings, options);
}

export interface TableFile {
  table: RawTable;
  /** SHA-256 of the file's bytes, for the fingerprint. */
  sha256: string;
  name: string;
}

/** Reads and parses a CSV/TSV file. Throws `DatasetError`. */
export async function readTableFile(file: string): Promise<TableFile> {
  const bytes = await readPath(file);
  const name = path.basename(file);
  return { table: parseTable(new TextDecoder().decode(bytes), name), sha256: await sha256Hex(bytes), name };
}
