/**
 * `npm run reproduce [-- PRESET…] [--max-minutes N] [--backend wasm|cpu]`: trains each course
 * preset with `kairo train --json` for its full epochs and writes docs/REPRODUCTION.md (the table
 * the course's results are checked against) and docs/reproduction.json (the same records as data).
 *
 * Results are written after every epoch, so a run that is stopped (by its time budget, or killed)
 * still leaves the time per epoch and the accuracy reached so far in the report. Runs of different
 * presets may happen in different invocations (e.g. the long CNN run in the background): each
 * invocation updates only its own presets' records and re-renders the whole report.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PRESET_DIR = path.join(ROOT, 'presets');
const CLI = path.join(ROOT, 'src/cli/kairo.ts');
export const REPORT_PATH = path.join(ROOT, 'docs/REPRODUCTION.md');
export const RECORDS_PATH = path.join(ROOT, 'docs/reproduction.json');

/** What the course printed for each exercise, and the bar a preset must reach on the test images. */
export interface CourseBar {
  preset: string;
  /** What the course ran. */
  course: string;
  /** The course's printed test accuracy; null where the course printed none (the perceptron slides). */
  courseAccuracy: number | null;
  bar: number;
}

/** In the order the report lists them (the order they are taught). */
export const COURSE_BARS: readonly CourseBar[] = [
  { preset: 'mnist-perceptron', course: "Rosenblatt's perceptron (slides), 0 vs 1", courseAccuracy: null, bar: 0.98 },
  { preset: 'mnist-logreg', course: 'scikit-learn LogisticRegression', courseAccuracy: 0.9151, bar: 0.915 },
  { preset: 'mnist-svm', course: 'scikit-learn SVC (RBF kernel)', courseAccuracy: 0.9408, bar: 0.941 },
  { preset: 'mnist-mlp', course: 'Keras MLP 512-512-10, RMSprop, 20 epochs', courseAccuracy: 0.9824, bar: 0.982 },
  { preset: 'mnist-cnn', course: 'Keras CNN, Adadelta, 12 epochs', courseAccuracy: 0.9914, bar: 0.991 },
];

/** What the report says about how each preset stands in for the course's run. */
const METHOD_NOTES: readonly string[] = [
  '**mnist-perceptron**: the slides show the perceptron without a printed result; the task here is MNIST 0 vs 1 ' +
    '(12,665 training, 2,115 test images), one unit sgn(w·x + b) trained with the hinge loss through sign\'s identity ' +
    'straight-through gradient, which makes each SGD step (batch 1, learning rate 1, weights from 0) Rosenblatt\'s rule.',
  '**mnist-logreg**: one dense softmax layer (7,850 parameters) with cross-entropy is multinomial logistic regression; ' +
    'trained by plain SGD (learning rate 0.5, batch 128, 10 epochs) instead of scikit-learn\'s own solver, and without ' +
    'its default L2 penalty (C = 1).',
  '**mnist-svm**: an RBF-kernel SVM approximated by 2,000 random Fourier features (Rahimi & Recht 2007) with ' +
    'γ = 0.01344, scikit-learn\'s gamma="scale" computed on the 60,000 training images (1/(784 · 0.09493), the ' +
    'variance of all pixels in [0,1]), then a linear layer trained with the categorical hinge loss (the multi-class SVM ' +
    'loss; Adam, learning rate 0.01, batch 128, 5 epochs). The projection is fixed and seeded; only the 20,010 weights ' +
    'of the linear layer are trained.',
  '**mnist-mlp** and **mnist-cnn**: the course\'s Keras networks layer for layer (669,706 and 1,199,882 parameters), ' +
    'with the same optimizers, batch size and epochs; tfjs draws its own initial weights (seeded), so single runs differ ' +
    'from the course\'s by their random start. Dropout masks are not seeded (a fixed tfjs dropout seed would repeat ' +
    'one mask every batch), so these two vary a little from run to run: two full MLP runs here gave 0.9833 and 0.9856.',
  '**mnist-cnn** first stayed at chance (loss 2.300, test accuracy 0.1135 after one epoch): tfjs 4.22\'s Adadelta ' +
    'divides by the squared-gradient mean before adding the current gradient, so its first step at learning rate 1.0 ' +
    'is a full gradient step. Kairo now builds Adadelta with Keras\'s order of updates (src/engine/adadelta.ts); the ' +
    'run below is with that fix.',
  'The CI guards (tests/unit/presets-guard.test.ts) train every preset briefly on a subset and check a floor well ' +
    'above chance; this report is the full-length check.',
];

