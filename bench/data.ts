/**
 * Your own data, measured: `npx tsx bench/data.ts [--photos N] [--runs N] [--port N] [--no-build]`.
 *
 * 1. Photos: N (default 1,000) JPEG photos of about 500×500 px in two classes (smooth shading,
 *    shapes and sensor-like noise, quality 85, so their sizes are a camera's, not a drawing's),
 *    made once into /tmp/kairo-bench-photos-N.
 * 2. Import at 32×32 RGB (squash), median of --runs (default 3):
 *    - Chromium (the built app, `vite preview`, Debian's Chromium): the real data view, the folder
 *      given to its directory input, timed from the Import click to the result shown, and the
 *      worker's own decode-and-store time. Memory: every 100 ms the resident set (VmRSS in
 *      /proc/PID/status) of each Chromium process of this run's profile is read; reported are the
 *      peak of their sum and of the renderer that runs the worker, above their median over the
 *      second before the click (RSS counts pages shared between processes once per process, so
 *      the sum overstates; the renderer's alone understates nothing the import allocates there).
 *    - Baseline, Node: the same folder imported by the CLI's code (jpeg-js, pure JavaScript).
 * 3. Training the small-CNN template at 32×32×3 (batch 32) on those images, samples per second:
 *    the CLI on WASM (median of the epochs after the first), and the browser (WASM: no GPU here),
 *    from the run position the page reports, batches 10 to 60 over their wall time.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Page } from '@playwright/test';
import jpeg from 'jpeg-js';
import { importImagesFromDisk } from '../src/engine/data/nodeFiles';
import { mulberry32 } from '../src/engine/data/seededRandom';
import { startPreview, stopServer } from './longtasks';

const root = path.resolve(import.meta.dirname, '..');
const CHROMIUM = process.env.KAIRO_CHROMIUM ?? '/usr/bin/chromium';

interface Options {
  photos: number;
  runs: number;
  port: number;
  build: boolean;
}

function parseOptions(args: readonly string[]): Options {
  const options: Options = { photos: 1000, runs: 3, port: 4181, build: true };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const next = () => Number(args[++i]);
    if (arg === '--photos') options.photos = next();
    else if (arg === '--runs') options.runs = next();
    else if (arg === '--port') options.port = next();
    else if (arg === '--no-build') options.build = false;
    else throw new Error(`unknown option ${arg}`);
  }
  return options;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** A photo-like 500×500-ish picture: a shaded background, a blurred blob or bars, noise. */
function photo(kind: 'blob' | 'bars', random: () => number): Uint8Array {
  const width = 480 + Math.floor(random() * 60);
  const height = 480 + Math.floor(random() * 60);
  const rgba = new Uint8Array(width * height * 4);
  const base = [random() * 120, random() * 120, random() * 120];
  const ink = [130 + random() * 120, 130 + random() * 120, 130 + random() * 120];
  const cx = width * (0.3 + random() * 0.4);
  const cy = height * (0.3 + random() * 0.4);
  const radius = Math.min(width, height) * (0.15 + random() * 0.15);
  const period = 20 + random() * 30;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const shade = 0.7 + 0.3 * (x / width) * (y / height);
      const amount =
        kind === 'blob'
          ? Math.max(0, Math.min(1, (radius - Math.hypot(x - cx, y - cy)) / 12 + 0.5))
          : 0.5 + 0.5 * Math.sin((2 * Math.PI * y) / period);
      const at = (y * width + x) * 4;
      for (let c = 0; c < 3; c++) {
        const value = ((base[c] as number) * (1 - amount) + (ink[c] as number) * amount) * shade + (random() - 0.5) * 24;
        rgba[at + c] = Math.max(0, Math.min(255, value));
      }
      rgba[at + 3] = 255;
    }
  }
  return new Uint8Array(jpeg.encode({ data: rgba, width, height }, 85).data);
}

