import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, type Page, test } from '@playwright/test';
import { mulberry32 } from '../../src/engine/data/seededRandom';
import { drawPicture, encodePng, imageSetFiles, writeFiles } from '../data/imageSets';
import { openPreset, showWholeGraph, watchConsole } from './editor-helpers';
import { openPanel, setParam } from './training-helpers';

/**
 * Inside the network on data that is not MNIST, in the built app, after a short run: the Iris table
 * (four measurements, three species) and a folder of the user's own colour pictures. The inside
 * views, the gradient chart, the One step tab and the run history take whatever shape the data
 * has: a feature vector, a 32×32×3 image; the user's own picture becomes the input of the inside
 * view and the output layer there agrees with the probabilities "Try an image" shows. Every wait is
 * on a state the app shows (data-state, data-status, data-points), never on the clock.
 */

let consoleProblems: string[] = [];
let root: string;

test.beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), 'kairo-e2e-inside-'));
});

test.afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

test.beforeEach(async ({ page }) => {
  consoleProblems = watchConsole(page);
  await page.goto('/');
  await expect(page.getByTestId('canvas')).toBeVisible();
});

test.afterEach(() => {
  expect(consoleProblems, 'console errors or warnings').toEqual([]);
});

async function trainToEnd(page: Page): Promise<void> {
  await openPanel(page);
  await page.getByTestId('training-train').click();
  await expect(page.getByTestId('training-panel')).toHaveAttribute('data-status', 'done', { timeout: 180_000 });
}

async function shownNumbers(page: Page, testId: string): Promise<number[]> {
  const text = await page.getByTestId(testId).getAttribute('data-values');
  if (text === null) throw new Error(`${testId} shows no numbers`);
  return JSON.parse(text) as number[];
}

test('Iris table: a hidden layer’s values and weights, its gradient chart, one step and the run, for four measurements', async ({ page }) => {
  await openPreset(page, 'iris-mlp');
  await showWholeGraph(page);
  await setParam(page, 'optimizer', 'epochs', '3');
  await trainToEnd(page);

  await page.getByTestId('node-dense1').click();
  const content = page.getByTestId('inside-content');
  await expect(content).toHaveAttribute('data-state', 'ready', { timeout: 30_000 });
  // The input is a test flower's four measurements, not a picture.
  await expect(page.getByTestId('inside-input')).toHaveAttribute('data-kind', 'test');
  await expect(page.getByTestId('inside-input-label')).toContainText(/setosa|versicolor|virginica/);
  await expect(page.getByTestId('inside-output')).toHaveAttribute('data-cells', '16');
  await expect(page.getByTestId('inside-output-facts')).toContainText('16');
  // u beside z on relu's curve; the 4×16 weights written out as numbers, with their histogram.
  await expect(page.getByTestId('inside-activation')).toHaveAttribute('data-fn', 'relu');
  expect(await shownNumbers(page, 'inside-kernel')).toHaveLength(64);
  await expect(page.getByTestId('inside-histogram-kernel')).toHaveAttribute('data-total', '64');
  await expect(page.getByTestId('inside-templates')).toHaveCount(0);
  // Measured during the run: the first batch of each of the three epochs at least.
  const points = Number(await page.getByTestId('inside-gradient-chart').getAttribute('data-points'));
  expect(points).toBeGreaterThanOrEqual(3);
  await page.getByTestId('inside').screenshot({ path: '/tmp/kairo-inside-iris.png' });

  // The output layer's z for this flower sums to 1 (softmax over the three species).
  await page.getByTestId('node-dense2').click();
  await expect(content).toHaveAttribute('data-state', 'ready', { timeout: 30_000 });
  const probabilities = await shownNumbers(page, 'inside-output');
  expect(probabilities).toHaveLength(3);
  expect(Math.abs(probabilities.reduce((sum, value) => sum + value, 0) - 1)).toBeLessThan(1e-5);

  // One step on a flower: δ of the output is y − t, one per species; Adam is named, not hidden.
  await page.getByTestId('training-tab-step').click();
  await page.getByTestId('step-compute').click();
  await expect(page.getByTestId('step-panel')).toHaveAttribute('data-state', 'ready', { timeout: 30_000 });
  expect(await shownNumbers(page, 'step-dense1-input')).toHaveLength(4);
  await page.getByTestId('step-stage-backward').click();
  const y = await shownNumbers(page, 'step-prediction');
  const t = await shownNumbers(page, 'step-target-row');
  const delta = await shownNumbers(page, 'step-dense2-delta');
  delta.forEach((value, k) => {
    expect(Math.abs(value - ((y[k] as number) - (t[k] as number))), `δ output ${k}`).toBeLessThan(1e-5);
  });
  expect(await shownNumbers(page, 'step-dense1-delta')).toHaveLength(16);

  // The run is in the history.
  await page.getByTestId('training-tab-runs').click();
  await expect(page.getByTestId('run-row')).toHaveCount(1, { timeout: 30_000 });
});

test('own colour pictures: the first conv’s RGB filters and maps, and a picture of one’s own as the input', async ({ page }) => {
  await openPreset(page, 'images-small-cnn');
  await showWholeGraph(page);
  await page.getByTestId('node-data-pick').click();
  const folder = writeFiles(path.join(root, 'shapes'), imageSetFiles({ shapes: ['disc', 'square', 'stripes'], perClass: 20, seed: 5 }));
  await page.getByTestId('import-folder-input').setInputFiles(folder);
  await page.getByTestId('import-start').click();
  await expect(page.getByTestId('import-progress')).toHaveAttribute('data-status', 'done', { timeout: 120_000 });
  await page.getByTestId('modal-close').click();
  await setParam(page, 'optimizer', 'epochs', '1');
  await trainToEnd(page);

  // conv1 reads 32×32 colour pictures: 16 filters of 3×3×3 drawn in colour, 16 maps of 30×30.
  await page.getByTestId('node-conv1').click();
  const content = page.getByTestId('inside-content');
  await expect(content).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  await expect(page.getByTestId('inside-filters')).toHaveAttribute('data-filters', '16');
  await expect(page.getByTestId('inside-output')).toHaveAttribute('data-shape', '30x30x16');
  await expect(page.getByTestId('inside-histogram-kernel')).toHaveAttribute('data-total', String(3 * 3 * 3 * 16));
  await page.getByTestId('inside').screenshot({ path: '/tmp/kairo-inside-own-images.png' });

  // A picture of one's own, tried, then looked inside with.
  const disc = path.join(root, 'my-disc.png');
  writeFileSync(disc, encodePng(drawPicture('disc', mulberry32(99), 50, 42)));
  await page.getByTestId('training-tab-draw').click();
  await page.getByTestId('try-image-input').setInputFiles(disc);
  await expect(page.getByTestId('probabilities')).toHaveAttribute('data-state', 'ready', { timeout: 30_000 });
  const best = await page.locator('[data-testid="probability-bar"][data-best="true"]').getAttribute('data-class');
  await page.getByTestId('try-image-look-inside').click();
  await expect(page.getByTestId('inside-input')).toHaveAttribute('data-kind', 'sample');
  await expect(content).toHaveAttribute('data-input', 'sample');
  await expect(content).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  await expect(page.getByTestId('inside-output')).toHaveAttribute('data-shape', '30x30x16');

  // The output layer, for that picture, favours the class "Try an image" named.
  await page.getByTestId('node-dense2').click();
  await expect(content).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  const scores = await shownNumbers(page, 'inside-output');
  const classes = ['disc', 'square', 'stripes'];
  expect(classes[scores.indexOf(Math.max(...scores))]).toBe(best);
});