export interface MachineInfo {
  cpu: string;
  cores: number;
  memoryGiB: number;
  platform: string;
  node: string;
}

export interface EpochLine {
  epoch: number;
  loss: number;
  accuracy: number;
  /** Accuracy on the validation data, here the test images (every preset validates on them). */
  valAccuracy: number | null;
  seconds: number;
  samplesPerSecond: number;
  /** The machine's 1-minute load average when the epoch ended (2 cores: above 2 means sharing). */
  load?: number;
}

export type RunStatus = 'running' | 'completed' | 'stopped' | 'failed';

/** One preset's run, as far as it got. */
export interface RunRecord {
  preset: string;
  status: RunStatus;
  /** Why a run stopped or failed. */
  note?: string;
  backend: string | null;
  epochsPlanned: number | null;
  trainCount: number | null;
  testCount: number | null;
  epochs: EpochLine[];
  /** Final test accuracy (set when the run completed). */
  testAccuracy: number | null;
  /** Wall time from the start of `kairo train` (data loading and evaluation included). */
  wallSeconds: number;
  startedAt: string;
  machine: MachineInfo;
  /** An earlier run of the same preset that got further than this one has so far (shown until it is overtaken). */
  previous?: RunRecord;
}

/** True when run `a` got further than run `b`: it completed and `b` did not, or it finished more epochs. */
export function furtherThan(a: RunRecord, b: RunRecord): boolean {
  if (b.status === 'completed') return false;
  return a.status === 'completed' || a.epochs.length > b.epochs.length;
}

export function currentMachine(): MachineInfo {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() || 'unknown CPU',
    cores: cpus.length,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    node: process.version,
  };
}

// ---------------------------------------------------------------------------------------------
// The report (pure)

/** "2 h 05 min", "3 min 12 s", "48 s". */
export function formatDuration(seconds: number): string {
  const whole = Math.max(0, Math.round(seconds));
  const hours = Math.floor(whole / 3600);
  const minutes = Math.floor((whole % 3600) / 60);
  const rest = whole % 60;
  if (hours > 0) return `${hours} h ${String(minutes).padStart(2, '0')} min`;
  if (minutes > 0) return `${minutes} min ${String(rest).padStart(2, '0')} s`;
  return `${rest} s`;
}

const accuracyText = (value: number | null | undefined) => (value === null || value === undefined ? '–' : value.toFixed(4));

/** The mean wall time of the finished epochs; null before the first one. */
export function secondsPerEpoch(record: RunRecord): number | null {
  if (record.epochs.length === 0) return null;
  return record.epochs.reduce((sum, line) => sum + line.seconds, 0) / record.epochs.length;
}

/** pass / fail for a completed run; for any other, what it reached so far, marked as such. */
export function verdict(record: RunRecord, bar: number): string {
  if (record.status === 'completed' && record.testAccuracy !== null) {
    return record.testAccuracy >= bar ? '**pass**' : '**FAIL**';
  }
  if (record.status === 'failed') return `**failed**${record.note ? `: ${record.note}` : ''}`;
  const perEpoch = secondsPerEpoch(record);
  const last = record.epochs.at(-1);
  const reached = last?.valAccuracy ?? null;
  const state = record.status === 'running' ? 'still running' : `did not finish${record.note ? ` (${record.note})` : ''}`;
  const parts = [`*${state}*`];
  if (perEpoch !== null) parts.push(`${formatDuration(perEpoch)}/epoch`);
  if (reached !== null && last) {
    parts.push(`${accuracyText(reached)} after epoch ${last.epoch}${reached >= bar ? ' (already ≥ bar)' : ''}`);
  } else {
    parts.push('no epoch finished yet');
  }
  if (perEpoch !== null && record.epochsPlanned !== null) {
    parts.push(`full run ≈ ${formatDuration(perEpoch * record.epochsPlanned)}`);
  }
  return parts.join(', ');
}

