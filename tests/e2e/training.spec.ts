import { expect, type Page, test } from '@playwright/test';
import { openPreset, watchConsole } from './editor-helpers';
import { batchesDone, drawOne, expectAutoBackendShown, openPanel, runPosition, setParam, waitForBatches } from './training-helpers';

/**
 * The training dashboard in the built app: the real worker trains the logistic-regression preset on
 * MNIST while the charts stream, Pause holds the run, Stop ends it, the test set is evaluated, the
 * confusion matrix opens its images, and the drawing pad asks the model. Every wait is on a state
 * the app shows (data-status, the run position the worker reported), never on the clock, so the
 * tests pass alike on a fast idle machine and a loaded one. How responsive the page stays while
 * training is measured by `npm run bench` (bench/longtasks.ts), not asserted here.
 */

let consoleProblems: string[] = [];

test.beforeEach(async ({ page }) => {
  consoleProblems = watchConsole(page);
  await page.goto('/');
  await expect(page.getByTestId('canvas')).toBeVisible();
});

test.afterEach(() => {
  expect(consoleProblems, 'console errors or warnings').toEqual([]);
});

function chartPoints(page: Page, metric: 'loss' | 'accuracy', attribute = 'data-points'): Promise<number> {
  return page
    .getByTestId(`chart-${metric}`)
    .getAttribute(attribute)
    .then((value) => Number(value ?? 0));
}

test('trains in the worker with live charts, names the backend, pauses, stops, evaluates, and reads a drawn digit', async ({ page }) => {
  await openPreset(page, 'mnist-logreg');
  // 50 epochs of 1,875 batches: the test stops the run itself after a few hundred batches, so the
  // run is still going at every step below however fast the machine trains.
  await setParam(page, 'dataset', 'batchSize', '32');
  await setParam(page, 'optimizer', 'epochs', '50');

  await openPanel(page);
  await expectAutoBackendShown(page);

  await page.getByTestId('training-train').click();
  const panel = page.getByTestId('training-panel');
  const progress = page.getByTestId('training-progress');
  await expect(panel).toHaveAttribute('data-status', 'training', { timeout: 60_000 });
  await expect(page.getByTestId('training-dataset')).toContainText('60,000');

  // Enough batches that the model has learnt something and both charts have a curve.
  await waitForBatches(page, 100);
  await expect.poll(() => chartPoints(page, 'loss', 'data-batch-points')).toBeGreaterThan(10);
  await expect.poll(() => chartPoints(page, 'accuracy', 'data-batch-points')).toBeGreaterThan(10);
  await expect(page.getByTestId('training-progress-text')).toContainText(/Epoch \d+\/50 · batch \d+\/1875 · ETA .+ · [\d,.]+ samples\/s/);
  await page.screenshot({ path: '/tmp/kairo-training.png' });

  // Pause waits for the worker to confirm (data-status comes from its 'paused' event); Resume goes on.
  await page.getByTestId('training-pause').click();
  await expect(progress).toHaveAttribute('data-status', 'paused');
  await expect(page.getByTestId('training-status')).toHaveText('Paused');
  const firstPause = batchesDone(await runPosition(page));
  await page.getByTestId('training-resume').click();
  await expect(progress).toHaveAttribute('data-status', 'training');
  await waitForBatches(page, firstPause + 50);

  // A paused run trains nothing: stopped while paused, it ends exactly where the worker paused it
  // (any batch trained in between would have reported a later position before the run's end).
  await page.getByTestId('training-pause').click();
  await expect(progress).toHaveAttribute('data-status', 'paused');
  const heldAt = await runPosition(page);
  await page.getByTestId('training-stop').click();
  await expect(progress).toHaveAttribute('data-status', 'done');
  await expect(page.getByTestId('training-status')).toHaveText('Stopped');
  expect(await runPosition(page)).toEqual(heldAt);
  await expect(page.getByTestId('training-progress-text')).toHaveText(`Stopped at epoch ${heldAt.epoch}, batch ${heldAt.batch}`);

  // The stopped model is evaluated on the 10,000 test images.
  await page.getByTestId('training-tab-evaluation').click();
  const accuracyText = await page.getByTestId('test-accuracy').textContent({ timeout: 30_000 });
  const accuracy = Number.parseFloat(accuracyText ?? '');
  expect(accuracy).toBeGreaterThan(70); // logistic regression after at least 150 batches of 32; chance is 10 %
  const cells = page.locator('[data-testid^="cm-cell-"]');
  await expect(cells).toHaveCount(100);
  const diagonal = await Promise.all(
    Array.from({ length: 10 }, (_, digit) => page.getByTestId(`cm-cell-${digit}-${digit}`).textContent()),
  );
  // Counts are shown with a thousands separator ("1,135"), as a screen reader reads them.
  const count = (text: string | null) => Number((text ?? '').replace(/[^\d]/g, '') || 0);
  expect(diagonal.reduce((sum, text) => sum + count(text), 0)).toBe(Math.round(accuracy * 100));
  await expect(page.getByTestId('gallery-item').first()).toBeVisible();

  // The most frequent confusion: its cell opens exactly those images.
  const counts = await cells.evaluateAll((elements) =>
    elements.map((element) => ({ id: element.getAttribute('data-testid') ?? '', count: Number(element.textContent || 0) })),
  );
  const worst = counts
    .filter(({ id }) => {
      const [, , label, predicted] = id.split('-');
      return label !== predicted;
    })
    .sort((a, b) => b.count - a.count)[0];
  expect(worst?.count).toBeGreaterThan(0);
  await page.getByTestId(worst?.id ?? '').click();
  const [, , trueDigit, predictedDigit] = (worst?.id ?? '').split('-');
  await expect(page.getByTestId('gallery-title')).toHaveText(`True ${trueDigit}, predicted ${predictedDigit}`);
  await expect(page.getByTestId('gallery-item').first()).toBeVisible();
  const shown = await page.getByTestId('gallery-item').count();
  expect(shown).toBeGreaterThan(0);
  expect(shown).toBeLessThanOrEqual(worst?.count ?? 0);
  await page.screenshot({ path: '/tmp/kairo-training-evaluation.png' });

  // A "1" drawn on the pad: ten probabilities that add up to 100 %.
  await drawOne(page);
  const bars = page.getByTestId('probability-bar');
  await expect(bars).toHaveCount(10);
  const percents = await bars.locator('.tp-bar-value').allTextContents();
  const total = percents.reduce((sum, text) => sum + Number.parseFloat(text), 0);
  expect(total).toBeGreaterThan(99);
  expect(total).toBeLessThan(101);
  await page.screenshot({ path: '/tmp/kairo-training-draw.png' });

  await page.getByTestId('training-tab-model').click();
  await expect(page.getByTestId('model-total-params')).toHaveText('7,850');
});

