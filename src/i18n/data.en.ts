/**
 * English text of the user's own data: the engine's sentences about image folders, zips and tables
 * (`engine.<CODE>`, codes in src/engine/failures.ts) and the data view, import and "try an image"
 * (`data.*`). Spread into en.ts; data.ja.ts has the same keys.
 */
import type { EngineMessageKey } from '../engine/failures';

export const dataEn = {
  'engine.DATA_TOO_FEW_CLASSES':
    'Kairo found {count} class folders ({classes}) but needs at least two: put the images of each class in a subfolder named after the class.',
  'engine.DATA_EMPTY_CLASS':
    'The class folder {classes} holds no usable image. Every class needs at least one image (or remove the folder).',
  'engine.DATA_TEST_CLASS_UNKNOWN': 'The test data has classes the training data does not: {classes} (training classes: {known}).',
  'engine.DATA_TOO_LARGE':
    '{count} images at {shape} would take {megabytes} MB, more than the {budget} MB Kairo allows for images. Choose a smaller image size ({smaller} fits) or grey ({greyMegabytes} MB).',
  'engine.DATA_NOT_STORED':
    'This browser does not hold the data “{name}” this graph trains on. Choose it again: the Dataset node’s “Choose data” or the Data view.',
  'engine.DATA_STORE_QUOTA':
    'The browser refused to store the data ({megabytes} MB): its storage for this site is full. Delete data you no longer need in the Data view, or free disk space.',
  'engine.DATA_STORE_FAILED':
    'The data could not be stored in this browser (a private window, or site storage switched off). Your files are unchanged; try a normal window.',
  'engine.DATA_IMAGE_UNREADABLE': '“{file}” could not be read as an image.',
  'engine.DATA_ZIP_BROKEN': '“{file}” is not a zip file Kairo can read (it may be damaged or use an unusual compression).',
  'engine.DATA_ZIP_TOO_LARGE':
    '“{file}” is larger than Kairo reads ({megabytes} MB so far; the limit is {limit} MB). Use fewer or smaller images, or pick the folder instead.',
  'engine.DATA_ZIP_TOO_MANY_FILES': '“{file}” holds {count} files; Kairo reads at most {limit}.',
  'engine.DATA_TABLE_UNREADABLE': '“{file}” cannot be read as a table: a quotation mark is not closed near row {row}.',
  'engine.DATA_TABLE_EMPTY': '“{file}” has no rows of values under its header: a table needs a header row and at least one row of data.',
  'engine.DATA_TABLE_BAD_HEADER': 'A column name in “{file}” is too long ({column}); names may have at most 200 characters.',
  'engine.DATA_TABLE_DUPLICATE_COLUMN': 'Two columns of “{file}” are both called “{column}”; rename one of them.',
  'engine.DATA_TABLE_RAGGED':
    '{count} rows of “{file}” do not have the {expected} values of the header row (line {rows}; the first has {found}). Check the delimiter and the quotation marks.',
  'engine.DATA_TABLE_NO_COLUMN': '“{file}” has no column {columns}.',
  'engine.DATA_TABLE_ONE_CLASS': 'The label column “{column}” of “{file}” has only one class ({classes}); a classifier needs at least two.',
  'engine.DATA_TABLE_TOO_MANY_CLASSES':
    'The label column “{column}” of “{file}” has {count} different values; Kairo classifies at most {limit} classes. Is it the right column?',
  'engine.DATA_TABLE_NO_NUMERIC':
    'None of the feature columns of “{file}” holds numbers ({columns}). Kairo needs at least one numeric column: is the delimiter right?',
  'engine.DATA_TABLE_UNLABELLED': '{count} rows without a value in “{column}” are left out.',
  'engine.DATA_TABLE_ROWS_DROPPED': '{count} rows with missing values are left out (Dataset node: missing values “drop”).',
  'engine.DATA_TABLE_ROWS_FILLED':
    '{count} rows with missing values were filled in with the training mean or the most frequent category (Dataset node: missing values “fill”).',

  'data.skip.notImage': 'not an image',
  'data.skip.empty': 'empty file',
  'data.skip.damaged': 'damaged',
  'data.skip.notDecodable': 'format not decoded by the command line: only JPEG, PNG and TIFF',
  'data.skip.tooLarge': 'too large',
  'data.skip.outsideClass': 'not inside a class folder',

  'data.cli.skipped': 'files skipped ({count}): {files}',
  'data.cli.otherData': 'the graph was made with the data “{named}”; training on “{given}” instead',
  'data.cli.noDataset': 'the graph has no Dataset node',
  'data.cli.needsImages': 'this graph trains on your images “{name}”: give the folder or .zip with --data PATH',
  'data.cli.needsTable': 'this graph trains on your table “{name}”: give the .csv file with --data PATH',
  'data.cli.labelNeedsTable': '--label names a column of a table; --data is not a .csv or .tsv file',

  'data.loading': 'Loading the data “{name}”…',
  'data.title': 'Data',
  'data.close': 'Close the data view',
  'data.topbar': 'Data',
  'data.topbarTitle': 'Your images and tables: import, look at, delete',
  'data.kind.images': 'images',
  'data.kind.table': 'table',

  'data.node.chooseImages': 'No images chosen yet',
  'data.node.chooseTable': 'No table chosen yet',
  'data.node.missing': '“{name}” is not in this browser',
  'data.node.builtin': 'Built in',
  'data.node.ready': 'Stored in this browser',
  'data.node.pick': 'Choose…',

  'data.ref.none': 'No data chosen yet.',
  'data.ref.counts': '{train} for training · {test} separate test',
  'data.ref.otherSize': '“{name}” is stored at another size, colour or fit. Choose the folder again to prepare it for these settings.',
  'data.ref.choose': 'Choose data…',
  'data.ref.view': 'Open the data view',

  'data.blocked.images': 'Choose the images to train on first (Dataset node → Choose…).',
  'data.blocked.table': 'Choose the table to train on first (Dataset node → Choose…).',

  'data.current.title': 'This graph’s data',
  'data.current.mnist': 'This graph trains on MNIST, the handwritten digits built into Kairo.',
  'data.current.chooseImages': 'This graph trains on images: choose a folder with one subfolder per class, or a .zip of one, below.',
  'data.current.chooseTable': 'This graph trains on a table: choose a CSV file, or a built-in table, below.',
  'data.current.checking': 'Looking for the data in this browser…',
  'data.current.pickAgain': 'Choose the same {kind} again below (classes: {classes}); the rest of the graph is kept.',
  'data.current.builtin': 'This graph trains on the built-in table “{name}”.',
  'data.current.ready': 'This graph trains on “{name}” ({kind}), stored in this browser.',

  'data.preview.count': '{count} images',
  'data.preview.imbalance':
    'The classes are badly unbalanced: “{small}” has {smallCount} samples and “{large}” {largeCount}. The network may learn to favour the larger class; collect more of the smaller one if you can.',

  'data.columns.name': 'Column',
  'data.columns.type': 'Type',
  'data.columns.use': 'Used as',
  'data.columns.values': 'Values',
  'data.columns.missing': 'Missing',
  'data.columns.kind.numeric': 'numbers',
  'data.columns.kind.categorical': 'categories',
  'data.columns.role.label': 'label (class)',
  'data.columns.role.feature': 'input',
  'data.columns.role.unused': 'not used',
  'data.columns.range': '{min} to {max} (mean {mean})',

  'data.import.title': 'Bring data in',
  'data.import.drop': 'Pick with the buttons, or drop a folder, a .zip or a .csv file anywhere on this window.',
  'data.import.imagesTitle': 'Images',
  'data.import.imagesHint': 'One subfolder per class; the folder names become the class names. JPEG, PNG, WebP, GIF, BMP and TIFF.',
  'data.import.folder': 'Choose a folder…',
  'data.import.zip': 'Choose a .zip…',
  'data.import.nothing': 'Nothing chosen yet.',
  'data.import.files': '“{name}”: {count} files',
  'data.import.testTitle': 'Separate test images (optional)',
  'data.import.testFolder': 'Test folder…',
  'data.import.testZip': 'Test .zip…',
  'data.import.noTest': 'None: a seeded part of each class is held out for the test.',
  'data.import.size': 'Size',
  'data.import.colour': 'Colour',
  'data.import.rgb': 'RGB',
  'data.import.grey': 'grey',
  'data.import.fit': 'Fit',
  'data.import.fit.squash': 'squash',
  'data.import.fit.crop': 'centre crop',
  'data.import.fit.pad': 'pad',
  'data.import.start': 'Import',
  'data.import.tableTitle': 'Table',
  'data.import.tableHint': 'A CSV or TSV file: one row per sample, a header row, a column with the class.',
  'data.import.table': 'Choose a CSV file…',
  'data.import.testTable': 'Test CSV (optional)…',
  'data.import.label': 'Label column (the class)',
  'data.import.features': 'Input columns ({count} rows)',
  'data.import.builtins': 'Built in:',
  'data.import.reading': 'Reading the files…',
  'data.import.progress': 'Decoding: {done} of {total} files',
  'data.import.cancel': 'Cancel',
  'data.import.cancelled': 'Import cancelled: nothing was stored, and the graph is as it was.',
  'data.import.done': 'Imported “{name}”: {classes} classes, {count} samples in {seconds} s. The Dataset node now uses it.',
  'data.import.skipped': '{count} files skipped — show which and why',

  'data.builtin.iris': 'Iris flowers',
  'data.builtin.penguins': 'Palmer penguins',

  'data.stored.title': 'Stored in this browser',
  'data.stored.total': '{megabytes} MB in all',
  'data.stored.none': 'No data stored yet.',
  'data.stored.inUse': 'in use',
  'data.stored.classes': '{classes} classes · {count} samples',
  'data.stored.size': '{megabytes} MB',
  'data.stored.use': 'Use',
  'data.stored.delete': 'Delete',

  'data.storage.STORAGE_UNAVAILABLE': 'This browser does not let Kairo store data (a private window, or site storage switched off). Imported data is lost when the page closes.',
  'data.storage.STORAGE_QUOTA': 'The browser’s storage for this site is full. Delete data you no longer need, or free disk space.',
  'data.storage.STORAGE_TOO_NEW': 'The stored data was written by a newer Kairo; it is left untouched. Reload to get the newer Kairo.',
  'data.storage.STORAGE_BLOCKED': 'Another Kairo tab keeps the storage open. Close the other tabs and try again.',
  'data.storage.STORAGE_FAILED': 'The browser could not read or write the stored data.',

  'data.try.tab': 'Try an image',
  'data.try.drop': 'Drop a picture here',
  'data.try.pick': 'Choose a picture…',
  'data.try.hint': 'The picture is prepared like the training images: the same size, colour and fit.',
  'data.try.empty': 'Drop or choose a picture to see what the network makes of it.',
} as const satisfies Partial<Record<EngineMessageKey, string>> & Record<`engine.DATA_${string}` | `data.${string}`, string>;

/** The engine codes whose sentences live here rather than in engine.en.ts. */
export type DataEngineKey = Extract<keyof typeof dataEn, EngineMessageKey>;