function machineLine(machine: MachineInfo): string {
  return `${machine.cpu}, ${machine.cores} cores (os.cpus()), ${machine.memoryGiB} GiB RAM, ${machine.platform}, Node ${machine.node}`;
}

/** One run's epoch table under its own heading. */
function renderEpochs(lines: string[], record: RunRecord, label?: string): void {
  lines.push('');
  lines.push(
    `### ${record.preset}${label ? ` (${label})` : ''} — started ${record.startedAt}, ${record.trainCount ?? '?'} training images, ${record.testCount ?? '?'} test images, backend ${record.backend ?? '?'}, status ${record.status}${record.note ? ` (${record.note})` : ''}`,
  );
  lines.push('');
  if (record.epochs.length === 0) {
    lines.push('No epoch finished.');
    return;
  }
  lines.push('| Epoch | Loss | Training accuracy | Test accuracy | Seconds | Samples/s | Load average |');
  lines.push('|---|---|---|---|---|---|---|');
  for (const line of record.epochs) {
    lines.push(
      `| ${line.epoch} | ${line.loss.toFixed(4)} | ${line.accuracy.toFixed(4)} | ${accuracyText(line.valAccuracy)} | ${line.seconds.toFixed(1)} | ${Math.round(line.samplesPerSecond)} | ${line.load === undefined ? '–' : line.load.toFixed(1)} |`,
    );
  }
  if (record.status === 'completed') lines.push('', `Final test accuracy: **${accuracyText(record.testAccuracy)}**.`);
}