function photoFolder(count: number): string {
  const folder = path.join(tmpdir(), `kairo-bench-photos-${count}`, 'photos');
  const done = path.join(folder, '..', 'complete');
  if (existsSync(done)) return folder;
  console.log(`making ${count} JPEG photos of about 500×500 px in ${folder} (once) …`);
  const random = mulberry32(2024);
  for (let index = 0; index < count; index++) {
    const kind = index % 2 === 0 ? 'blob' : 'bars';
    const dir = path.join(folder, kind);
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, `${kind}-${String(index).padStart(4, '0')}.jpg`), photo(kind, random));
  }
  writeFileSync(done, '');
  return folder;
}

function folderStats(folder: string): { files: number; megabytes: number } {
  let files = 0;
  let bytes = 0;
  for (const dir of readdirSync(folder)) {
    for (const file of readdirSync(path.join(folder, dir))) {
      files++;
      bytes += statSync(path.join(folder, dir, file)).size;
    }
  }
  return { files, megabytes: bytes / 1024 / 1024 };
}

/** VmRSS (MiB) of every process whose command line names `profile`, and of its renderers. */
function chromiumRss(profile: string): { total: number; renderer: number } {
  let total = 0;
  let renderer = 0;
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    let cmdline: string;
    let status: string;
    try {
      cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!cmdline.includes(profile) && !cmdline.includes('--type=')) continue;
      status = readFileSync(`/proc/${pid}/status`, 'utf8');
    } catch {
      continue;
    }
    // Child processes name the profile only through their parent: take Chromium processes of this run.
    if (!cmdline.includes(profile) && !childOfProfile(pid, profile)) continue;
    const rss = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
    total += rss;
    if (cmdline.includes('--type=renderer')) renderer = Math.max(renderer, rss);
  }
  return { total, renderer };
}

function childOfProfile(pid: string, profile: string): boolean {
  let current = pid;
  for (let depth = 0; depth < 6; depth++) {
    let status: string;
    try {
      status = readFileSync(`/proc/${current}/status`, 'utf8');
    } catch {
      return false;
    }
    const parent = /PPid:\s+(\d+)/.exec(status)?.[1];
    if (!parent || parent === '0') return false;
    try {
      if (readFileSync(`/proc/${parent}/cmdline`, 'utf8').includes(profile)) return true;
    } catch {
      return false;
    }
    current = parent;
  }
  return false;
}

