import { expect, type Page, test } from '@playwright/test';
import { openPreset, watchConsole } from './editor-helpers';
import { openPanel } from './training-helpers';
import { boxOf, framing, inside, intersects, nodeBoxes } from './student-helpers';

/**
 * The first screen a student sees: every preset opens with all of its cards in the canvas at a zoom
 * where their 11–12 px text can be read (≥ 0.8), measured from React Flow's node boxes, in windows
 * of 1440×900, 1280×720 and 1024×768; opening the training panel keeps every card in view above it;
 * the zoom buttons and the overview map never sit on a card.
 */

const PRESETS = ['mnist-perceptron', 'mnist-logreg', 'mnist-svm', 'mnist-mlp', 'mnist-cnn'];
const SIZES = [
  { width: 1440, height: 900 },
  { width: 1280, height: 720 },
  { width: 1024, height: 768 },
];

let consoleProblems: string[] = [];

test.afterEach(() => {
  expect(consoleProblems, 'console errors or warnings').toEqual([]);
});

/** The corner tools (zoom buttons, overview map, attribution) lie on no card. */
async function expectToolsClear(page: Page): Promise<void> {
  const boxes = [...(await nodeBoxes(page)).values()];
  for (const selector of ['.react-flow__controls', '.react-flow__minimap']) {
    const tool = page.locator(selector);
    if ((await tool.count()) === 0) continue;
    const box = await boxOf(tool);
    expect(boxes.filter((node) => intersects(node, box)), selector).toEqual([]);
  }
}

for (const size of SIZES) {
  test(`every preset opens whole and readable at ${size.width}×${size.height}, and stays in view when the training panel opens`, async ({ page }) => {
    consoleProblems = watchConsole(page);
    await page.setViewportSize(size);
    await page.goto('/');
    await expect(page.getByTestId('canvas')).toBeVisible();
    for (const preset of PRESETS) {
      await openPreset(page, preset);
      // Framed once the cards have their sizes: wait for that state.
      await expect.poll(async () => (await framing(page)).outside, { message: `${preset}: cards outside the canvas` }).toEqual([]);
      await expect.poll(async () => (await framing(page)).zoom, { message: `${preset}: zoom` }).toBeGreaterThanOrEqual(0.8);
      await expectToolsClear(page);
      // The figure the closing notes quote (the least zoom of the presets at each size).
      console.log(`${size.width}×${size.height} ${preset}: zoom ${(await framing(page)).zoom.toFixed(3)}`);
    }

    // The panel takes the lower part of the centre: the graph is framed again above it.
    await openPanel(page);
    const dock = page.getByTestId('training-dock');
    await expect.poll(async () => (await boxOf(dock)).height).toBeGreaterThan(150);
    await expect.poll(async () => (await framing(page)).outside).toEqual([]);
    const dockBox = await boxOf(dock);
    const canvas = await boxOf(page.getByTestId('canvas'));
    for (const [id, box] of await nodeBoxes(page)) {
      expect(intersects(box, dockBox), `${id} under the panel`).toBe(false);
      expect(inside(box, canvas), `${id} in the canvas`).toBe(true);
    }
    await expectToolsClear(page);
    await expect.poll(async () => (await framing(page)).zoom, { message: 'zoom with the panel open' }).toBeGreaterThanOrEqual(0.8);
    console.log(`${size.width}×${size.height} ${PRESETS.at(-1)} with the panel open: zoom ${(await framing(page)).zoom.toFixed(3)}`);
  });
}

test('tidy up lays a scattered graph out in rows that fit the canvas at a readable zoom, as one undo step', async ({ page }) => {
  consoleProblems = watchConsole(page);
  await page.goto('/');
  await openPreset(page, 'mnist-mlp');
  await expect.poll(async () => (await framing(page)).outside).toEqual([]);
  // Scatter the cards: drag one far away.
  const before = await nodeBoxes(page);
  const dense = before.get('dense1');
  if (!dense) throw new Error('no dense1');
  await page.mouse.move(dense.x + 30, dense.y + 8);
  await page.mouse.down();
  await page.mouse.move(dense.x + 30 + 200, dense.y + 8 + 160, { steps: 8 });
  await page.mouse.up();
  await page.getByTestId('canvas-tidy').click();
  await expect.poll(async () => (await framing(page)).outside).toEqual([]);
  await expect.poll(async () => (await framing(page)).zoom).toBeGreaterThanOrEqual(0.8);
  const laid = [...(await nodeBoxes(page)).entries()];
  for (const [index, [id, box]] of laid.entries()) {
    for (const [other, otherBox] of laid.slice(index + 1)) expect(intersects(box, otherBox), `${id} on ${other}`).toBe(false);
  }
  await page.keyboard.press('Control+z');
  await expect.poll(async () => (await nodeBoxes(page)).get('dense1')?.x).not.toBe(laid.find(([id]) => id === 'dense1')?.[1].x);
});
