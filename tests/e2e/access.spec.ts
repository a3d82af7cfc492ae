import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, test } from '@playwright/test';
import { failOnConsoleProblems, openPreset, paramTotal } from './editor-helpers';
import { openPanel, setParam } from './training-helpers';

/**
 * The editor without a mouse and through a screen reader: logistic regression built from an empty
 * canvas with the keyboard alone (palette, ports and their lists of compatible ports, the inspector),
 * cards, ports and wires with names of their own, a wire reached with Tab shown and deleted with
 * Delete, a dark theme that follows the system and a toggle that overrides it, and an axe-core check
 * with no serious or critical violation on the editor, the training panel and the dialogs, in both
 * languages.
 */

failOnConsoleProblems();

/** Presses Tab until the focused element matches `selector`, as a keyboard user would. */
async function tabToMatch(page: Page, selector: string, limit = 250): Promise<void> {
  for (let press = 0; press < limit; press++) {
    if (await page.evaluate((css) => document.activeElement?.matches(css) ?? false, selector)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`${selector} was not reached with ${limit} presses of Tab`);
}

/** Focuses a port with Tab, opens its list with Enter, walks the list with the arrow keys to `target` and connects it with Enter. */
async function wireByKeyboard(page: Page, fromHandle: string, target: string): Promise<void> {
  await tabToMatch(page, `[data-testid="${fromHandle}"]`);
  await page.keyboard.press('Enter');
  const list = page.getByTestId('connect-menu-list');
  await expect(list).toBeFocused();
  const option = `connect-option-${target}`;
  await expect(page.getByTestId(option)).toHaveCount(1);
  const count = await list.getByRole('option').count();
  for (let step = 0; step <= count; step++) {
    if ((await page.getByTestId(option).getAttribute('aria-selected')) === 'true') break;
    await page.keyboard.press('ArrowDown');
  }
  await expect(page.getByTestId(option)).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('connect-menu')).toHaveCount(0);
  // Focus is back on the port the list was opened from.
  await expect(page.getByTestId(fromHandle)).toBeFocused();
}

test('logistic regression is built from an empty canvas with the keyboard alone', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('canvas')).toBeVisible();
  await page.getByTestId('action-new').focus();
  await page.keyboard.press('Enter');
  await expect(page.locator('.react-flow__node')).toHaveCount(0);

  for (const type of ['dataset', 'flatten', 'dense', 'loss', 'optimizer']) {
    await page.getByTestId('palette-search').focus();
    await tabToMatch(page, `[data-testid="palette-${type}"]`);
    await page.keyboard.press('Enter');
    await expect(page.getByTestId(`node-${type}-1`)).toBeVisible();
  }

  await page.getByTestId('palette-search').focus();
  await wireByKeyboard(page, 'handle-dataset-1-images', 'flatten-1-in');
  await wireByKeyboard(page, 'handle-flatten-1-out', 'dense-1-in');
  await wireByKeyboard(page, 'handle-dense-1-out', 'loss-1-prediction');
  await wireByKeyboard(page, 'handle-dataset-1-labels', 'loss-1-labels');
  await wireByKeyboard(page, 'handle-loss-1-loss', 'optimizer-1-loss');
  await expect(page.locator('.react-flow__edge')).toHaveCount(5);

  // Select the Dense card from the keyboard; the inspector's fix makes it the output layer.
  await tabToMatch(page, '.react-flow__node[data-id="dense-1"]');
  await page.keyboard.press('Enter');
  await expect(page.locator('.react-flow__node[data-id="dense-1"]')).toHaveClass(/selected/);
  await tabToMatch(page, '[data-testid="fix-match-labels"]');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('param-units')).toHaveValue('10');
  await expect(paramTotal(page)).toHaveText('7,850');
  await expect(page.getByTestId('problems-button')).toHaveAttribute('data-tone', 'ok');
});

