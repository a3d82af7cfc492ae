import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, type Page, test } from '@playwright/test';
import { chooseThreadCount } from '../../src/engine/backendChoice';
import type { Graph } from '../../src/graph/types';
import type { BackendChoice, TrainingEvent } from '../../src/worker/api';

/**
 * WASM on all cores in the production build (`vite build`, served by `vite preview` with the
 * cross-origin isolation headers), the single-threaded fallback on a page that is not isolated,
 * and the service worker that isolates the app on a static host that cannot send headers. Driven
 * through the `?kairo-test` hook (src/worker/devHook.ts); the pages without headers are real:
 * the preview server leaves the headers off for `kairo-no-isolation` / `kairo-static-host`
 * (vite-plugins/crossOriginIsolation.ts).
 */

function logregGraph(): Graph {
  const graph = JSON.parse(readFileSync(path.join(import.meta.dirname, '../../presets/mnist-logreg.json'), 'utf8')) as Graph;
  for (const node of graph.nodes) {
    if (node.type === 'dataset') node.params = { ...node.params, trainSubset: 640, batchSize: 64, validation: 'none' };
  }
  return graph;
}

interface ThreadRun {
  isolated: boolean;
  cores: number;
  choice: BackendChoice;
  /** The backend as compiling the model left it (the thread count chosen for this model). */
  compiledOn: BackendChoice | undefined;
  status: string;
  epochsCompleted: number;
  loss: number | undefined;
}

/** Chooses the backend in a fresh training worker and trains a few batches of logistic regression on it. */
async function chooseAndTrain(page: Page): Promise<ThreadRun> {
  await page.waitForFunction(() => window.__kairoWorkerTest !== undefined);
  return page.evaluate(async (graph) => {
    const hook = window.__kairoWorkerTest;
    if (!hook) throw new Error('the ?kairo-test hook is not installed');
    const worker = hook.startKairoWorker();
    await worker.ready;
    const choice = await worker.api.selectBackend('auto');
    const loaded = await worker.api.loadDataset({ source: 'mnist' });
    if (!loaded.ok) throw new Error(`loading MNIST failed: ${loaded.failure.code}`);
    const compiled = await worker.api.compile(graph);
    if (!compiled.ok) throw new Error(compiled.issues.map((issue) => issue.code).join('; '));
    const outcome = await worker.api.train(
      hook.proxy((_event: TrainingEvent) => {}),
      { epochs: 1 },
    );
    worker.terminate();
    return {
      isolated: self.crossOriginIsolated,
      cores: navigator.hardwareConcurrency,
      choice,
      compiledOn: compiled.backend,
      status: outcome.status,
      epochsCompleted: outcome.epochsCompleted,
      loss: outcome.history[0]?.loss,
    };
  }, logregGraph());
}

test('the production build trains on all cores where the page is cross-origin isolated', async ({ page }) => {
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto('/?kairo-test');
  const run = await chooseAndTrain(page);
  expect(run.isolated).toBe(true);
  // Kairo's own SIMD kernels loaded on the threaded build's shared memory, in the minified build too.
  expect(run.choice).toMatchObject({ backend: 'wasm', simd: true, simdKernels: true, threadsCode: 'threads' });
  expect(run.choice.threads).toBeGreaterThan(1);
  expect(run.choice.threads).toBe(Math.min(run.cores, 8));
  expect(run.choice.reason).toContain(`${run.choice.threads} threads`);
  // Compiling timed the model on all threads and on one and kept the faster, saying so with the figures.
  const timings = run.compiledOn?.threadTimings ?? [];
  expect(run.compiledOn).toMatchObject({ backend: 'wasm', threadsCode: 'model-timed', threadsAvailable: run.choice.threads });
  expect(timings.map((timing) => timing.threads)).toEqual([run.choice.threads, 1]);
  for (const timing of timings) expect(timing.msPerStep).toBeGreaterThan(0);
  expect([run.choice.threads, 1]).toContain(run.compiledOn?.threads);
  expect(run.compiledOn?.threads).toBe(chooseThreadCount(timings).threads); // the count its own figures favour
  expect(run.compiledOn?.reason).toContain(`threads, the fastest for this model`);
  expect(run).toMatchObject({ status: 'completed', epochsCompleted: 1 });
  expect(Number.isFinite(run.loss)).toBe(true);
  expect(pageErrors).toEqual([]);
});

/** The isolation headers the server itself sends for `url` (no service worker in between). */
async function serverIsolationHeaders(page: Page, url: string): Promise<(string | undefined)[]> {
  const response = await page.request.get(url);
  const headers = response.headers();
  return [headers['cross-origin-opener-policy'], headers['cross-origin-embedder-policy']];
}

test('without cross-origin isolation it trains on one thread and says why', async ({ page }) => {
  expect(await serverIsolationHeaders(page, '/?kairo-test&kairo-no-isolation')).toEqual([undefined, undefined]);
  await page.goto('/?kairo-test&kairo-no-isolation');
  const run = await chooseAndTrain(page);
  expect(run.isolated).toBe(false);
  expect(run.choice).toMatchObject({ backend: 'wasm', simdKernels: true, threads: 1, threadsCode: 'not-isolated' });
  expect(run.compiledOn).toMatchObject({ backend: 'wasm', threads: 1, threadsCode: 'not-isolated' });
  expect(run).toMatchObject({ status: 'completed', epochsCompleted: 1 });
  expect(Number.isFinite(run.loss)).toBe(true);
  expect(await page.evaluate(() => navigator.serviceWorker.controller)).toBeNull();
});

test('on a static host without the headers the service worker isolates the app', async ({ page }) => {
  expect(await serverIsolationHeaders(page, '/?kairo-test&kairo-static-host')).toEqual([undefined, undefined]);
  expect(await serverIsolationHeaders(page, '/?kairo-test')).toEqual(['same-origin', 'require-corp']);
  await page.goto('/?kairo-test&kairo-static-host');
  // public/isolation.js registers the worker and reloads once; the reloaded page is isolated.
  await page.waitForFunction(() => self.crossOriginIsolated === true && navigator.serviceWorker.controller !== null);
  const run = await chooseAndTrain(page);
  expect(run.isolated).toBe(true);
  expect(run.choice.threads).toBeGreaterThan(1);
  expect(run).toMatchObject({ status: 'completed', epochsCompleted: 1 });
  expect(Number.isFinite(run.loss)).toBe(true);
});
