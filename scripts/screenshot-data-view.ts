/**
 * The README's picture of the data view: `npx tsx scripts/screenshot-data-view.ts [--no-build]`.
 * Makes a small image set (three classes of simple shapes, JPEG and PNG), imports it through the
 * real data view of the built app in Debian's Chromium, and saves docs/data-view.png (English) and
 * docs/data-view.ja.png (Japanese).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { startPreview, stopServer } from '../bench/longtasks';
import { imageSetFiles, writeFiles } from '../tests/data/imageSets';

const root = path.resolve(import.meta.dirname, '..');
const port = 4183;

if (!process.argv.includes('--no-build')) spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
const work = mkdtempSync(path.join(tmpdir(), 'kairo-screenshot-'));
const folder = writeFiles(path.join(work, 'shapes'), imageSetFiles({ shapes: ['disc', 'square', 'stripes'], perClass: 40, seed: 5, vary: true }));
const server = await startPreview(port);
const browser = await chromium.launch({
  executablePath: process.env.KAIRO_CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(`http://127.0.0.1:${port}/`);
  await page.getByTestId('action-presets').click();
  await page.getByTestId('preset-images-small-cnn').click();
  await page.getByTestId('node-data-pick').click();
  await page.getByTestId('import-folder-input').setInputFiles(folder);
  await page.getByTestId('import-start').click();
  await page.locator('[data-testid="import-progress"][data-status="done"]').waitFor({ timeout: 120_000 });
  await page.screenshot({ path: path.join(root, 'docs/data-view.png') });
  await page.getByTestId('modal-close').click();
  await page.getByTestId('language-ja').click();
  await page.getByTestId('action-data').click();
  await page.locator('[data-testid="class-row"]').first().waitFor();
  await page.screenshot({ path: path.join(root, 'docs/data-view.ja.png') });
  console.log('docs/data-view.png and docs/data-view.ja.png written');
} finally {
  await browser.close();
  stopServer(server);
  rmSync(work, { recursive: true, force: true });
}
