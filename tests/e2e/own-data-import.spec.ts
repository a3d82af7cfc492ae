import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Browser, expect, type Page, test } from '@playwright/test';
import { mulberry32 } from '../../src/engine/data/seededRandom';
import { drawPicture, encodeBmp, encodeGif, encodePng, encodeTiff, imageSetFiles, type Picture, writeFiles } from '../data/imageSets';
import { openPreset, watchConsole } from './editor-helpers';

/**
 * Importing your own images, the parts a student meets when things do not simply work: cancelling
 * a long import, a browser whose storage for the site is full, microscope TIFFs (one of them cut
 * off), WebP, GIF and BMP files, a folder dragged from the desktop, and classes of very different
 * sizes. Each leaves the graph as it was and says what happened; every wait is on a state the app
 * shows (data-status, data-state, data-count).
 */

let consoleProblems: string[] = [];
let root: string;

test.beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), 'kairo-e2e-import-'));
});

test.afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

test.beforeEach(async ({ page }) => {
  consoleProblems = watchConsole(page);
  await page.goto('/');
  await expect(page.getByTestId('canvas')).toBeVisible();
  await openPreset(page, 'images-small-cnn');
  await page.getByTestId('node-data-pick').click();
});

test.afterEach(() => {
  expect(consoleProblems, 'console errors or warnings').toEqual([]);
});

test('cancelling an import stores nothing and changes nothing; the next import works', async ({ page }) => {
  // 3,000 files: decoding them takes far longer than a click, on any machine.
  const dot = encodePng(drawPicture('disc', mulberry32(3), 8, 8));
  const many = new Map<string, Uint8Array>();
  for (let index = 0; index < 3000; index++) many.set(`${index % 2 ? 'rods' : 'cocci'}/${index}.png`, dot);
  await page.getByTestId('import-folder-input').setInputFiles(writeFiles(path.join(root, 'long', 'bacteria'), many));
  await page.getByTestId('import-start').click();
  const outcome = page.getByTestId('import-progress');
  await expect(outcome).toHaveAttribute('data-status', 'importing');
  await page.getByTestId('import-cancel').click();
  await expect(outcome).toHaveAttribute('data-status', 'cancelled', { timeout: 60_000 });
  await expect(outcome).toHaveAttribute('data-code', 'DATA_LOAD_CANCELLED');
  await expect(page.getByTestId('stored-datasets')).toHaveAttribute('data-count', '0');
  await expect(page.getByTestId('data-current')).toHaveAttribute('data-state', 'notChosen');

  const small = imageSetFiles({ shapes: ['disc', 'stripes'], perClass: 4, seed: 5 });
  await page.getByTestId('import-folder-input').setInputFiles(writeFiles(path.join(root, 'after', 'shapes'), small));
  await page.getByTestId('import-start').click();
  await expect(outcome).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
  await expect(page.getByTestId('stored-datasets')).toHaveAttribute('data-count', '1');
  await page.getByTestId('modal-close').click();
  await expect(page.getByTestId('node-data-status')).toHaveAttribute('data-state', 'ready');
});

test('a full site storage is shown, nothing is half-stored, and the import works once there is room', async ({ playwright, launchOptions, baseURL }) => {
  // Chromium's own quota, made small for this origin: the refusal is the browser's, as on a full disk.
  // A browser of its own: the override did not reach a page in a browser that had held other
  // contexts for the same origin (earlier tests), so this test starts from one context.
  const browser = await playwright.chromium.launch(launchOptions);
  try {
    await fullStorage(browser, baseURL ?? '');
  } finally {
    await browser.close();
  }
});

