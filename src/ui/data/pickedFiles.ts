/**
 * Files the user picked or dropped, as the worker's import takes them: a folder's files with their
 * paths below it (a directory input gives `webkitRelativePath`; a drop is walked through the File
 * and Directory Entries API, which also shows empty folders), a .zip, or a CSV/TSV table. Only
 * references to the files cross to the worker; nothing is read here.
 */
import type { PickedFile, PickedImages } from '../../worker/api';

export type PickedData =
  | { kind: 'images'; name: string; images: PickedImages }
  | { kind: 'table'; file: File }
  | { kind: 'none' };

export function isTableFile(file: File): boolean {
  return /\.(csv|tsv|txt)$/i.test(file.name);
}

export function isZipFile(file: File): boolean {
  return /\.zip$/i.test(file.name) || file.type === 'application/zip' || file.type === 'application/x-zip-compressed';
}

function topFolder(paths: readonly string[], fallback: string): string {
  const first = paths[0]?.split('/')[0];
  return first && paths.every((path) => path.startsWith(`${first}/`)) ? first : fallback;
}

/** A directory input's files (each knows its path below the picked folder). */
export function pickedFolder(files: FileList | readonly File[]): PickedData {
  const list = Array.from(files);
  if (list.length === 0) return { kind: 'none' };
  const picked: PickedFile[] = list.map((file) => ({ path: file.webkitRelativePath || file.name, size: file.size, file }));
  return { kind: 'images', name: topFolder(picked.map((file) => file.path), 'images'), images: { files: picked, directories: [] } };
}

/** A single picked file: a zip of class folders or a table. */
export function pickedFile(file: File | undefined): PickedData {
  if (!file) return { kind: 'none' };
  if (isTableFile(file)) return { kind: 'table', file };
  return { kind: 'images', name: file.name.replace(/\.zip$/i, ''), images: { files: [], directories: [], zip: file } };
}

function readAll(reader: FileSystemDirectoryReader): Promise<FileSystemEntry[]> {
  // readEntries answers in batches (about 100 in Chromium) until it answers an empty one.
  return new Promise((resolve, reject) => {
    const entries: FileSystemEntry[] = [];
    const next = () =>
      reader.readEntries((batch) => {
        if (batch.length === 0) resolve(entries);
        else {
          entries.push(...batch);
          next();
        }
      }, reject);
    next();
  });
}

function fileOf(entry: FileSystemFileEntry): Promise<File> {
  return new Promise((resolve, reject) => entry.file(resolve, reject));
}

async function walk(entry: FileSystemEntry, prefix: string, out: PickedImages): Promise<void> {
  const path = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
  if (entry.isDirectory) {
    out.directories.push(`${path}/`);
    for (const child of await readAll((entry as FileSystemDirectoryEntry).createReader())) await walk(child, path, out);
  } else if (entry.isFile) {
    const file = await fileOf(entry as FileSystemFileEntry);
    out.files.push({ path, size: file.size, file });
  }
}

/** What a drop holds: folders (walked), a zip, a table, or loose files (laid out like a folder). */
export async function droppedData(transfer: DataTransfer): Promise<PickedData> {
  const entries = Array.from(transfer.items)
    .filter((item) => item.kind === 'file')
    .map((item) => item.webkitGetAsEntry())
    .filter((entry): entry is FileSystemEntry => entry !== null);
  const loose = Array.from(transfer.files);
  if (entries.length === 1 && entries[0]?.isFile && loose[0]) {
    return pickedFile(loose[0]);
  }
  if (entries.length === 0) return loose.length === 1 ? pickedFile(loose[0]) : pickedFolder(loose);
  const images: PickedImages = { files: [], directories: [] };
  for (const entry of entries) await walk(entry, '', images);
  const name = entries.length === 1 && entries[0]?.isDirectory ? (entries[0].name ?? 'images') : 'images';
  return { kind: 'images', name, images };
}

/** Whether a drag carries files or folders (not a palette card). */
export function dragHasFiles(transfer: DataTransfer): boolean {
  return Array.from(transfer.types).includes('Files');
}

/** Whether a drop holds data rather than a graph file: a folder, a zip, a table or images. */
export function isDataDrop(transfer: DataTransfer): boolean {
  const folder = Array.from(transfer.items).some((item) => item.kind === 'file' && item.webkitGetAsEntry()?.isDirectory);
  const file = transfer.files[0];
  return folder || (file !== undefined && (isZipFile(file) || isTableFile(file) || file.type.startsWith('image/')));
}
