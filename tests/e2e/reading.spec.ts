import { expect, type Page, test } from '@playwright/test';
import { failOnConsoleProblems, openPreset } from './editor-helpers';
import { boxOf, inside, intersects } from './student-helpers';

/**
 * What a student reads: a top bar that fits a 1024 px window in both languages, reasons and labels
 * that are never cut off, a title and description that belong to the graph, examples with a picture
 * of each network that fit one screen.
 */

failOnConsoleProblems();

/** Elements matching `selector` whose text does not fit their box (cut off or hidden by overflow). */
async function clipped(page: Page, selector: string): Promise<string[]> {
  return page.locator(selector).evaluateAll((elements) =>
    elements
      .filter((element) => element.scrollWidth > element.clientWidth + 1 || element.scrollHeight > element.clientHeight + 1)
      .map((element) => `${element.closest('[data-testid^="node-"]')?.getAttribute('data-testid') ?? ''}: ${element.textContent}`),
  );
}

for (const language of ['en', 'ja'] as const) {
  test(`the top bar fits a 1024 px window in ${language}: nothing overlaps, the title stays readable`, async ({ page }) => {
    await page.setViewportSize({ width: 1024, height: 768 });
    await page.goto('/');
    await expect(page.getByTestId('canvas')).toBeVisible();
    if (language === 'ja') await page.getByTestId('language-ja').click();
    const bar = page.getByTestId('topbar');
    const overflow = await bar.evaluate((element) => element.scrollWidth - element.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    const items = ['action-new', 'action-presets', 'action-export', 'action-recent', 'action-data', 'action-redo', 'graph-title-display', 'param-total-box', 'problems-button', 'theme-toggle', `language-en`, 'language-ja', 'action-help'];
    const boxes = await Promise.all(items.map(async (id) => [id, await boxOf(page.getByTestId(id))] as const));
    const barBox = await boxOf(bar);
    for (const [index, [id, box]] of boxes.entries()) {
      expect(box.x + box.width, `${id} inside the bar`).toBeLessThanOrEqual(barBox.x + barBox.width);
      for (const [other, otherBox] of boxes.slice(index + 1)) expect(intersects(box, otherBox), `${id} overlaps ${other}`).toBe(false);
    }
    const title = boxes.find(([id]) => id === 'graph-title-display')?.[1];
    expect(title?.width ?? 0).toBeGreaterThanOrEqual(120);
    // The palette beside it names every node whole.
    expect(await clipped(page, '.palette-name'), 'palette names cut off').toEqual([]);
  });
}

test('the reason Train is disabled is shown whole, not cut with an ellipsis', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('action-new').click();
  const reason = page.getByTestId('training-blocked');
  await expect(reason).toBeVisible();
  expect(await clipped(page, '[data-testid="training-blocked"]')).toEqual([]);
  await expect(reason).not.toHaveCSS('text-overflow', 'ellipsis');
});

test('no card of any preset has its title, settings, port labels or shapes cut off, in either language', async ({ page }) => {
  await page.goto('/');
  for (const language of ['en', 'ja'] as const) {
    await page.getByTestId(`language-${language}`).click();
    for (const preset of ['mnist-perceptron', 'mnist-logreg', 'mnist-svm', 'mnist-mlp', 'mnist-cnn']) {
      await openPreset(page, preset);
      await expect(page.locator('.kn-title').first()).toBeVisible();
      expect(await clipped(page, '.kn-title, .kn-summary, .kn-port-label, .kn-shape, .kn-count, .kn-foot'), `${preset} (${language})`).toEqual([]);
    }
    expect(await clipped(page, '.palette-name'), `palette (${language})`).toEqual([]);
  }
});

test('a renamed graph has its new title in both languages; its description is editable and says when it no longer fits the graph', async ({ page }) => {
  await page.goto('/');
  await openPreset(page, 'mnist-mlp');
  await page.locator('.react-flow__pane').click({ position: { x: 10, y: 10 } });
  await page.getByTestId('graph-title').fill('My first MLP');
  await page.getByTestId('language-ja').click();
  await expect(page.getByTestId('graph-title-display')).toHaveText('My first MLP');
  await page.getByTestId('language-en').click();

  // The example's description, once the graph has changed, says it was written for the example.
  await expect(page.getByTestId('description-stale')).toHaveCount(0);
  await page.getByTestId('node-dense1').click();
  await page.getByTestId('param-units').fill('300');
  await page.locator('.react-flow__pane').click({ position: { x: 10, y: 10 } });
  await expect(page.getByTestId('description-stale')).toBeVisible();
  const description = page.getByTestId('graph-description');
  await description.fill('Two hidden layers of 300 and 512 units.');
  await expect(page.getByTestId('description-stale')).toHaveCount(0);
  await page.getByTestId('language-ja').click();
  await expect(page.getByTestId('graph-description')).toHaveValue('Two hidden layers of 300 and 512 units.');
});

test('the Activation node describes activations', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('palette-activation').click();
  const text = (await page.locator('.inspector-description').textContent()) ?? '';
  for (const word of ['relu', 'sigmoid', 'tanh', 'softmax']) expect(text).toContain(word);
  // sign is one of them, not the subject.
  expect(text.split('sign').length - 1).toBeLessThanOrEqual(1);
});

test('the examples show a picture of each network, and the course’s five fit a 1280×720 window without scrolling', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('action-presets').click();
  const gallery = page.getByTestId('preset-gallery');
  await expect(gallery).toBeVisible();
  const body = await boxOf(gallery.locator('.modal-body'));
  for (const preset of ['mnist-perceptron', 'mnist-logreg', 'mnist-svm', 'mnist-mlp', 'mnist-cnn']) {
    const card = page.getByTestId(`preset-${preset}`);
    await expect(card).toBeInViewport({ ratio: 1 });
    // Inside the part of the list shown before any scrolling (more examples may follow below).
    expect(inside(await boxOf(card), body), `${preset} shown without scrolling`).toBe(true);
  }
  for (const card of await gallery.locator('.modal-body [data-testid^="preset-"]:not([data-testid="preset-picture"])').all()) {
    const picture = card.getByTestId('preset-picture');
    await expect(picture).toBeAttached();
    const nodes = (await card.textContent())?.match(/(\d+) nodes/)?.[1];
    await expect(picture.locator('rect'), `${await card.getAttribute('data-testid')}`).toHaveCount(Number(nodes));
  }
});