/** The whole of docs/REPRODUCTION.md from the records (by preset), in the bars' order. */
export function renderReport(records: Readonly<Record<string, RunRecord>>, bars: readonly CourseBar[] = COURSE_BARS): string {
  const lines: string[] = [];
  lines.push('# Reproducing the course results');
  lines.push('');
  lines.push(
    'The course 数理生物学演習 第13回「ニューラルネットワーク」 ran its MNIST exercises in scikit-learn and Keras; ' +
      'each is a preset in `presets/`, and this report is what Kairo\'s own engine reaches on them. ' +
      'Written by `npm run reproduce` (scripts/reproduce.ts), which trains each preset with `kairo train --json` ' +
      'for its full epochs in Node and updates this file after every epoch. The test accuracy is measured on the ' +
      'MNIST test images: all 10,000, or the 2,115 images of the digits 0 and 1 for the two-class perceptron.',
  );
  lines.push('');
  lines.push('| Preset | Course | Course result | Epochs | Backend | Wall time | Test accuracy | Bar | Result |');
  lines.push('|---|---|---|---|---|---|---|---|---|');
  const known = new Set(bars.map((bar) => bar.preset));
  for (const bar of bars) {
    const latest = records[bar.preset];
    // While a newer run has not caught up, the table shows the earlier run that got further.
    const record = latest?.previous ?? latest;
    const course = `${bar.course}`;
    const courseResult = bar.courseAccuracy === null ? '–' : bar.courseAccuracy.toFixed(4);
    if (!record) {
      lines.push(`| ${bar.preset} | ${course} | ${courseResult} | – | – | – | – | ≥ ${bar.bar} | *not run yet* |`);
      continue;
    }
    const epochs = `${record.epochs.length}/${record.epochsPlanned ?? '?'}`;
    const test =
      record.status === 'completed'
        ? accuracyText(record.testAccuracy)
        : `${accuracyText(record.epochs.at(-1)?.valAccuracy)} *(so far)*`;
    const newer =
      latest && record !== latest
        ? ` (a newer run, started ${latest.startedAt}, has finished ${latest.epochs.length} epoch(s) so far)`
        : '';
    lines.push(
      `| ${bar.preset} | ${course} | ${courseResult} | ${epochs} | ${record.backend ?? '–'} | ${formatDuration(record.wallSeconds)} | ${test} | ≥ ${bar.bar} | ${verdict(record, bar.bar)}${newer} |`,
    );
  }
  for (const [preset, record] of Object.entries(records)) {
    if (known.has(preset)) continue;
    lines.push(
      `| ${preset} | – | – | ${record.epochs.length}/${record.epochsPlanned ?? '?'} | ${record.backend ?? '–'} | ${formatDuration(record.wallSeconds)} | ${accuracyText(record.testAccuracy)} | – | ${record.status} |`,
    );
  }
  lines.push('');

  const runs = Object.values(records);
  const machines = [...new Set(runs.map((record) => machineLine(record.machine)))];
  lines.push('## Machine and dates');
  lines.push('');
  if (machines.length === 0) lines.push('No run yet.');
  for (const machine of machines) lines.push(`- ${machine}`);
  for (const record of runs) lines.push(`- ${record.preset}: started ${record.startedAt}`);
  lines.push('');
  lines.push(
    'The machine is shared: other processes ran at the same time (the load average per epoch is below; on 2 cores ' +
      'anything above 2 means the run waited for a core), so wall times are upper bounds for this CPU. ' +
      'Wall time runs from the start of `kairo train` to its end (loading MNIST, training, the per-epoch validation on ' +
      'the test images, and the final evaluation).',
  );
  lines.push('');

  lines.push('## Epoch by epoch');
  for (const bar of [...bars.map((entry) => entry.preset), ...runs.map((record) => record.preset).filter((preset) => !known.has(preset))]) {
    const latest = records[bar];
    if (!latest) continue;
    for (const record of latest.previous ? [latest.previous, latest] : [latest]) {
      renderEpochs(lines, record, record === latest && latest.previous ? 'newer run' : undefined);
    }
  }
  lines.push('');
  lines.push('## How each exercise is reproduced');
  lines.push('');
  for (const note of METHOD_NOTES) lines.push(`- ${note}`);
  lines.push('');
  lines.push('## Rerunning');
  lines.push('');
  lines.push('```sh');
  lines.push('npm run reproduce                                # every preset, one after another');
  lines.push('npm run reproduce -- mnist-logreg mnist-svm      # some of them');
  lines.push('nohup npm run reproduce -- mnist-cnn --max-minutes 300 &   # a long run in the background');
  lines.push('```');
  lines.push('');
  lines.push(
    '`--max-minutes N` stops a preset after N minutes and reports the epochs it finished; `--backend cpu` trains on ' +
      'the plain JavaScript backend instead of WASM; `--render` rewrites this file from docs/reproduction.json ' +
      'without training.',
  );
  lines.push('');
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------
// Records on disk

/** The records written so far; an unreadable file counts as none (it is rewritten). */
export function readRecords(file: string = RECORDS_PATH): Record<string, RunRecord> {
  if (!existsSync(file)) return {};
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as { records?: Record<string, RunRecord> };
    return parsed.records ?? {};
  } catch {
    return {};
  }
}

function writeAtomically(file: string, text: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, text);
  renameSync(temporary, file);
}

/**
 * Stores one preset's record and re-renders the report. Re-reads the other records first, so two
 * invocations (e.g. the CNN in the background) do not erase each other's results.
 */
export function saveRecord(record: RunRecord, recordsFile: string = RECORDS_PATH, reportFile: string = REPORT_PATH): void {
  const stored = readRecords(recordsFile);
  const before = stored[record.preset];
  if (before && before.startedAt !== record.startedAt) {
    // A new run of this preset: keep the earlier one while it got further than this one has yet.
    const earlier = before.previous && furtherThan(before.previous, before) ? before.previous : before;
    const { previous: _dropped, ...earlierAlone } = earlier;
    record.previous = earlierAlone;
  }
  if (record.previous && !furtherThan(record.previous, record)) delete record.previous;
  const records = { ...stored, [record.preset]: record };
  writeAtomically(recordsFile, `${JSON.stringify({ records }, null, 2)}\n`);
  writeAtomically(reportFile, renderReport(records));
}

