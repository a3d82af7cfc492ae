import { readFileSync } from 'node:fs';
import { expect, type Page, test } from '@playwright/test';
import { failOnConsoleProblems, openPreset, waitForAutosave, watchConsole } from './editor-helpers';
import { drawOne, openPanel, setParam } from './training-helpers';

/**
 * A trained model leaves the browser and comes back: a short run of the logistic-regression preset
 * is kept in IndexedDB (a reload shows its evaluation again and the drawing pad asks the restored
 * model; after an edit of the graph it is marked out of date, and undo makes it current again),
 * downloaded as a bundle, and opened in a fresh browser profile, where the restored weights
 * evaluate to exactly the accuracy of the run. Code and pictures download; hostile files are
 * refused and the graph stays. Every wait is on a state the app shows.
 */

failOnConsoleProblems({ open: '/' });

async function openExport(page: Page): Promise<void> {
  await page.getByTestId('action-export').click();
  await expect(page.getByTestId('export-dialog')).toBeVisible();
}

async function closeExport(page: Page): Promise<void> {
  await page.getByTestId('export-dialog').getByTestId('modal-close').click();
  await expect(page.getByTestId('export-dialog')).toBeHidden();
}

async function shownAccuracy(page: Page): Promise<string> {
  await page.getByTestId('training-tab-evaluation').click();
  const accuracy = page.getByTestId('test-accuracy');
  await expect(accuracy).toBeVisible({ timeout: 60_000 });
  return (await accuracy.textContent()) ?? '';
}

test('train, keep, download the bundle, reload, open it elsewhere: the evaluation matches', async ({ page, browser }, testInfo) => {
  // One run, two restores and three evaluations of the 10,000 test images: on a loaded machine this
  // takes close to the default two minutes.
  test.setTimeout(300_000);
  await openPreset(page, 'mnist-logreg');
  await setParam(page, 'dataset', 'trainSubset', '2000');
  await setParam(page, 'optimizer', 'epochs', '1');
  await waitForAutosave(page);
  await openPanel(page);
  await page.getByTestId('training-train').click();
  await expect(page.getByTestId('training-panel')).toHaveAttribute('data-status', 'done', { timeout: 120_000 });
  const accuracy = await shownAccuracy(page);
  expect(Number.parseFloat(accuracy)).toBeGreaterThan(70);

  // Kept in IndexedDB for this very graph.
  await openExport(page);
  const modelStatus = page.getByTestId('export-model-status');
  await expect(modelStatus).toHaveAttribute('data-state', 'current');
  await expect(modelStatus).toHaveAttribute('data-stored', 'yes');
  // The run's pictures for slides.
  for (const [button, name] of [
    ['export-charts', 'mnist-logistic-regression-training.png'],
    ['export-matrix', 'mnist-logistic-regression-confusion-matrix.png'],
  ] as const) {
    const picture = page.waitForEvent('download');
    await page.getByTestId(button).click();
    const file = await picture;
    expect(file.suggestedFilename()).toBe(name);
    await file.saveAs(testInfo.outputPath(name));
    expect(readFileSync(testInfo.outputPath(name)).subarray(1, 4).toString('latin1')).toBe('PNG');
  }
  const downloading = page.waitForEvent('download');
  await page.getByTestId('export-bundle').click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('mnist-logistic-regression.kairo.zip');
  const bundlePath = testInfo.outputPath('model.kairo.zip');
  await download.saveAs(bundlePath);
  await expect(page.getByTestId('export-status')).toHaveAttribute('data-state', 'done');
  await closeExport(page);

  // A reload brings the model back: the evaluation, and the drawing pad answers.
  await page.reload();
  await expect(page.getByTestId('canvas')).toBeVisible();
  await openPanel(page);
  expect(await shownAccuracy(page)).toBe(accuracy);
  await drawOne(page);
  await expect(page.getByTestId('probability-bar')).toHaveCount(10, { timeout: 60_000 });

  // An edit of what the model computes marks it out of date: the pad no longer asks it, the
  // evaluation says whose it is and is not run again. Undo makes it this graph's model again.
  await setParam(page, 'optimizer', 'learningRate', '0.25');
  await expect(page.getByTestId('probability-bar')).toHaveCount(0);
  await expect(page.getByTestId('stale-note').first()).toBeVisible();
  await page.getByTestId('training-tab-evaluation').click();
  await expect(page.getByTestId('evaluation')).toHaveAttribute('data-stale', 'true');
  await expect(page.getByTestId('evaluate')).toBeDisabled();
  await expect(page.getByTestId('test-accuracy')).toHaveText(accuracy);
  await page.getByTestId('action-undo').click();
  await expect(page.getByTestId('evaluation')).toHaveAttribute('data-stale', 'false');
  await expect(page.getByTestId('evaluate')).toBeEnabled();

  // Someone else opens the bundle in a browser that has never seen the model.
  const other = await browser.newContext();
  const second = await other.newPage();
  const secondProblems = watchConsole(second);
  await second.goto('/');
  await expect(second.getByTestId('canvas')).toBeVisible();
  await openExport(second);
  await expect(second.getByTestId('export-model-status')).toHaveAttribute('data-state', 'none');
  await second.getByTestId('export-open-input').setInputFiles(bundlePath);
  await expect(second.getByTestId('export-status')).toHaveAttribute('data-state', 'opened', { timeout: 120_000 });
  await expect(second.getByTestId('export-model-status')).toHaveAttribute('data-state', 'current');
  await closeExport(second);
  await expect(second.getByTestId('graph-title-display')).toHaveText('MNIST: logistic regression');
  // An opened bundle is evaluated afresh from its weights (its history's numbers are not shown).
  await openPanel(second);
  expect(await shownAccuracy(second)).toBe(accuracy);
  expect(secondProblems).toEqual([]);
  await other.close();
});