test('a finished run shows validation per epoch and evaluates on its own', async ({ page }) => {
  await openPreset(page, 'mnist-logreg');
  await setParam(page, 'dataset', 'trainSubset', '1000');
  await setParam(page, 'dataset', 'batchSize', '50');
  await setParam(page, 'optimizer', 'epochs', '2');
  await openPanel(page);
  await page.getByTestId('training-train').click();
  const panel = page.getByTestId('training-panel');
  await expect(panel).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
  await expect(page.getByTestId('training-status')).toHaveText('Finished');
  await expect(page.getByTestId('training-progress-text')).toContainText('Finished in');
  // Polled: the throttled chart redraw may land just after the status changes.
  await expect.poll(() => chartPoints(page, 'loss', 'data-validation-points')).toBe(2);
  await expect.poll(() => chartPoints(page, 'accuracy', 'data-validation-points')).toBe(2);
  await expect(page.getByTestId('training-tab-evaluation')).toContainText('%', { timeout: 30_000 });
  await page.getByTestId('training-tab-evaluation').click();
  await expect(page.getByTestId('test-accuracy')).toHaveText(/\d+\.\d\d%/);
  // A diagonal cell shows correctly classified images.
  await page.getByTestId('cm-cell-3-3').click();
  await expect(page.getByTestId('gallery-title')).toHaveText('True 3, predicted 3');
  await expect(page.getByTestId('gallery-item').first()).toBeVisible();
});

test('Train is disabled, with the reason, while the graph has errors', async ({ page }) => {
  await page.getByTestId('action-new').click();
  const train = page.getByTestId('training-train');
  await expect(train).toBeDisabled();
  await expect(page.getByTestId('training-blocked')).toContainText('Cannot train yet');
});

test('a loss that becomes NaN stops the run with advice, and the graph is kept', async ({ page }) => {
  await openPreset(page, 'mnist-logreg');
  await setParam(page, 'dataset', 'trainSubset', '2000');
  // Far too large a step: the weights overflow after the first batch. (On the CPU backend the loss
  // turns NaN; WASM's softmax saturates instead, so the run uses the backend override.)
  await setParam(page, 'optimizer', 'learningRate', '1e+38');
  await openPanel(page);
  await page.getByTestId('training-backend-select').selectOption('cpu');
  await expect(page.getByTestId('training-backend')).toHaveAttribute('data-backend', 'cpu');
  await expect(page.getByTestId('training-backend')).toHaveAttribute('data-reason', 'chosen');
  await page.getByTestId('training-train').click();
  await expect(page.getByTestId('training-panel')).toHaveAttribute('data-status', 'failed', { timeout: 60_000 });
  await expect(page.getByTestId('training-error-message')).toHaveText(
    'The loss became NaN or infinite at epoch 1, batch 2. Try a smaller learning rate (now 1e+38).',
  );
  await expect(page.getByTestId('training-error')).toContainText('Your graph is unchanged.');
  await expect(page.getByTestId('node-dense')).toBeVisible();
  await expect(page.getByTestId('param-total')).toHaveText('7,850');
  await expect(page.getByTestId('training-train')).toBeEnabled();
});

