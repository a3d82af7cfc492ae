import { readFile } from 'node:fs/promises';
import { expect, type Page, test } from '@playwright/test';
import { storedDocumentText } from './documents-helpers';
import { paramTotal, showWholeGraph, waitForAutosave, watchConsole } from './editor-helpers';

let consoleProblems: string[] = [];

test.beforeEach(async ({ page }) => {
  consoleProblems = watchConsole(page);
  await withoutSavePicker(page);
  await page.goto('/');
  await expect(paramTotal(page)).toHaveText('1,199,882');
});

test.afterEach(() => {
  expect(consoleProblems, 'console errors or warnings').toEqual([]);
});

/**
 * Chromium has the File System Access API; a test cannot answer its dialog, so Save falls back to a
 * download here, the path browsers without the API take.
 */
async function withoutSavePicker(page: Page): Promise<void> {
  await page.addInitScript(() => {
    delete (Window.prototype as unknown as Record<string, unknown>).showSaveFilePicker;
    delete (window as unknown as Record<string, unknown>).showSaveFilePicker;
  });
}

/** Changes the CNN so that a test can tell its graph from the preset. */
async function editGraph(page: Page): Promise<string> {
  await showWholeGraph(page);
  await page.getByTestId('node-dense1').click();
  await page.getByTestId('param-units').fill('64');
  await page.getByTestId('node-dropout1').click();
  await page.getByTestId('param-rate').fill('0.3');
  await expect(paramTotal(page)).toHaveText('609,354');
  return '609,354';
}

/** Saves through the Save button and returns the downloaded file's name and text. */
async function saveToFile(page: Page): Promise<{ name: string; text: string; path: string }> {
  const downloading = page.waitForEvent('download');
  await page.getByTestId('action-save').click();
  const download = await downloading;
  const path = await download.path();
  return { name: download.suggestedFilename(), text: await readFile(path, 'utf8'), path };
}

test('save to a file, reload, open the file: the same graph', async ({ page }) => {
  await editGraph(page);
  const saved = await saveToFile(page);
  expect(saved.name).toBe('mnist-convolutional-network.kairo.json');
  expect(JSON.parse(saved.text)).toMatchObject({ format: 'kairo-graph', version: 1 });

  await page.reload();
  await page.getByTestId('action-new').click();
  await expect(paramTotal(page)).toHaveText('0');
  await page.getByTestId('open-file-input').setInputFiles(saved.path);
  await expect(paramTotal(page)).toHaveText('609,354');
  await expect(page.getByTestId('toast')).toContainText('Opened');

  const again = await saveToFile(page);
  expect(again.text).toBe(saved.text);
});

test('a graph file dropped onto the canvas opens', async ({ page }) => {
  await editGraph(page);
  const saved = await saveToFile(page);
  await page.getByTestId('action-new').click();
  await dropFile(page, 'dropped.kairo.json', saved.text);
  await expect(paramTotal(page)).toHaveText('609,354');
});

test('share link round trip: the link opens the same graph and leaves the address clean', async ({ page, context, baseURL }) => {
  await editGraph(page);
  const original = await saveToFile(page);
  await page.getByTestId('action-share').click();
  const link = await page.getByTestId('share-link').inputValue();
  const origin = new URL(baseURL ?? page.url()).origin;
  expect(link.startsWith(`${origin}/#g=`), link).toBe(true);
  expect(link.slice(`${origin}/#g=`.length)).toMatch(/^[A-Za-z0-9_-]+$/);
  await page.keyboard.press('Escape');

  const other = await context.browser()?.newContext();
  if (!other) throw new Error('no browser');
  const fresh = await other.newPage();
  const freshProblems = watchConsole(fresh);
  await withoutSavePicker(fresh);
  await fresh.goto(link);
  await expect(fresh.getByTestId('param-total')).toHaveText('609,354');
  await expect(fresh.getByTestId('toast')).toContainText('link');
  expect(new URL(fresh.url()).hash).toBe('');
  const copy = await saveToFile(fresh);
  expect(copy.text).toBe(original.text);
  // Undo goes back to what this browser had before the link (here: the first-visit CNN).
  await fresh.getByTestId('action-undo').click();
  await expect(fresh.getByTestId('param-total')).toHaveText('1,199,882');
  expect(freshProblems).toEqual([]);
  await other.close();
});

test('autosave: a reload restores exactly the graph, its layout included', async ({ page }) => {
  await editGraph(page);
  const before = await saveToFile(page);
  await waitForAutosave(page);
  // Written by the autosave itself (into this tab's document), not only by the flush that a reload triggers.
  expect(await storedDocumentText(page)).toBe(before.text);
  await page.reload();
  await expect(paramTotal(page)).toHaveText('609,354');
  const after = await saveToFile(page);
  expect(after.text).toBe(before.text);
});

test('a corrupt file shows what is wrong and leaves the graph as it was', async ({ page }) => {
  await editGraph(page);
  const input = page.getByTestId('open-file-input');

  await input.setInputFiles({ name: 'broken.kairo.json', mimeType: 'application/json', buffer: Buffer.from('{"format": "kairo-graph", "nodes": [') });
  await expect(page.getByTestId('load-error')).toContainText('broken.kairo.json');
  await expect(page.getByTestId('load-error')).toContainText('NOT_JSON');
  await expect(paramTotal(page)).toHaveText('609,354');
  await page.getByTestId('load-error-dismiss').click();
  await expect(page.getByTestId('load-error')).toBeHidden();

  const wrongParam = {
    format: 'kairo-graph',
    version: 1,
    meta: { title: { en: 'x', ja: 'x' }, description: { en: '', ja: '' } },
    nodes: [{ id: 'd1', type: 'dense', version: 1, params: { unitz: 3 }, position: { x: 0, y: 0 } }],
    edges: [],
  };
  await input.setInputFiles({ name: 'typo.kairo.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(wrongParam)) });
  await expect(page.getByTestId('load-error')).toContainText('UNKNOWN_PARAM');
  await expect(page.getByTestId('load-error')).toContainText('d1');
  await expect(paramTotal(page)).toHaveText('609,354');
  await expect(page.getByTestId('node-dense1')).toBeVisible();
});

test('a corrupt link shows what is wrong and leaves the graph as it was', async ({ page }) => {
  await editGraph(page);
  await waitForAutosave(page);
  await page.goto('about:blank');
  await page.goto('/#g=this-is-not-a-graph');
  await expect(page.getByTestId('load-error')).toContainText('link');
  await expect(paramTotal(page)).toHaveText('609,354');
  expect(new URL(page.url()).hash).toBe('');

  // Opened into a running editor (hash change), a bad link changes nothing either. The first
  // error is dismissed so that the panel seen next is this link's.
  await page.getByTestId('load-error-dismiss').click();
  await expect(page.getByTestId('load-error')).toBeHidden();
  await page.evaluate(() => {
    window.location.hash = 'g=AAAA';
  });
  await expect(page.getByTestId('load-error')).toContainText('link');
  await expect(paramTotal(page)).toHaveText('609,354');
});

async function dropFile(page: Page, name: string, text: string): Promise<void> {
  const transfer = await page.evaluateHandle(
    ([fileName, content]) => {
      const data = new DataTransfer();
      data.items.add(new File([content ?? ''], fileName ?? 'graph.json', { type: 'application/json' }));
      return data;
    },
    [name, text],
  );
  const canvas = page.getByTestId('canvas');
  await canvas.dispatchEvent('dragenter', { dataTransfer: transfer });
  await canvas.dispatchEvent('dragover', { dataTransfer: transfer });
  await canvas.dispatchEvent('drop', { dataTransfer: transfer });
}