async function importInBrowser(page: Page, folder: string, profile: string): Promise<{ seconds: number; workerSeconds: number; peakTotal: number; peakRenderer: number }> {
  await page.getByTestId('action-data').click();
  await page.getByTestId('import-folder-input').setInputFiles(folder);
  await page.getByTestId('import-size').selectOption('32');
  const before: { total: number; renderer: number }[] = [];
  for (let i = 0; i < 10; i++) {
    before.push(chromiumRss(profile));
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const baseTotal = median(before.map((sample) => sample.total));
  const baseRenderer = median(before.map((sample) => sample.renderer));
  let peakTotal = 0;
  let peakRenderer = 0;
  const sampler = setInterval(() => {
    const sample = chromiumRss(profile);
    peakTotal = Math.max(peakTotal, sample.total - baseTotal);
    peakRenderer = Math.max(peakRenderer, sample.renderer - baseRenderer);
  }, 100);
  const started = performance.now();
  await page.getByTestId('import-start').click();
  const outcome = page.getByTestId('import-progress');
  await outcome.and(page.locator('[data-status="done"], [data-status="failed"]')).waitFor({ timeout: 600_000 });
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  if ((await outcome.getAttribute('data-status')) !== 'done') throw new Error(`import failed: ${await outcome.getAttribute('data-code')}`);
  const workerSeconds = Number(await outcome.getAttribute('data-seconds'));
  await page.getByTestId('modal-close').click();
  return { seconds, workerSeconds, peakTotal, peakRenderer };
}

/** Batch position the page reports: (epoch − 1) · batches per epoch + batch. */
async function batchesDone(page: Page): Promise<number> {
  const values = await page
    .getByTestId('training-progress')
    .evaluate((element) => ['data-epoch', 'data-batch', 'data-batches-per-epoch'].map((name) => Number(element.getAttribute(name))));
  const [epoch = Number.NaN, batch = Number.NaN, perEpoch = Number.NaN] = values;
  return (epoch - 1) * perEpoch + batch;
}

async function trainInBrowser(page: Page): Promise<number> {
  await page.getByTestId('training-toggle').click();
  await page.getByTestId('training-train').click();
  const wait = async (count: number) => {
    for (;;) {
      const done = await batchesDone(page).catch(() => Number.NaN);
      if (done >= count) return { done, at: performance.now() };
      await page.waitForTimeout(50);
    }
  };
  const from = await wait(10);
  const to = await wait(60);
  await page.getByTestId('training-stop').click();
  return ((to.done - from.done) * 32) / ((to.at - from.at) / 1000);
}

function trainInCli(folder: string): number {
  const result = spawnSync('npx', ['tsx', 'src/cli/kairo.ts', 'train', 'presets/images-small-cnn.json', '--data', folder, '--epochs', '4', '--json'], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const epochs = result.stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as { type: string; samplesPerSecond?: number })
    .filter((record) => record.type === 'epoch');
  if (epochs.length === 0) throw new Error(`kairo train failed: ${result.stderr}`);
  return median(epochs.slice(1).map((record) => record.samplesPerSecond ?? 0));
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const folder = photoFolder(options.photos);
  const stats = folderStats(folder);
  console.log(`photos: ${stats.files} JPEG files, ${stats.megabytes.toFixed(1)} MB (${((stats.megabytes * 1024) / stats.files).toFixed(0)} KB each); load ${loadavg()[0]?.toFixed(2)}`);

  console.log('\n== Baseline: the CLI\'s import (jpeg-js, pure JavaScript), 32×32 RGB ==');
  const nodeStarted = performance.now();
  const collection = await importImagesFromDisk(folder, undefined, { size: 32, channels: 3, fit: 'squash' });
  const nodeSeconds = (performance.now() - nodeStarted) / 1000;
  console.log(`Node: ${collection.train.count} images in ${nodeSeconds.toFixed(1)} s (${(collection.train.count / nodeSeconds).toFixed(0)} images/s)`);

  if (options.build) spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  const server = await startPreview(options.port);
  const profile = mkdtempSync(path.join(tmpdir(), 'kairo-bench-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    viewport: { width: 1280, height: 800 },
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(`http://127.0.0.1:${options.port}/`);
    await page.getByTestId('action-presets').click();
    await page.getByTestId('preset-images-small-cnn').click();

    console.log(`\n== Chromium: importing ${stats.files} photos at 32×32 RGB through the data view (${options.runs} runs) ==`);
    const runs = [];
    for (let run = 0; run < options.runs; run++) {
      const result = await importInBrowser(page, folder, profile);
      runs.push(result);
      console.log(
        `run ${run + 1}: ${result.seconds.toFixed(1)} s from the click (worker ${result.workerSeconds.toFixed(1)} s), peak +${result.peakTotal.toFixed(0)} MiB all processes, +${result.peakRenderer.toFixed(0)} MiB renderer`,
      );
    }
    const browserSeconds = median(runs.map((run) => run.seconds));
    console.log(
      `median: ${browserSeconds.toFixed(1)} s (${(stats.files / browserSeconds).toFixed(0)} images/s), worker ${median(runs.map((run) => run.workerSeconds)).toFixed(1)} s; peak memory +${median(runs.map((run) => run.peakTotal)).toFixed(0)} MiB (all Chromium processes), +${median(runs.map((run) => run.peakRenderer)).toFixed(0)} MiB (renderer); Chromium vs Node: ${(nodeSeconds / browserSeconds).toFixed(2)}× as fast`,
    );

    console.log('\n== Training the small CNN (79,010 params at two classes), 32×32×3, batch 32 ==');
    const browserRate = await trainInBrowser(page);
    console.log(`browser (WASM): ${browserRate.toFixed(0)} samples/s (batches 10–60)`);
    const cliRate = trainInCli(folder);
    console.log(`CLI (WASM): ${cliRate.toFixed(0)} samples/s (median of epochs 2–4); browser / CLI: ${(browserRate / cliRate).toFixed(2)}`);
  } finally {
    await context.close();
    stopServer(server);
    rmSync(profile, { recursive: true, force: true });
  }
}

await main();
