import { expect, type Page, test } from '@playwright/test';
import type { DatasetProgress } from '../../src/worker/api';
import { failOnConsoleProblems, openPreset, showWholeGraph } from './editor-helpers';
import { drawOne, openPanel, setParam, waitForBatches } from './training-helpers';

/**
 * Inside the network, in the built app: the logistic regression's ten templates mean something
 * (template k looks more like the mean test image of digit k than like any other digit's), the
 * gradient chart fills while training, the wires can be coloured by gradient, and the CNN's first
 * conv shows its filters and the feature maps of an image picked in the gallery. Every wait is on
 * a state the app shows (data-state, data-points, the run's data-status), never on the clock.
 */

failOnConsoleProblems();

/** The mean test image of each digit, from the test split the app's own worker loads (the ?kairo-test hook). */
async function meanTestImages(page: Page, count: number): Promise<number[][]> {
  return page.evaluate(async (count) => {
    const hook = window.__kairoWorkerTest;
    if (!hook) throw new Error('the ?kairo-test hook is not installed');
    const worker = hook.startKairoWorker();
    await worker.ready;
    await worker.api.selectBackend('cpu');
    const loaded = await worker.api.loadDataset({ source: 'mnist' }, hook.proxy((_: DatasetProgress) => {}));
    if (!loaded.ok) throw new Error(loaded.failure.code);
    const result = await worker.api.getTestSamples(Array.from({ length: count }, (_, index) => index));
    worker.terminate();
    if (!result.ok) throw new Error(result.failure.code);
    const sums = Array.from({ length: 10 }, () => new Array<number>(784).fill(0));
    const counts = new Array<number>(10).fill(0);
    for (const sample of result.samples) {
      if (sample.kind === 'features') throw new Error('MNIST samples are images');
      const sum = sums[sample.label] as number[];
      counts[sample.label] = (counts[sample.label] as number) + 1;
      sample.pixels.forEach((value, pixel) => {
        sum[pixel] = (sum[pixel] as number) + value / 255;
      });
    }
    return sums.map((sum, digit) => sum.map((value) => value / Math.max(1, counts[digit] as number)));
  }, count);
}

/**
 * Each template as the user sees it: the canvas's pixels read back as red minus blue (the colour
 * scale is white at 0, red for positive weights, blue for negative, each in proportion).
 */
async function shownTemplates(page: Page): Promise<{ name: string; values: number[] }[]> {
  return page.getByTestId('inside-template').evaluateAll((canvases) =>
    canvases.map((canvas) => {
      const element = canvas as HTMLCanvasElement;
      const context = element.getContext('2d');
      if (!context) throw new Error('a template without a 2d context');
      const { data } = context.getImageData(0, 0, element.width, element.height);
      const values: number[] = [];
      for (let index = 0; index < data.length; index += 4) values.push((data[index] as number) - (data[index + 2] as number));
      return { name: element.getAttribute('data-name') ?? '', values };
    }),
  );
}