// ---------------------------------------------------------------------------------------------
// Running one preset

export interface ReproduceOptions {
  presets: string[];
  /** Only re-render the report from docs/reproduction.json; train nothing. */
  renderOnly?: boolean;
  backend: 'wasm' | 'cpu';
  /** Per preset; undefined = no limit. */
  maxMinutes?: number;
}

/** Parses the command line; a string is the problem with it. */
export function parseReproduceArguments(args: readonly string[]): ReproduceOptions | string {
  const presets: string[] = [];
  const options: ReproduceOptions = { presets, backend: 'wasm' };
  for (let index = 0; index < args.length; index++) {
    const arg = args[index] as string;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? arg.split(/=(.*)/s, 2) : [arg, undefined];
    const value = () => inline ?? args[++index];
    if (flag === '--max-minutes') {
      const text = value();
      const minutes = Number(text);
      if (text === undefined || !(minutes > 0)) return `--max-minutes needs a number of minutes > 0, got "${text ?? ''}"`;
      options.maxMinutes = minutes;
    } else if (flag === '--render') {
      options.renderOnly = true;
    } else if (flag === '--backend') {
      const text = value();
      if (text !== 'wasm' && text !== 'cpu') return `--backend must be wasm or cpu, got "${text ?? ''}"`;
      options.backend = text;
    } else if (flag?.startsWith('-')) {
      return `unknown option ${flag}`;
    } else {
      // "mnist-svm", "svm", "presets/mnist-svm.json" all name the same preset.
      const base = path.basename(arg).replace(/\.json$/, '');
      const name = existsSync(path.join(PRESET_DIR, `${base}.json`)) ? base : `mnist-${base}`;
      if (!existsSync(path.join(PRESET_DIR, `${name}.json`))) return `no preset "${arg}" in presets/`;
      presets.push(name);
    }
  }
  if (presets.length === 0) presets.push(...COURSE_BARS.map((bar) => bar.preset));
  return options;
}

/** One JSON line of `kairo train --json`, as far as this script reads it. */
interface TrainLine {
  type?: string;
  backend?: string;
  epochs?: number;
  trainCount?: number;
  testCount?: number;
  epoch?: number;
  loss?: number;
  accuracy?: number;
  valAccuracy?: number;
  seconds?: number;
  samplesPerSecond?: number;
  count?: number;
  message?: string;
}

/** Applies one output line of `kairo train --json` to the record; true when the record changed. */
export function applyTrainLine(record: RunRecord, line: TrainLine): boolean {
  switch (line.type) {
    case 'start':
      record.backend = line.backend ?? record.backend;
      record.epochsPlanned = line.epochs ?? record.epochsPlanned;
      record.trainCount = line.trainCount ?? record.trainCount;
      record.testCount = line.testCount ?? record.testCount;
      return true;
    case 'epoch':
      record.epochs.push({
        epoch: line.epoch ?? record.epochs.length + 1,
        loss: line.loss ?? Number.NaN,
        accuracy: line.accuracy ?? Number.NaN,
        valAccuracy: line.valAccuracy ?? null,
        seconds: line.seconds ?? 0,
        samplesPerSecond: line.samplesPerSecond ?? 0,
        load: Math.round((os.loadavg()[0] ?? 0) * 100) / 100,
      });
      return true;
    case 'test':
      record.status = 'completed';
      record.testAccuracy = line.accuracy ?? null;
      record.testCount = line.count ?? record.testCount;
      record.backend = line.backend ?? record.backend;
      return true;
    case 'failed':
      record.status = 'failed';
      record.note = line.message ?? 'kairo train failed';
      return true;
    default:
      return false;
  }
}

/** Set by Ctrl-C / SIGTERM: the preset in training is stopped and reported, and no further one starts. */
let stopRequested = false;

