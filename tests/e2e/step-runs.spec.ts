import { readFileSync } from 'node:fs';
import { expect, type Page, test } from '@playwright/test';
import { failOnConsoleProblems, openPreset, showWholeGraph } from './editor-helpers';
import { openPanel, setParam } from './training-helpers';

/**
 * The Step tab and the run history in the built app. One backprop step on the 2-3-2 network shows
 * δ values that equal this test's own finite differences of the loss (worked out here in float64
 * from the weights and inputs the tab shows) within 1e-3, and applying the step lowers the loss.
 * On the logistic regression, 784×10 weights and their update are heat maps, its δ numbers.
 * Three runs appear in the history, overlay in one chart, survive a reload, and can be renamed,
 * exported as CSV and deleted.
 */

failOnConsoleProblems({ open: '/' });

/** The full-precision numbers a step table carries. */
async function shown(page: Page, testId: string): Promise<number[]> {
  const text = await page.getByTestId(testId).getAttribute('data-values');
  if (text === null) throw new Error(`${testId} shows no numbers`);
  return JSON.parse(text) as number[];
}

const sigmoid = (u: number) => 1 / (1 + Math.exp(-u));

/** E of the 2-3-2 network (sigmoid, then softmax with cross-entropy) from the hidden layer's u. */
function lossFromHidden(u1: readonly number[], w2: readonly number[], b2: readonly number[], t: readonly number[]): number {
  const z1 = u1.map(sigmoid);
  const u2 = [0, 1].map((k) => (b2[k] as number) + z1.reduce((sum, z, j) => sum + z * (w2[j * 2 + k] as number), 0));
  return lossFromOutput(u2, t);
}

function lossFromOutput(u2: readonly number[], t: readonly number[]): number {
  const top = Math.max(...u2);
  const exps = u2.map((u) => Math.exp(u - top));
  const total = exps.reduce((sum, value) => sum + value, 0);
  return -t.reduce((sum, target, k) => sum + target * Math.log((exps[k] as number) / total), 0);
}

/** ∂f/∂x_i by central differences, in float64. */
function gradient(f: (x: number[]) => number, at: readonly number[], h = 1e-6): number[] {
  return at.map((_, i) => {
    const up = [...at];
    const down = [...at];
    up[i] = (up[i] as number) + h;
    down[i] = (down[i] as number) - h;
    return (f(up) - f(down)) / (2 * h);
  });
}

async function trainBriefly(page: Page, trainImages: string): Promise<void> {
  await setParam(page, 'dataset', 'trainSubset', trainImages);
  await setParam(page, 'optimizer', 'epochs', '1');
  await openPanel(page);
  await page.getByTestId('training-train').click();
  await expect(page.getByTestId('training-panel')).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
}

test('one step on the 2-3-2 network: δ equals a finite-difference reference within 1e-3, and Δw lowers the loss', async ({ page }) => {
  await openPreset(page, 'tiny-2-3-2');
  await trainBriefly(page, '320');
  await page.getByTestId('training-tab-step').click();
  await page.getByTestId('step-compute').click();
  const panel = page.getByTestId('step-panel');
  await expect(panel).toHaveAttribute('data-state', 'ready', { timeout: 30_000 });

  // Forward: the two features, the weights, u and z of both layers.
  await expect(page.getByTestId('step-formulas')).toHaveAttribute('data-stage', 'forward');
  const x = await shown(page, 'step-hidden-input');
  const w1 = await shown(page, 'step-hidden-kernel-value');
  const b1 = await shown(page, 'step-hidden-bias-value');
  const w2 = await shown(page, 'step-output-kernel-value');
  const b2 = await shown(page, 'step-output-bias-value');
  const u1Shown = await shown(page, 'step-hidden-u');
  expect([x.length, w1.length, b1.length, w2.length, b2.length]).toEqual([2, 6, 3, 6, 2]);
  const u1 = [0, 1, 2].map((j) => (b1[j] as number) + x.reduce((sum, xi, i) => sum + xi * (w1[i * 3 + j] as number), 0));
  u1.forEach((value, j) => {
    expect(Math.abs(value - (u1Shown[j] as number))).toBeLessThan(1e-5);
  });
  await page.screenshot({ path: '/tmp/kairo-step-forward.png' });

  // Backward: δ of both layers against finite differences of E.
  await page.getByTestId('step-stage-backward').click();
  await expect(page.getByTestId('step-formulas')).toHaveAttribute('data-stage', 'backward');
  const t = await shown(page, 'step-target-row');
  const deltaHidden = await shown(page, 'step-hidden-delta');
  const deltaOutput = await shown(page, 'step-output-delta');
  const u2 = [0, 1].map((k) => (b2[k] as number) + u1.map(sigmoid).reduce((sum, z, j) => sum + z * (w2[j * 2 + k] as number), 0));
  const referenceHidden = gradient((u) => lossFromHidden(u, w2, b2, t), u1);
  const referenceOutput = gradient((u) => lossFromOutput(u, t), u2);
  referenceHidden.forEach((reference, j) => {
    expect(Math.abs((deltaHidden[j] as number) - reference), `δ hidden ${j}`).toBeLessThan(1e-3);
  });
  referenceOutput.forEach((reference, k) => {
    expect(Math.abs((deltaOutput[k] as number) - reference), `δ output ${k}`).toBeLessThan(1e-3);
  });
  await page.screenshot({ path: '/tmp/kairo-step-backward.png' });

  // Update: Δw = −ε δ z, then applied: the loss of this image goes down.
  await page.getByTestId('step-stage-update').click();
  await expect(page.getByTestId('step-hidden-kernel-update')).toBeVisible();
  await page.screenshot({ path: '/tmp/kairo-step-update.png' });
  const loss = page.getByTestId('step-loss');
  const before = Number(await loss.getAttribute('data-value'));
  await page.getByTestId('step-apply').click();
  await expect(loss).toHaveAttribute('data-after', /\d/, { timeout: 30_000 });
  expect(Number(await loss.getAttribute('data-after'))).toBeLessThan(before);
});

