import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, type Page, test } from '@playwright/test';
import { chainGraph, decompressionBombPayload, hugeDenseGraph } from '../../bench/hostileInputs';
import { GRAPH_LIMITS } from '../../src/graph/limits';
import { waitForDocuments } from './documents-helpers';
import { failOnConsoleProblems, openPreset, paramTotal } from './editor-helpers';
import { openPanel, setParam } from './training-helpers';

/**
 * Issue 14 in the built app: resources are bounded before they are spent. A title is capped where
 * it is typed (case 3); a too-large model is an error on the canvas that keeps Train disabled
 * (case 7); a decompression-bomb link (case 6), a file of 1e308 positions (case 11) and a file over
 * the size limit (case 13) are refused and leave the graph as it was; a 5,000-node chain compiles in
 * the worker (case 9); and a batch that does not end after Stop is stopped by force (case 10).
 */

const CNN = '1,199,882';

failOnConsoleProblems();

async function openEditor(page: Page): Promise<void> {
  await page.goto('/');
  await waitForDocuments(page);
  await expect(paramTotal(page)).toHaveText(CNN);
}

async function openFile(page: Page, name: string, text: string | Buffer): Promise<void> {
  await page.getByTestId('open-file-input').setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.isBuffer(text) ? text : Buffer.from(text) });
}

test('case 3: the title and description fields take no more than a file may hold, and say so', async ({ page }) => {
  await openEditor(page);
  const title = page.getByTestId('graph-title');
  await expect(page.getByTestId('graph-title-limit')).toHaveCount(0);
  await title.fill('x'.repeat(25_000));
  await expect(title).toHaveValue('x'.repeat(GRAPH_LIMITS.maxTitleChars));
  // The cut is said where it happens, not left for the user to discover.
  await expect(page.getByTestId('graph-title-limit')).toBeVisible();
  const description = page.getByTestId('graph-description');
  await description.fill('y'.repeat(25_000));
  await expect(description).toHaveValue('y'.repeat(GRAPH_LIMITS.maxDescriptionChars));
  await expect(page.getByTestId('graph-description-limit')).toBeVisible();
});

test('case 7: a model of 4.35e9 parameters is an error on the canvas, and cannot be trained', async ({ page }) => {
  await openEditor(page);
  await openFile(page, 'huge.kairo.json', JSON.stringify(hugeDenseGraph()));
  await expect(page.getByTestId('problems-button')).toHaveClass(/tone-error/);
  await page.getByTestId('problems-button').click();
  await expect(page.getByTestId('problems-list').locator('[data-issue-code="OVER_MEMORY_BUDGET"]')).toContainText('dense2');
  await page.keyboard.press('Escape');
  await openPanel(page);
  await expect(page.getByTestId('training-train')).toBeDisabled();
});

test('case 6: a decompression-bomb link is refused and the graph stays', async ({ page }) => {
  await openEditor(page);
  await page.evaluate((payload) => {
    window.location.hash = `g=${payload}`;
  }, decompressionBombPayload());
  await expect(page.getByTestId('load-error').locator('[data-issue-code="LINK_TOO_LARGE"]')).toBeVisible();
  await expect(paramTotal(page)).toHaveText(CNN);
});

test('cases 11 and 13: a file with a node at 1e308, and one over the size limit, are refused', async ({ page }) => {
  await openEditor(page);
  const far = JSON.parse(await readFile(path.join(import.meta.dirname, '../../presets/mnist-logreg.json'), 'utf8'));
  far.nodes[1].position = { x: 1e308, y: -1e308 };
  await openFile(page, 'far.kairo.json', JSON.stringify(far));
  await expect(page.getByTestId('load-error')).toContainText('nodes[1].position.x');
  await expect(paramTotal(page)).toHaveText(CNN);
  await page.getByTestId('load-error-dismiss').click();

  await openFile(page, 'huge.kairo.json', Buffer.alloc(21 * 1024 * 1024, 0x20));
  await expect(page.getByTestId('load-error').locator('[data-issue-code="FILE_TOO_LARGE"]')).toBeVisible();
  await expect(paramTotal(page)).toHaveText(CNN);
});

test('case 9: a chain of 5,000 nodes compiles in the worker', async ({ page }) => {
  await page.goto('/?kairo-test');
  await page.waitForFunction(() => window.__kairoWorkerTest !== undefined);
  const result = await page.evaluate(async (graph) => {
    const hook = window.__kairoWorkerTest;
    if (!hook) throw new Error('the ?kairo-test hook is not installed');
    const worker = hook.startKairoWorker();
    await worker.ready;
    await worker.api.selectBackend('cpu');
    const compiled = await worker.api.compile(graph);
    worker.terminate();
    return compiled.ok ? { ok: true, layers: compiled.summary.layers.length } : { ok: false, issues: compiled.issues };
  }, chainGraph(GRAPH_LIMITS.maxNodes));
  expect(result).toEqual({ ok: true, layers: GRAPH_LIMITS.maxNodes - 2 });
});

test('case 10: a batch that does not end after Stop is stopped by force; the graph stays', async ({ page }) => {
  await openEditor(page);
  await openPreset(page, 'mnist-mlp');
  // One batch of 4,096 images through two dense(2048) layers, on the CPU backend: minutes of work
  // on any machine, so Stop cannot take effect within its grace period.
  await setParam(page, 'dense1', 'units', '2048');
  await setParam(page, 'dense2', 'units', '2048');
  await setParam(page, 'dataset', 'trainSubset', '4096');
  await setParam(page, 'dataset', 'batchSize', '4096');
  const total = await paramTotal(page).textContent();
  await openPanel(page);
  await page.getByTestId('training-backend-select').selectOption('cpu');
  await page.getByTestId('training-train').click();
  await expect(page.getByTestId('training-progress')).toHaveAttribute('data-status', 'training', { timeout: 90_000 });
  await page.getByTestId('training-stop').click();
  await expect(page.getByTestId('training-stopping')).toBeVisible();
  await expect(page.getByTestId('training-stop-overdue')).toBeVisible();
  await page.getByTestId('training-force-stop').click();
  await expect(page.getByTestId('training-error-message')).toHaveAttribute('data-code', 'WORKER_FORCE_STOPPED');
  await expect(paramTotal(page)).toHaveText(total ?? '');
  await expect(page.getByTestId('training-train')).toBeEnabled();
});