test('cards, ports and wires have names of their own; a wire reached with Tab is shown and Delete removes it', async ({ page }) => {
  await page.goto('/');
  await openPreset(page, 'mnist-logreg');
  // A card is named by its type, id, output shape and parameters, not all of its small print.
  const dense = page.locator('.react-flow__node[data-id="dense"]');
  await expect(dense).toHaveAccessibleName(/dense.*10.*7,850/);
  await expect(page.getByTestId('handle-dense-in')).toHaveAccessibleName(/dense/);
  await expect(page.getByTestId('handle-dense-in')).toHaveAttribute('tabindex', '0');

  const edges = page.locator('.react-flow__edge');
  const before = await edges.count();
  await page.locator('.react-flow__pane').click({ position: { x: 10, y: 10 } });
  await tabToMatch(page, '.react-flow__edge');
  const focused = page.locator('.react-flow__edge:focus');
  await expect(focused).toHaveAccessibleName(/(dataset|flatten|dense|loss).*(flatten|dense|loss|optimizer)/);
  // The halo: the wire's wide hit area is painted while it has the focus.
  const halo = await focused.locator('.react-flow__edge-interaction').evaluate((path) => getComputedStyle(path).strokeOpacity);
  expect(Number(halo)).toBeGreaterThan(0);
  await page.keyboard.press('Delete');
  await expect(edges).toHaveCount(before - 1);
});

test('the theme follows the system, and the toggle overrides it and is remembered', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto('/');
  const root = page.locator('html');
  await expect(root).toHaveAttribute('data-theme', 'dark');
  const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  const darkBackground = await background();
  // Dark means a dark page: each channel of the background well below the middle.
  const channels = (colour: string) => (colour.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map(Number);
  expect(Math.max(...channels(darkBackground))).toBeLessThan(80);

  await page.emulateMedia({ colorScheme: 'light' });
  await expect(root).toHaveAttribute('data-theme', 'light');
  expect(Math.min(...channels(await background()))).toBeGreaterThan(200);

  // system → light → dark: the toggle wins over the system, and survives a reload.
  const toggle = page.getByTestId('theme-toggle');
  await toggle.click();
  await expect(toggle).toHaveAttribute('data-preference', 'light');
  await toggle.click();
  await expect(toggle).toHaveAttribute('data-preference', 'dark');
  await expect(root).toHaveAttribute('data-theme', 'dark');
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expect(page.getByTestId('theme-toggle')).toHaveAttribute('data-preference', 'dark');
});

/**
 * axe-core's serious and critical violations, as "rule: element" lines: on the whole page, or only
 * inside `within` (a part already checked with the page is not checked again).
 */
async function seriousViolations(page: Page, within?: string): Promise<string[]> {
  const builder = new AxeBuilder({ page });
  if (within) builder.include(within);
  const results = await builder.analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .flatMap((violation) => violation.nodes.map((node) => `${violation.id}: ${node.target.join(' ')}`));
}

/** The editor in `language` (and `theme`) with the CNN preset open. */
async function openEditor(page: Page, language: 'en' | 'ja', theme: 'light' | 'dark'): Promise<void> {
  await page.emulateMedia({ colorScheme: theme });
  await page.goto('/');
  await expect(page.getByTestId('canvas')).toBeVisible();
  await page.getByTestId(`language-${language}`).click();
  await expect(page.locator('html')).toHaveAttribute('lang', language);
  await openPreset(page, 'mnist-cnn');
}

// axe takes 10–20 s a check on a loaded machine: one test per view keeps each well inside its time.
const AXE_TIMEOUT = 240_000;