/** Trains one preset in a child `kairo train --json`, saving the record after every line that matters. */
async function reproducePreset(preset: string, options: ReproduceOptions): Promise<RunRecord> {
  const started = performance.now();
  const record: RunRecord = {
    preset,
    status: 'running',
    backend: null,
    epochsPlanned: null,
    trainCount: null,
    testCount: null,
    epochs: [],
    testAccuracy: null,
    wallSeconds: 0,
    startedAt: new Date().toISOString(),
    machine: currentMachine(),
  };
  const save = () => {
    record.wallSeconds = (performance.now() - started) / 1000;
    saveRecord(record);
  };
  save();

  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', CLI, 'train', path.join(PRESET_DIR, `${preset}.json`), '--json', '--backend', options.backend],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let timedOut = false;
  let interrupted = false;
  const budget =
    options.maxMinutes === undefined
      ? undefined
      : setTimeout(() => {
          timedOut = true;
          child.kill('SIGTERM');
        }, options.maxMinutes * 60_000);
  // Stopping this script stops the training with it and still reports what was reached.
  const forward = () => {
    interrupted = true;
    stopRequested = true;
    child.kill('SIGTERM');
  };
  process.once('SIGINT', forward);
  process.once('SIGTERM', forward);

  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  // Keeps the wall time of a long epoch current in the report.
  const heartbeat = setInterval(save, 60_000);
  if (child.stdout) {
    for await (const text of createInterface({ input: child.stdout })) {
      let line: TrainLine;
      try {
        line = JSON.parse(text) as TrainLine;
      } catch {
        continue; // not one of kairo train's JSON lines
      }
      if (applyTrainLine(record, line)) {
        save();
        if (line.type === 'epoch') {
          const last = record.epochs.at(-1);
          process.stdout.write(
            `${preset}: epoch ${last?.epoch}/${record.epochsPlanned ?? '?'}  test accuracy ${accuracyText(last?.valAccuracy)}  ${last?.seconds.toFixed(1)} s\n`,
          );
        }
      }
    }
  }
  const code = await exited;
  clearInterval(heartbeat);
  if (budget) clearTimeout(budget);
  process.removeListener('SIGINT', forward);
  process.removeListener('SIGTERM', forward);

  if (record.status === 'running') {
    record.status = timedOut || interrupted ? 'stopped' : 'failed';
    record.note = timedOut
      ? `time budget of ${options.maxMinutes} min reached`
      : interrupted
        ? 'interrupted'
        : `kairo train ended with exit code ${code ?? 'none (killed)'} before the test evaluation`;
  }
  save();
  return record;
}

async function main(): Promise<number> {
  const options = parseReproduceArguments(process.argv.slice(2));
  if (typeof options === 'string') {
    process.stderr.write(`reproduce: ${options}\n`);
    process.stderr.write('usage: npm run reproduce [-- PRESET…] [--max-minutes N] [--backend wasm|cpu] [--render]\n');
    return 2;
  }
  if (options.renderOnly) {
    writeAtomically(REPORT_PATH, renderReport(readRecords()));
    process.stdout.write(`report: ${path.relative(process.cwd(), REPORT_PATH)}\n`);
    return 0;
  }
  let failures = 0;
  for (const preset of options.presets) {
    if (stopRequested) break;
    process.stdout.write(`${preset}: training with kairo train (${options.backend})…\n`);
    const record = await reproducePreset(preset, options);
    const bar = COURSE_BARS.find((entry) => entry.preset === preset)?.bar;
    const outcome = bar === undefined ? record.status : verdict(record, bar).replaceAll('*', '');
    process.stdout.write(
      `${preset}: ${outcome} — test accuracy ${accuracyText(record.testAccuracy ?? record.epochs.at(-1)?.valAccuracy)}, ${formatDuration(record.wallSeconds)}\n`,
    );
    if (record.status === 'failed' || (record.status === 'completed' && bar !== undefined && (record.testAccuracy ?? 0) < bar)) {
      failures++;
    }
  }
  process.stdout.write(`report: ${path.relative(process.cwd(), REPORT_PATH)}\n`);
  return failures === 0 ? 0 : 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main();
}