test('code and pictures download; a hostile model file is refused and the graph stays as it was', async ({ page }, testInfo) => {
  await openPreset(page, 'mnist-cnn');
  await openExport(page);
  for (const [button, name] of [
    ['export-pytorch', 'mnist-convolutional-network_pytorch.py'],
    ['export-keras', 'mnist-convolutional-network_keras.py'],
    ['export-notebook', 'mnist-convolutional-network.ipynb'],
    ['export-canvas-svg', 'mnist-convolutional-network.svg'],
    ['export-canvas-png', 'mnist-convolutional-network.png'],
  ] as const) {
    const downloading = page.waitForEvent('download');
    await page.getByTestId(button).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe(name);
    const file = testInfo.outputPath(name);
    await download.saveAs(file);
    const bytes = readFileSync(file);
    if (name.endsWith('.png')) expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
    if (name.endsWith('.svg')) expect(bytes.toString('utf8')).toContain('<svg');
    if (name.endsWith('.py')) expect(bytes.toString('utf8').startsWith('#!/usr/bin/env python3')).toBe(true);
  }
  // Without a run there is nothing to take out: the model buttons stay off.
  await expect(page.getByTestId('export-tfjs')).toBeDisabled();
  await expect(page.getByTestId('export-bundle')).toBeDisabled();

  const before = await page.getByTestId('param-total').textContent();
  const manifest = {
    format: 'layers-model',
    modelTopology: { class_name: 'Sequential', config: { layers: [{ class_name: 'LSTM', config: { name: 'lstm', batch_input_shape: [null, 28, 28] } }] } },
    weightsManifest: [{ paths: ['weights.bin'], weights: [] }],
  };
  await page.getByTestId('export-open-input').setInputFiles([
    { name: 'model.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(manifest)) },
    { name: 'weights.bin', mimeType: 'application/octet-stream', buffer: Buffer.alloc(0) },
  ]);
  const status = page.getByTestId('export-status');
  await expect(status).toHaveAttribute('data-state', 'refused');
  await expect(status).toHaveAttribute('data-code', 'MODEL_UNKNOWN_LAYERS');
  await expect(status).toContainText('LSTM');
  await page.getByTestId('export-open-input').setInputFiles({ name: 'model.kairo.zip', mimeType: 'application/zip', buffer: Buffer.from('not a zip') });
  await expect(status).toHaveAttribute('data-code', 'BUNDLE_NOT_ZIP');
  await closeExport(page);
  await expect(page.getByTestId('graph-title-display')).toHaveText('MNIST: convolutional network');
  await expect(page.getByTestId('param-total')).toHaveText(before ?? '');
});
