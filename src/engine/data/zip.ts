/**
 * Reading a zip of class folders without trusting it. fflate lists the central directory without
 * inflating anything (the count the memory guard needs), then inflates one entry at a time from
 * small compressed chunks, counting the bytes that come out: an entry that inflates past the
 * per-file limit is cut off and skipped, and the whole archive stops when the inflated total passes
 * its limit. A zip bomb therefore costs at most one file's limit of memory and a bounded amount of
 * work, whatever its headers claim. Sizes written in the headers are only hints; the counting is real.
 */
import { Unzip, UnzipInflate, type UnzipFile, unzipSync } from 'fflate';
import { DatasetError } from './datasetError';

export interface ZipLimits {
  /** The zip file itself (it is read into memory whole). */
  maxArchiveBytes: number;
  /** One entry, inflated. */
  maxEntryBytes: number;
  /** Every entry together, inflated. */
  maxTotalBytes: number;
  maxEntries: number;
}

export const ZIP_LIMITS: ZipLimits = {
  maxArchiveBytes: 1024 * 1024 * 1024,
  maxEntryBytes: 64 * 1024 * 1024,
  maxTotalBytes: 4 * 1024 * 1024 * 1024,
  maxEntries: 200_000,
};

/** Compressed bytes pushed at a time: deflate expands at most ~1032:1, so one push yields at most ~16 MiB. */
const CHUNK_BYTES = 16 * 1024;

export interface ZipListing {
  files: { path: string; size: number }[];
  directories: string[];
}

const MIB = 1024 * 1024;

function brokenZip(name: string, error: unknown): DatasetError {
  return new DatasetError('DATA_ZIP_BROKEN', { file: name, detail: error instanceof Error ? error.message : String(error) });
}

/** The entries a zip's central directory names (sizes as declared), without inflating any. */
export function listZip(bytes: Uint8Array, name: string, limits: ZipLimits = ZIP_LIMITS): ZipListing {
  if (bytes.length > limits.maxArchiveBytes) {
    throw new DatasetError('DATA_ZIP_TOO_LARGE', { file: name, megabytes: Math.ceil(bytes.length / MIB), limit: limits.maxArchiveBytes / MIB });
  }
  const listing: ZipListing = { files: [], directories: [] };
  try {
    unzipSync(bytes, {
      filter(file) {
        if (file.name.endsWith('/')) listing.directories.push(file.name);
        else listing.files.push({ path: file.name, size: file.originalSize });
        return false;
      },
    });
  } catch (error) {
    throw brokenZip(name, error);
  }
  if (listing.files.length + listing.directories.length > limits.maxEntries) {
    throw new DatasetError('DATA_ZIP_TOO_MANY_FILES', { file: name, count: listing.files.length, limit: limits.maxEntries });
  }
  return listing;
}

export type ZipEntryResult = { path: string; bytes: Uint8Array } | { path: string; tooLarge: true };

/**
 * Inflates the entries for which `wanted(path)` is true, one after another, and hands each to
 * `onEntry` (awaited before the next is inflated). An entry past `maxEntryBytes` arrives as
 * `tooLarge`. Throws DATA_ZIP_TOO_LARGE when the inflated total passes `maxTotalBytes`,
 * DATA_ZIP_BROKEN for a damaged archive; `signal` cancels between chunks.
 */
export async function readZipEntries(
  bytes: Uint8Array,
  name: string,
  wanted: (path: string) => boolean,
  onEntry: (entry: ZipEntryResult) => Promise<void>,
  options: { limits?: ZipLimits; signal?: AbortSignal } = {},
): Promise<void> {
  const limits = options.limits ?? ZIP_LIMITS;
  let total = 0;
  const ready: ZipEntryResult[] = [];
  let failure: DatasetError | undefined;

  const unzip = new Unzip((file: UnzipFile) => {
    if (file.name.endsWith('/') || !wanted(file.name)) return;
    const chunks: Uint8Array[] = [];
    let size = 0;
    let cut = false;
    file.ondata = (error, chunk, final) => {
      if (error) {
        failure ??= brokenZip(name, error);
        return;
      }
      if (cut) return;
      size += chunk.length;
      total += chunk.length;
      if (total > limits.maxTotalBytes) {
        failure ??= new DatasetError('DATA_ZIP_TOO_LARGE', {
          file: name,
          megabytes: Math.ceil(total / MIB),
          limit: limits.maxTotalBytes / MIB,
        });
        file.terminate();
        return;
      }
      if (size > limits.maxEntryBytes) {
        cut = true;
        chunks.length = 0;
        file.terminate();
        ready.push({ path: file.name, tooLarge: true });
        return;
      }
      chunks.push(chunk);
      if (final) ready.push({ path: file.name, bytes: concat(chunks, size) });
    };
    try {
      file.start();
    } catch (error) {
      // A compression method fflate does not know (e.g. LZMA): the entry cannot be read.
      failure ??= brokenZip(name, error);
    }
  });
  unzip.register(UnzipInflate);

  for (let offset = 0; offset < bytes.length; offset += CHUNK_BYTES) {
    if (options.signal?.aborted) throw new DatasetError('DATA_LOAD_CANCELLED');
    const end = Math.min(bytes.length, offset + CHUNK_BYTES);
    try {
      unzip.push(bytes.subarray(offset, end), end === bytes.length);
    } catch (error) {
      throw brokenZip(name, error);
    }
    if (failure) throw failure;
    while (ready.length > 0) await onEntry(ready.shift() as ZipEntryResult);
  }
}

function concat(chunks: readonly Uint8Array[], size: number): Uint8Array {
  if (chunks.length === 1) return chunks[0] as Uint8Array;
  const out = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}
