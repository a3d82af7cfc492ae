/**
 * Main-thread long tasks while the real app trains (part of `npm run bench`; alone:
 * `npx tsx bench/longtasks.ts`). Training runs in the worker; this checks that the page stays
 * responsive while the dashboard streams its charts and progress.
 *
 * The built app (`vite preview`) in Debian's Chromium: the logistic-regression preset with batch 32
 * (of the presets, the most batch events per second, so the most work for the page), the training
 * panel open on its charts, trained for a fixed number of batches (default 10,000) and then stopped.
 * Reported for that window: long tasks (> 50 ms, PerformanceObserver 'longtask', the web's own
 * measure), the same tasks from a trace with the main thread's CPU time inside each (a long task
 * with little CPU in it is the machine's other processes taking the core, not the page's work), the
 * main thread's CPU per second, and frame intervals (requestAnimationFrame). Baseline, in the same
 * run: the same page idle for the same wall time (evaluation finished, nothing streaming).
 * Goal: no task with over 50 ms of the main thread's own CPU while training (wall-clock long tasks
 * on a shared machine mostly wait for a core; compare them with the idle baseline).
 *
 * Options: --batches N, --preset NAME (a file in presets/), --batch-size N, --port N, --no-build,
 * --inside (also look inside the Dense node while training: its Inside section, whose worker calls
 * refresh every three seconds, its gradient chart, and the wires coloured by gradient).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Page } from '@playwright/test';

const root = path.resolve(import.meta.dirname, '..');
const CHROMIUM = process.env.KAIRO_CHROMIUM ?? '/usr/bin/chromium';
const LONG_TASK_MS = 50;

export interface LongTaskOptions {
  batches: number;
  preset: string;
  batchSize: number;
  port: number;
  build: boolean;
  /** Also look inside while training: the Dense node's Inside section and gradient chart open, wires coloured by gradient. */
  inside: boolean;
}

export const DEFAULT_LONG_TASK_OPTIONS: LongTaskOptions = {
  batches: 10000,
  preset: 'mnist-logreg',
  batchSize: 32,
  port: 4179,
  build: true,
  inside: false,
};

/** What one window (training, or the idle baseline) looked like from the page's main thread. */
interface WindowResult {
  seconds: number;
  /** PerformanceObserver 'longtask' durations, ms. */
  longTasks: number[];
  /** Main-thread tasks over 50 ms wall time in the trace: wall and thread CPU, ms. */
  tracedLongTasks: { wallMs: number; cpuMs: number }[];
  mainThreadCpuMsPerSecond: number;
  frames: number;
  medianFrameMs: number;
  slowestFrameMs: number;
}

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  dur?: number;
  tdur?: number;
  args?: { name?: string };
}

/**
 * Counts long tasks and frame intervals in the page. Text, not a function: tsx compiles this file
 * with helpers (`__name`) that do not exist in the page.
 */
const COUNTERS_SCRIPT = `(() => {
  const bench = { longTasks: [], frames: [] };
  window.__kairoBench = bench;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.__kairoBench.longTasks.push(entry.duration);
  }).observe({ type: 'longtask' });
  let previous = performance.now();
  const tick = (now) => {
    window.__kairoBench.frames.push(now - previous);
    previous = now;
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})()`;

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, stdio: 'inherit' });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} exited ${code}`))));
  });
}

export async function startPreview(port: number): Promise<ChildProcess> {
  // Its own process group, so stopping it stops the node process npx starts too.
  const server = spawn('npx', ['vite', 'preview', '--host', '127.0.0.1', '--port', String(port), '--strictPort'], {
    cwd: root,
    stdio: 'ignore',
    detached: true,
  });
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const up = await fetch(`http://127.0.0.1:${port}/`).then(
      (response) => response.ok,
      () => false,
    );
    if (up) return server;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  stopServer(server);
  throw new Error('vite preview did not start');
}