for (const [language, theme] of [
  ['en', 'light'],
  ['ja', 'light'],
  ['en', 'dark'],
] as const) {
  test(`axe-core: no serious or critical violation on the editor and the inspector (${language}, ${theme})`, async ({ page }) => {
    test.setTimeout(AXE_TIMEOUT);
    await openEditor(page, language, theme);
    expect(await seriousViolations(page), 'editor').toEqual([]);
    await page.getByTestId('node-conv1').click();
    await expect(page.getByTestId('param-filters')).toBeVisible();
    expect(await seriousViolations(page, '.inspector'), 'inspector').toEqual([]);
  });

  test(`axe-core: no serious or critical violation on the training panel, each tab (${language}, ${theme})`, async ({ page }) => {
    test.setTimeout(AXE_TIMEOUT);
    await openEditor(page, language, theme);
    await openPanel(page);
    for (const tab of await page.locator('[data-testid^="training-tab-"]').all()) {
      await tab.click();
      await expect(tab).toHaveAttribute('aria-selected', 'true');
      expect(await seriousViolations(page, '[data-testid="training-dock"]'), `${await tab.getAttribute('data-testid')}`).toEqual([]);
    }
  });

  test(`axe-core: no serious or critical violation on the dialogs (${language}, ${theme})`, async ({ page }) => {
    test.setTimeout(AXE_TIMEOUT);
    await openEditor(page, language, theme);
    for (const [action, dialog] of [
      ['action-presets', 'preset-gallery'],
      ['action-help', 'help-overlay'],
      ['action-share', 'share-dialog'],
    ] as const) {
      await page.getByTestId(action).click();
      await expect(page.getByTestId(dialog)).toBeVisible();
      expect(await seriousViolations(page, '.backdrop'), dialog).toEqual([]);
      await page.keyboard.press('Escape');
      await expect(page.getByTestId(dialog)).toHaveCount(0);
    }
  });
}

test('after a short run the results pass axe-core in both languages; leaving asks until the weights are kept, and a reload then brings the run back', async ({ page }) => {
  test.setTimeout(AXE_TIMEOUT);
  await page.goto('/');
  await openPreset(page, 'mnist-logreg');
  await setParam(page, 'dataset', 'trainSubset', '500');
  await setParam(page, 'dataset', 'batchSize', '50');
  await setParam(page, 'optimizer', 'epochs', '1');
  await openPanel(page);
  const app = page.locator('.app');
  await expect(app).toHaveAttribute('data-confirm-leaving', 'false');
  await page.getByTestId('training-train').click();
  const panel = page.getByTestId('training-panel');
  await expect(app).toHaveAttribute('data-confirm-leaving', 'true');
  await expect(panel).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
  await page.getByTestId('training-tab-evaluation').click();
  await expect(page.getByTestId('cm-cell-3-3')).toBeVisible({ timeout: 30_000 });
  // Every count is written whole, as its name reads it ("1,135").
  const cut = await page.locator('[data-testid^="cm-cell-"]').evaluateAll((cells) =>
    cells.filter((cell) => cell.scrollWidth > cell.clientWidth).map((cell) => cell.textContent),
  );
  expect(cut, 'counts cut off').toEqual([]);
  for (const language of ['en', 'ja'] as const) {
    await page.getByTestId(`language-${language}`).click();
    await expect(page.locator('html')).toHaveAttribute('lang', language);
    expect(await seriousViolations(page, '[data-testid="training-dock"]'), `evaluation (${language})`).toEqual([]);
  }
  const accuracy = await page.getByTestId('test-accuracy').textContent();

  // Once IndexedDB holds the weights, a reload loses nothing and does not ask; the run comes back.
  await expect(app).toHaveAttribute('data-confirm-leaving', 'false', { timeout: 30_000 });
  let asked = false;
  page.on('dialog', (dialog) => {
    asked = true;
    void dialog.dismiss();
  });
  await page.evaluate(() => window.location.reload());
  await expect(page.getByTestId('canvas')).toBeVisible();
  await openPanel(page);
  await page.getByTestId('training-tab-evaluation').click();
  await expect(page.getByTestId('test-accuracy')).toHaveText(accuracy ?? '', { timeout: 30_000 });
  expect(asked).toBe(false);
});
