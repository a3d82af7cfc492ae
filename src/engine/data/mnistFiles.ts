/** The four MNIST files and where the app serves them; shared by the loaders and the Vite plugin. */

export const MNIST_FILES = {
  trainImages: 'train-images-idx3-ubyte',
  trainLabels: 'train-labels-idx1-ubyte',
  testImages: 't10k-images-idx3-ubyte',
  testLabels: 't10k-labels-idx1-ubyte',
} as const;

export type MnistFileKey = keyof typeof MNIST_FILES;
export type MnistFileName = (typeof MNIST_FILES)[MnistFileKey];

/** Size of each raw (decompressed) file, for progress when a server decompresses on the way. */
export const MNIST_RAW_BYTES: Readonly<Record<MnistFileName, number>> = {
  'train-images-idx3-ubyte': 16 + 60000 * 28 * 28,
  'train-labels-idx1-ubyte': 8 + 60000,
  't10k-images-idx3-ubyte': 16 + 10000 * 28 * 28,
  't10k-labels-idx1-ubyte': 8 + 10000,
};

export const MNIST_FILE_NAMES: readonly MnistFileName[] = Object.values(MNIST_FILES);

/** Path of the gzip assets below the app's base URL: `<base>data/mnist/<file>.gz`. */
export const MNIST_ASSET_DIR = 'data/mnist/';

/** Side length of an MNIST image in pixels. */
export const MNIST_SIDE = 28;