export function stopServer(server: ChildProcess): void {
  if (server.pid === undefined) return;
  try {
    process.kill(-server.pid, 'SIGTERM');
  } catch {
    server.kill();
  }
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return Number.NaN;
  return sorted.length % 2 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** Runs `work` between a fresh start of the page's counters and a trace of its main thread. */
async function measureWindow(page: Page, work: () => Promise<void>): Promise<WindowResult> {
  const session = await page.context().newCDPSession(page);
  const events: TraceEvent[] = [];
  session.on('Tracing.dataCollected', (data) => {
    // Trace events are typed loosely by the protocol; these are the fields read below.
    events.push(...(data.value as unknown as TraceEvent[]));
  });
  const complete = new Promise<void>((resolve) => session.once('Tracing.tracingComplete', () => resolve()));
  await session.send('Tracing.start', { categories: 'devtools.timeline,disabled-by-default-devtools.timeline', transferMode: 'ReportEvents' });
  await page.evaluate('window.__kairoBench.longTasks = []; window.__kairoBench.frames = [];');
  const started = performance.now();
  await work();
  const seconds = (performance.now() - started) / 1000;
  const counters = (await page.evaluate('window.__kairoBench')) as { longTasks: number[]; frames: number[] };
  await session.send('Tracing.end');
  await complete;
  await session.detach();

  const main = events.find((event) => event.name === 'thread_name' && event.args?.name === 'CrRendererMain');
  const tasks = events.filter(
    (event) => main && event.pid === main.pid && event.tid === main.tid && event.ph === 'X' && event.name === 'RunTask',
  );
  const cpuMs = tasks.reduce((sum, event) => sum + (event.tdur ?? 0), 0) / 1000;
  return {
    seconds,
    longTasks: counters.longTasks,
    tracedLongTasks: tasks
      .filter((event) => (event.dur ?? 0) / 1000 > LONG_TASK_MS)
      .map((event) => ({ wallMs: (event.dur ?? 0) / 1000, cpuMs: (event.tdur ?? 0) / 1000 })),
    mainThreadCpuMsPerSecond: cpuMs / seconds,
    frames: counters.frames.length,
    medianFrameMs: median(counters.frames),
    slowestFrameMs: Math.max(0, ...counters.frames),
  };
}

async function setParam(page: Page, nodeId: string, param: string, value: string): Promise<void> {
  await page.getByTestId(`node-${nodeId}`).click();
  const field = page.getByTestId(`param-${param}`);
  await field.fill(value);
  await field.blur();
}

/** Batches the worker has reported so far, from the progress element's data attributes. */
const BATCHES_DONE = `(() => {
  const progress = document.querySelector('[data-testid="training-progress"]');
  if (!progress) return 0;
  const epoch = Number(progress.getAttribute('data-epoch') || 0);
  const batch = Number(progress.getAttribute('data-batch') || 0);
  const perEpoch = Number(progress.getAttribute('data-batches-per-epoch') || 0);
  return Math.max(0, epoch - 1) * perEpoch + batch;
})()`;

function describeWindow(label: string, result: WindowResult): string[] {
  const round = (value: number) => Math.round(value);
  const traced = result.tracedLongTasks.map((task) => `${round(task.wallMs)} ms (${round(task.cpuMs)} ms CPU)`);
  return [
    `${label}: ${result.seconds.toFixed(1)} s`,
    `  long tasks > ${LONG_TASK_MS} ms: ${result.longTasks.length}${result.longTasks.length ? ` [${result.longTasks.map(round).join(', ')}] ms` : ''}`,
    `  in the trace: ${traced.length ? traced.join(', ') : 'none'}`,
    `  of those, with over ${LONG_TASK_MS} ms of the page's own CPU: ${result.tracedLongTasks.filter((task) => task.cpuMs > LONG_TASK_MS).length}`,
    `  main-thread CPU: ${round(result.mainThreadCpuMsPerSecond)} ms per second`,
    `  frames: ${result.frames}, median ${result.medianFrameMs.toFixed(1)} ms, slowest ${round(result.slowestFrameMs)} ms`,
  ];
}

export async function measureLongTasks(options: LongTaskOptions): Promise<void> {
  console.log(
    `\n== Chromium: main-thread long tasks while the worker trains ${options.batches} batches${options.inside ? ', looking inside the Dense node (gradient chart, wires by gradient)' : ''} ==`,
  );
  const loadBefore = loadavg();
  if (options.build) await run('npx', ['vite', 'build', '--logLevel', 'warn']);
  const server = await startPreview(options.port);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    // The app's CSP forbids eval; Playwright's string predicates (waitForFunction) need it. The
    // policy changes nothing about how the page runs, so the bench alone sets it aside.
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 }, bypassCSP: true });
    // Installed before the app's scripts: every long task and every frame from then on is seen.
    await page.addInitScript(COUNTERS_SCRIPT);
    await page.goto(`http://127.0.0.1:${options.port}/`);
    await page.getByTestId('action-presets').click();
    await page.getByTestId(`preset-${options.preset}`).click();
    await page.locator('.react-flow__controls-fitview').click();
    await setParam(page, 'dataset', 'batchSize', String(options.batchSize));
    // More epochs than the window needs: the run is still going when the window ends.
    await setParam(page, 'optimizer', 'epochs', '1000');
    await page.getByTestId('training-toggle').click();
    const backend = page.getByTestId('training-backend');
    await backend.and(page.locator('[data-reason]')).waitFor({ timeout: 60_000 });
    await page.getByTestId('training-train').click();
    const progress = page.getByTestId('training-progress');
    await progress.and(page.locator('[data-status="training"]')).waitFor({ timeout: 120_000 });
    // The window starts with the first batch reported (the model compiled, the charts drawing).
    await page.waitForFunction(`${BATCHES_DONE} > 0`, undefined, { timeout: 120_000 });
    if (options.inside) {
      // Selected from the keyboard: with the panel open, the minimap may cover the card.
      await page.locator('.react-flow__node[data-id="dense"]').focus();
      await page.keyboard.press('Enter');
      await page.getByTestId('inside-gradient-chart').and(page.locator(':not([data-points="0"])')).waitFor({ timeout: 120_000 });
      await page.getByTestId('edge-gradient-toggle').click();
    }
    const from = (await page.evaluate(BATCHES_DONE)) as number;
    const training = await measureWindow(page, async () => {
      await page.waitForFunction(`${BATCHES_DONE} >= ${from + options.batches}`, undefined, { timeout: 0, polling: 250 });
    });
    const trained = ((await page.evaluate(BATCHES_DONE)) as number) - from;
    await page.getByTestId('training-stop').click();
    await progress.and(page.locator('[data-status="done"]')).waitFor();
    // The stopped model is evaluated on the test set; the idle window starts after that.
    await page.getByTestId('training-tab-evaluation').filter({ hasText: '%' }).waitFor({ timeout: 120_000 });
    const idle = await measureWindow(page, () => new Promise((resolve) => setTimeout(resolve, training.seconds * 1000)));

    console.log(`backend: ${await backend.getAttribute('data-backend')} (${await backend.getAttribute('data-reason')})`);
    const load = (values: number[]) => values.map((value) => value.toFixed(2)).join(' ');
    console.log(`load average (1, 5, 15 min): ${load(loadBefore)} before, ${load(loadavg())} after`);
    for (const line of describeWindow(`training ${trained} batches of ${options.batchSize} (${(trained / training.seconds).toFixed(0)} batches/s)`, training)) {
      console.log(line);
    }
    for (const line of describeWindow('idle baseline, same page, same length', idle)) console.log(line);
  } finally {
    await browser.close();
    stopServer(server);
  }
}

export function parseLongTaskOption(options: LongTaskOptions, arg: string, next: () => string): boolean {
  if (arg === '--batches') options.batches = Number(next());
  else if (arg === '--preset') options.preset = next();
  else if (arg === '--batch-size') options.batchSize = Number(next());
  else if (arg === '--port') options.port = Number(next());
  else if (arg === '--no-build') options.build = false;
  else if (arg === '--inside') options.inside = true;
  else return false;
  return true;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const options = { ...DEFAULT_LONG_TASK_OPTIONS };
  const args = process.argv.slice(2);
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    const next = () => {
      const value = args[++i];
      if (value === undefined) throw new Error(`${arg} needs a value`);
      return value;
    };
    if (!parseLongTaskOption(options, arg, next)) throw new Error(`unknown option ${arg}`);
  }
  await measureLongTasks(options);
}
