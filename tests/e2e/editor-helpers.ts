import { expect, type Locator, type Page, test } from '@playwright/test';

/** Collects console errors and warnings (and uncaught exceptions) so a test can assert there were none. */
export function watchConsole(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') problems.push(`${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  return problems;
}

/**
 * Every test of the calling spec file fails on a console error or warning (or an uncaught page
 * error); with `open`, each test starts on the editor at that address, its canvas shown.
 */
export function failOnConsoleProblems(options: { open?: string } = {}): void {
  let problems: string[] = [];
  test.beforeEach(async ({ page }) => {
    problems = watchConsole(page);
    if (options.open === undefined) return;
    await page.goto(options.open);
    await expect(page.getByTestId('canvas')).toBeVisible();
  });
  test.afterEach(() => {
    expect(problems, 'console errors or warnings').toEqual([]);
  });
}

/** The centre of an element in page coordinates. */
export async function centreOf(locator: Locator): Promise<{ x: number; y: number }> {
  const box = await locator.boundingBox();
  if (!box) throw new Error('element has no box');
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/** Drags a wire with the mouse from one port handle to another. */
export async function connectPorts(page: Page, from: string, to: string): Promise<void> {
  const start = await centreOf(page.getByTestId(from));
  const end = await centreOf(page.getByTestId(to));
  await page.mouse.move(start.x, start.y);
  await page.mouse.down();
  await page.mouse.move((start.x + end.x) / 2, (start.y + end.y) / 2 + 20, { steps: 6 });
  await page.mouse.move(end.x, end.y, { steps: 6 });
  await page.mouse.up();
}

/** Drags a palette card onto the canvas at (x, y) relative to the canvas's top-left corner. */
export async function dropFromPalette(page: Page, type: string, x: number, y: number): Promise<void> {
  await page.getByTestId(`palette-${type}`).dragTo(page.getByTestId('canvas'), { targetPosition: { x, y } });
}

export async function openPreset(page: Page, id: string): Promise<void> {
  await page.getByTestId('action-presets').click();
  await page.getByTestId(`preset-${id}`).click();
  await expect(page.getByTestId('preset-gallery')).toBeHidden();
}

/** The parameter total in the top bar, as shown. */
export function paramTotal(page: Page): Locator {
  return page.getByTestId('param-total');
}

/**
 * Waits until the autosave has written the current graph. The app marks <html> 'pending' in the
 * same call as the graph change and 'saved' after the write, so call this once the change shows
 * on the page (a value, a total): a 'saved' seen then is the write of that change.
 */
export async function waitForAutosave(page: Page): Promise<void> {
  await expect(page.locator('html')).toHaveAttribute('data-autosave', 'saved');
}

/**
 * Zooms out until the whole graph is in view (the fit-view control). A wide graph opens at a
 * readable zoom showing its beginning, so tests that click nodes further along call this first.
 * The fit is applied on React Flow's next render; it is done when every node lies wholly inside
 * the canvas (nodes outside it are clipped, so they do not count as in the viewport; 0.99, not 1,
 * because a fully visible node's ratio can round to 0.9999999).
 */
export async function showWholeGraph(page: Page): Promise<void> {
  await page.locator('.react-flow__controls-fitview').click();
  const nodes = page.locator('.react-flow__node');
  const count = await nodes.count();
  for (let index = 0; index < count; index++) await expect(nodes.nth(index)).toBeInViewport({ ratio: 0.99 });
}