async function fullStorage(browser: Browser, baseURL: string): Promise<void> {
  const page = await (await browser.newContext({ baseURL })).newPage();
  const problems = watchConsole(page);
  await page.goto('/');
  await openPreset(page, 'images-small-cnn');
  await page.getByTestId('node-data-pick').click();
  const cdp = await page.context().newCDPSession(page);
  const origin = new URL(page.url()).origin;
  await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: 256 * 1024 });
  // The override is applied by the browser process: wait until this origin's storage really refuses
  // a write over the quota (a fresh-clone run once imported 5.9 MB right after the override).
  await expect.poll(() => quotaRefusesLargeWrite(page), { timeout: 15_000 }).toBe(true);
  const files = imageSetFiles({ shapes: ['disc', 'square'], perClass: 60, seed: 6 });
  await page.getByTestId('import-folder-input').setInputFiles(writeFiles(path.join(root, 'full', 'shapes'), files));
  // 120 images at 128×128 RGB: 5.9 MB of samples, over twenty times the quota, so that Chromium's
  // compression of large IndexedDB values cannot squeeze them under it.
  await page.getByTestId('import-size').selectOption('128');
  await expect(page.getByTestId('import-size')).toHaveValue('128');
  await page.getByTestId('import-start').click();
  const outcome = page.getByTestId('import-progress');
  await expect(outcome).toHaveAttribute('data-status', 'failed', { timeout: 60_000 });
  await expect(outcome).toHaveAttribute('data-code', 'DATA_STORE_QUOTA');
  await expect(outcome).toHaveAttribute('role', 'alert');
  await expect(page.getByTestId('stored-datasets')).toHaveAttribute('data-count', '0');
  await expect(page.getByTestId('data-current')).toHaveAttribute('data-state', 'notChosen');

  await cdp.send('Storage.overrideQuotaForOrigin', { origin });
  await page.getByTestId('import-start').click();
  await expect(outcome).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
  await expect(page.getByTestId('stored-datasets')).toHaveAttribute('data-count', '1');
  await expect(page.getByTestId('data-current')).toHaveAttribute('data-state', 'ready');
  expect(problems, 'console errors or warnings').toEqual([]);
}

test('microscope TIFFs import in the browser; a cut-off one is skipped; badly unbalanced classes are pointed out', async ({ page }) => {
  const random = mulberry32(7);
  const files = new Map<string, Uint8Array>();
  for (let index = 0; index < 9; index++) files.set(`dividing/cell-${index}.tif`, encodeTiff(drawPicture('disc', random, 40, 30)));
  for (let index = 0; index < 3; index++) files.set(`resting/cell-${index}.png`, encodePng(drawPicture('stripes', random, 40, 30)));
  files.set('dividing/cut.tif', (files.get('dividing/cell-0.tif') as Uint8Array).slice(0, 200));
  await page.getByTestId('import-folder-input').setInputFiles(writeFiles(path.join(root, 'tiff', 'scope'), files));
  await page.getByTestId('import-start').click();
  const outcome = page.getByTestId('import-progress');
  await expect(outcome).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
  const skipped = page.getByTestId('import-skipped');
  await expect(skipped).toHaveAttribute('data-count', '1');
  await skipped.locator('summary').click();
  await expect(skipped.locator('li[data-reason="damaged"]')).toContainText('cut.tif');
  await expect(page.locator('[data-testid="class-row"][data-class="dividing"]')).toHaveAttribute('data-count', '9');
  await expect(page.locator('[data-testid="class-row"][data-class="resting"]')).toHaveAttribute('data-count', '3');
  // 9 against 3: at the ratio where a model can score well by ignoring the small class.
  await expect(page.getByTestId('class-imbalance')).toBeVisible();
  await expect(page.getByTestId('class-imbalance')).toContainText('resting');
});

/** A picture of one colour. */
function solid(red: number, green: number, blue: number, width = 40, height = 30): Picture {
  return { width, height, rgba: new Uint8Array(width * height * 4).map((_, index) => [red, green, blue, 255][index % 4] as number) };
}

