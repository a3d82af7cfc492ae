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
} as const satisfies Partial<Record<EngineMessageKey, string>> & Record<`engine.DATA_${string}` | `data.${string}`, string>;

/** The engine codes whose sentences live here rather than in engine.en.ts. */
export type DataEngineKey = Extract<keyof typeof dataEn, EngineMessageKey>;