function pearson(a: readonly number[], b: readonly number[]): number {
  const mean = (values: readonly number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
  const meanA = mean(a);
  const meanB = mean(b);
  let ab = 0;
  let aa = 0;
  let bb = 0;
  a.forEach((value, index) => {
    const da = value - meanA;
    const db = (b[index] as number) - meanB;
    ab += da * db;
    aa += da * da;
    bb += db * db;
  });
  return ab / Math.sqrt(aa * bb);
}

test('logistic regression: gradient chart fills while training, wires colour by gradient, the ten templates look like their digits', async ({ page }) => {
  await page.goto('/?kairo-test');
  await expect(page.getByTestId('canvas')).toBeVisible();
  await openPreset(page, 'mnist-logreg');
  // More epochs than the test waits for: the run is still going while the chart is checked.
  await setParam(page, 'dataset', 'trainSubset', '10000');
  await setParam(page, 'optimizer', 'epochs', '50');
  await openPanel(page);
  await page.getByTestId('training-train').click();
  await expect(page.getByTestId('training-panel')).toHaveAttribute('data-status', 'training', { timeout: 60_000 });

  // The Dense node while it trains: its gradient chart fills with measured batches.
  await page.getByTestId('node-dense').click();
  const inside = page.getByTestId('inside');
  await expect(inside).toBeVisible();
  const chart = page.getByTestId('inside-gradient-chart');
  await expect.poll(async () => Number(await chart.getAttribute('data-points')), { timeout: 60_000 }).toBeGreaterThanOrEqual(3);
  await expect(page.getByTestId('training-panel')).toHaveAttribute('data-status', 'training');
  const during = Number(await chart.getAttribute('data-points'));
  await expect.poll(async () => Number(await chart.getAttribute('data-points')), { timeout: 60_000 }).toBeGreaterThan(during);

  // Wires coloured by gradient: the wire out of the dense layer takes a stroke of its own.
  await page.getByTestId('edge-gradient-toggle').click();
  await expect(page.getByTestId('edge-gradient-legend')).toBeVisible();
  await expect(page.locator('[data-testid="rf__edge-e3"] path.ke-path')).toHaveAttribute('style', /stroke: rgb/);
  await page.screenshot({ path: '/tmp/kairo-inside-logreg-training.png' });

  // One epoch of 10,000 images, then stop: the model is evaluated, the inside view refreshed.
  await waitForBatches(page, 80, 120_000);
  await page.getByTestId('training-stop').click();
  await expect(page.getByTestId('training-panel')).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
  await expect(page.getByTestId('inside-content')).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });

  const templates = page.getByTestId('inside-template');
  await expect(templates).toHaveCount(10);
  await expect(page.getByTestId('inside-templates')).toBeVisible();
  await expect(page.getByTestId('inside-histogram-kernel')).toHaveAttribute('data-total', '7840');
  await expect(page.getByTestId('inside-output')).toHaveAttribute('data-cells', '10');
  await expect(page.getByTestId('inside-activation')).toHaveAttribute('data-fn', 'softmax');
  await inside.screenshot({ path: '/tmp/kairo-inside-logreg-templates.png' });

  const means = await meanTestImages(page, 2000);
  const shown = await shownTemplates(page);
  expect(shown.map((template) => template.name)).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
  const matching = shown.filter((template, digit) => {
    const scores = means.map((mean) => pearson(template.values, mean));
    return scores.indexOf(Math.max(...scores)) === digit;
  });
  expect(matching.length, 'templates that look most like their own digit').toBeGreaterThanOrEqual(7);

  // A digit drawn on the pad becomes the input of the inside view.
  await drawOne(page);
  await page.getByTestId('drawing-look-inside').click();
  await expect(page.getByTestId('inside-input')).toHaveAttribute('data-kind', 'sample');
  await expect(page.getByTestId('inside-content')).toHaveAttribute('data-input', 'sample', { timeout: 30_000 });
  await expect(page.getByTestId('inside-content')).toHaveAttribute('data-state', 'ready', { timeout: 30_000 });
});

test('CNN: the first conv layer’s filters, and its feature maps for an image picked in the gallery', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('canvas')).toBeVisible();
  await openPreset(page, 'mnist-cnn');
  await showWholeGraph(page);
  // A few batches: the point is to look inside, not to train well.
  await setParam(page, 'dataset', 'trainSubset', '64');
  await setParam(page, 'dataset', 'batchSize', '32');
  await page.getByTestId('node-dataset').click();
  await page.getByTestId('param-validation').selectOption('none');
  await setParam(page, 'optimizer', 'epochs', '1');
  await openPanel(page);
  await page.getByTestId('training-train').click();
  await expect(page.getByTestId('training-panel')).toHaveAttribute('data-status', 'done', { timeout: 120_000 });

  // Pick a test image in the evaluation's gallery.
  await page.getByTestId('training-tab-evaluation').click();
  const pick = page.getByTestId('inside-pick').nth(2);
  await expect(pick).toBeVisible({ timeout: 120_000 });
  const index = await pick.getAttribute('data-index');
  await pick.click();
  await expect(pick).toHaveAttribute('aria-pressed', 'true');

  await page.getByTestId('node-conv1').click();
  const content = page.getByTestId('inside-content');
  await expect(content).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  await expect(content).toHaveAttribute('data-input', index ?? '');
  await expect(page.getByTestId('inside-input')).toHaveAttribute('data-index', index ?? '');
  await expect(page.getByTestId('inside-filters')).toHaveAttribute('data-filters', '32');
  await expect(page.getByTestId('inside-output')).toHaveAttribute('data-shape', '26x26x32');
  await expect(page.getByTestId('inside-output')).toHaveAttribute('data-maps', '32');
  await expect(page.getByTestId('inside-output-facts')).toContainText('26×26×32');
  await expect(page.getByTestId('inside-activation')).toHaveAttribute('data-fn', 'relu');
  await page.getByTestId('inside').screenshot({ path: '/tmp/kairo-inside-cnn-conv1.png' });

  // The next image by keyboard: the maps follow it.
  await page.getByTestId('inside-input-number').fill(String(Number(index) + 1));
  await expect(content).toHaveAttribute('data-input', String(Number(index) + 1), { timeout: 60_000 });
});