test('WebP, GIF (its first frame) and BMP import in the browser like JPEG and PNG', async ({ page }) => {
  // WebP made by Chromium's own encoder; GIF and BMP written by the test.
  const webp = await page.evaluate(async () => {
    const canvas = new OffscreenCanvas(40, 30);
    const context = canvas.getContext('2d');
    if (!context) throw new Error('no 2D canvas');
    context.fillStyle = '#203040';
    context.fillRect(0, 0, 40, 30);
    context.fillStyle = '#e0e0e0';
    context.beginPath();
    context.arc(20, 15, 9, 0, 2 * Math.PI);
    context.fill();
    const blob = await canvas.convertToBlob({ type: 'image/webp', quality: 0.9 });
    return Array.from(new Uint8Array(await blob.arrayBuffer()));
  });
  const random = mulberry32(8);
  const files = new Map<string, Uint8Array>([
    // Class "first": only a two-frame GIF, red then blue; its thumbnail must be red.
    ['first/blink.gif', encodeGif([solid(255, 0, 0), solid(0, 0, 255)])],
    ['mixed/a.webp', Uint8Array.from(webp)],
    ['mixed/b.bmp', encodeBmp(drawPicture('stripes', random, 41, 27))],
    ['mixed/c.gif', encodeGif([drawPicture('square', random, 40, 30)])],
  ]);
  await page.getByTestId('import-folder-input').setInputFiles(writeFiles(path.join(root, 'formats', 'formats'), files));
  await page.getByTestId('import-start').click();
  const outcome = page.getByTestId('import-progress');
  await expect(outcome).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
  await expect(page.getByTestId('import-skipped')).toHaveCount(0);
  await expect(page.locator('[data-testid="class-row"][data-class="mixed"]')).toHaveAttribute('data-count', '3');
  const thumbnail = page.locator('[data-testid="class-row"][data-class="first"] canvas').first();
  await expect(thumbnail).toBeVisible();
  const centre = await thumbnail.evaluate((canvas: HTMLCanvasElement) =>
    Array.from(canvas.getContext('2d')?.getImageData(canvas.width / 2, canvas.height / 2, 1, 1).data ?? []),
  );
  expect(centre.slice(0, 3)).toEqual([255, 0, 0]);
});

test('a folder dragged from the desktop onto the canvas opens the data view with its classes and imports', async ({ page }) => {
  await page.getByTestId('modal-close').click();
  const folder = writeFiles(path.join(root, 'dragged', 'pollen'), imageSetFiles({ shapes: ['disc', 'stripes'], perClass: 5, seed: 9 }));
  // A real drag of a folder, as the browser delivers one from the desktop (File and Directory Entries).
  const cdp = await page.context().newCDPSession(page);
  const box = await page.getByTestId('canvas').boundingBox();
  if (!box) throw new Error('no canvas');
  const at = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  const data = { items: [], files: [folder], dragOperationsMask: 1 };
  for (const type of ['dragEnter', 'dragOver', 'drop'] as const) await cdp.send('Input.dispatchDragEvent', { type, ...at, data });
  await expect(page.getByTestId('data-view')).toBeVisible();
  await expect(page.getByTestId('import-picked')).toContainText('10');
  await page.getByTestId('import-start').click();
  await expect(page.getByTestId('import-progress')).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
  await expect(page.getByTestId('import-progress')).toHaveAttribute('data-classes', '2');
  await expect(page.getByTestId('stored-dataset').first()).toHaveAttribute('data-name', 'pollen');
});

/**
 * Whether IndexedDB refuses to store 1 MB of incompressible bytes for this page's origin now; the
 * probe database is deleted again either way.
 */
async function quotaRefusesLargeWrite(page: Page): Promise<boolean> {
  return page.evaluate(async () => {
    const name = 'kairo-quota-probe';
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open(name, 1);
      request.onupgradeneeded = () => request.result.createObjectStore('probe');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const bytes = new Uint8Array(1024 * 1024);
    let state = 12345;
    for (let i = 0; i < bytes.length; i++) {
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
      bytes[i] = state >>> 24;
    }
    try {
      await new Promise<void>((resolve, reject) => {
        const transaction = db.transaction('probe', 'readwrite');
        transaction.objectStore('probe').put(bytes, 'bytes');
        transaction.oncomplete = () => resolve();
        transaction.onerror = () => reject(transaction.error);
        transaction.onabort = () => reject(transaction.error);
      });
      return false;
    } catch (error) {
      return (error as DOMException | null)?.name === 'QuotaExceededError';
    } finally {
      db.close();
      await new Promise<void>((resolve) => {
        const request = indexedDB.deleteDatabase(name);
        request.onsuccess = () => resolve();
        request.onerror = () => resolve();
        request.onblocked = () => resolve();
      });
    }
  });
}