test('one step on the logistic regression: its 784×10 weights and their update as heat maps, its ten δ as numbers', async ({ page }) => {
  await openPreset(page, 'mnist-logreg');
  await trainBriefly(page, '256');
  await page.getByTestId('training-tab-step').click();
  await page.getByTestId('step-compute').click();
  await expect(page.getByTestId('step-panel')).toHaveAttribute('data-state', 'ready', { timeout: 30_000 });
  // 7,840 weights are too many to write out: a picture, with its shape and range beside it.
  const kernel = page.getByTestId('step-dense-kernel-value');
  await expect(kernel).toHaveJSProperty('tagName', 'CANVAS');
  await expect(page.getByTestId('step-dense-kernel-value-facts')).toContainText('784×10');
  await page.getByTestId('step-stage-backward').click();
  expect(await shown(page, 'step-dense-delta')).toHaveLength(10);
  await page.getByTestId('step-stage-update').click();
  await expect(page.getByTestId('step-dense-kernel-update')).toHaveJSProperty('tagName', 'CANVAS');
  expect(await shown(page, 'step-dense-bias-update')).toHaveLength(10);
});

test('three runs appear in the history, overlay in one chart, survive a reload, and are renamed, exported and deleted', async ({ page }) => {
  await openPreset(page, 'tiny-2-3-2');
  await openPanel(page);
  await page.getByTestId('training-tab-runs').click();
  await expect(page.getByTestId('runs-empty')).toBeVisible();
  const rows = page.getByTestId('run-row');
  for (const [count, rate] of [
    [1, '5'],
    [2, '1'],
    [3, '0.2'],
  ] as const) {
    await setParam(page, 'optimizer', 'learningRate', rate);
    await trainBriefly(page, '320');
    // Written once the test evaluation after the run has settled.
    await expect(rows).toHaveCount(count, { timeout: 60_000 });
  }
  await expect(rows.getByTestId('run-accuracy').first()).toHaveText(/\d+\.\d\d%/);

  await page.getByTestId('runs-overlay-all').click();
  const chart = page.getByTestId('runs-chart');
  await expect(chart).toHaveAttribute('data-lines', '3');
  await page.getByTestId('runs-metric').selectOption('trainLoss');
  await expect(chart).toHaveAttribute('data-lines', '3');
  await page.getByTestId('training-panel').screenshot({ path: '/tmp/kairo-runs.png' });

  // Rename by keyboard.
  await rows.first().getByTestId('run-rename').click();
  const nameInput = page.getByTestId('run-name-input');
  await nameInput.fill('ε = 5');
  await nameInput.press('Enter');
  await expect(rows.first().getByTestId('run-name')).toHaveText('ε = 5');

  // CSV: a header and one line per run.
  const downloading = page.waitForEvent('download');
  await page.getByTestId('runs-export').click();
  const download = await downloading;
  const csv = readFileSync((await download.path()) ?? '', 'utf8').trim().split(/\r\n/);
  expect(csv).toHaveLength(4);
  expect(csv[1]).toContain('ε = 5');

  // Kept in the browser: still there after a reload.
  await page.reload();
  await openPanel(page);
  await page.getByTestId('training-tab-runs').click();
  await expect(rows).toHaveCount(3);
  await expect(rows.first().getByTestId('run-name')).toHaveText('ε = 5');
  await rows.first().getByTestId('run-delete').click();
  await expect(rows).toHaveCount(2);
});

test('in Japanese and by the keyboard: the Inside section and the step, formulas included', async ({ page }) => {
  await openPreset(page, 'tiny-2-3-2');
  await trainBriefly(page, '320');
  await page.getByTestId('language-ja').click();
  await showWholeGraph(page);

  await page.getByTestId('node-hidden').click();
  const inside = page.getByTestId('inside');
  await expect(inside.getByRole('heading', { name: '内部' })).toBeVisible();
  await expect(page.getByTestId('inside-content')).toHaveAttribute('data-state', 'ready', { timeout: 30_000 });
  await expect(page.getByTestId('inside-activation')).toHaveAttribute('data-fn', 'sigmoid');
  // The next test image, by the keyboard.
  await inside.getByRole('button', { name: '次のテスト画像' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('inside-input')).toHaveAttribute('data-index', '1');
  await expect(page.getByTestId('inside-content')).toHaveAttribute('data-input', '1', { timeout: 30_000 });
  await expect(page.getByTestId('inside-input-label')).toContainText('テスト画像 1');
  await inside.screenshot({ path: '/tmp/kairo-inside-ja.png' });

  await page.getByTestId('training-tab-step').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('step-compute')).toHaveText('1 ステップ計算');
  await page.getByTestId('step-compute').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('step-panel')).toHaveAttribute('data-state', 'ready', { timeout: 30_000 });
  await expect(page.getByTestId('step-formulas')).toContainText('重み付き和');
  await page.getByTestId('step-stage-backward').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('step-formulas')).toContainText('公式 B');
  await page.getByTestId('step-stage-update').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('step-formulas')).toContainText('公式 A');
  await expect(page.getByTestId('step-panel')).toContainText('学習率');
  await page.screenshot({ path: '/tmp/kairo-step-ja.png' });
});