/** Drops the console lines a test provoked on purpose (a refused download), so afterEach sees only the rest. */
function forgiveConsole(pattern: RegExp): void {
  consoleProblems = consoleProblems.filter((line) => !pattern.test(line));
}

test('a data set that cannot be downloaded gives a clear message; the next try works', async ({ page }) => {
  await openPreset(page, 'mnist-logreg');
  await setParam(page, 'dataset', 'trainSubset', '500');
  await setParam(page, 'optimizer', 'epochs', '1');
  await page.route('**/data/mnist/**', (route) => route.fulfill({ status: 404, body: 'not here' }));
  await openPanel(page);
  await page.getByTestId('training-train').click();
  await expect(page.getByTestId('training-panel')).toHaveAttribute('data-status', 'failed', { timeout: 60_000 });
  await expect(page.getByTestId('training-error-message')).toHaveAttribute('data-code', 'DATA_NOT_FOUND');
  await expect(page.getByTestId('training-restart')).toHaveCount(0);
  await expect(page.getByTestId('param-total')).toHaveText('7,850');

  await page.unroute('**/data/mnist/**');
  await page.getByTestId('training-train').click();
  await expect(page.getByTestId('training-panel')).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
  forgiveConsole(/Failed to load resource.*404/);
});

test('a training engine that fails to load is reported, and Restart engine starts a fresh one', async ({ page }) => {
  await page.route('**/assets/worker-*.js', (route) => route.fulfill({ status: 404, body: 'gone' }));
  await openPanel(page);
  await expect(page.getByTestId('training-panel')).toHaveAttribute('data-status', 'failed', { timeout: 60_000 });
  await expect(page.getByTestId('training-error-message')).toHaveAttribute('data-code', 'WORKER_LOAD_FAILED');
  await expect(page.getByTestId('training-backend')).toHaveText('Not started yet');

  await page.unroute('**/assets/worker-*.js');
  await page.getByTestId('training-restart').click();
  await expect(page.getByTestId('training-panel')).toHaveAttribute('data-status', 'idle');
  await expectAutoBackendShown(page);
  await expect(page.getByTestId('training-error')).toHaveCount(0);
  forgiveConsole(/Failed to load resource.*404|worker/i);
});

test('the panel speaks Japanese when the editor does', async ({ page }) => {
  await page.getByTestId('language-ja').click();
  await openPanel(page);
  await expect(page.getByTestId('training-train')).toHaveText('学習');
  await expect(page.getByTestId('training-tab-evaluation')).toHaveText('評価');
  // The backend and why, worded in Japanese whatever this machine's reason is.
  await expectAutoBackendShown(page);
  await expect(page.getByTestId('training-backend')).toContainText(/[\u3040-\u30ff\u4e00-\u9fff]/);
  await page.screenshot({ path: '/tmp/kairo-training-ja.png' });
});

test('WebGPU can be asked for: kept where the browser grants an adapter, otherwise WASM trains and the panel says why', async ({ page }) => {
  await openPreset(page, 'mnist-logreg');
  await openPanel(page);
  await page.getByTestId('training-backend-select').selectOption('webgpu');
  const shown = page.getByTestId('training-backend');
  // Headless Chromium on Linux has no WebGPU adapter; a machine that has one keeps the choice.
  await expect(shown).toHaveAttribute('data-reason', /^(chosen|webgpu-failed)$/, { timeout: 60_000 });
  const reason = await shown.getAttribute('data-reason');
  expect(await shown.getAttribute('data-backend')).toBe(reason === 'chosen' ? 'webgpu' : 'wasm');
  if (reason === 'webgpu-failed') await expect(shown).toContainText(/WebGPU could not start/);
  // Training runs on what was started (no console warnings either: afterEach checks).
  await page.getByTestId('training-train').click();
  await expect(page.getByTestId('training-panel')).toHaveAttribute('data-status', 'training', { timeout: 60_000 });
  await waitForBatches(page, 3);
  await page.getByTestId('training-stop').click();
});
