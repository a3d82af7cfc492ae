import { expect, type Page, test } from '@playwright/test';
import { connectPorts, dropFromPalette, failOnConsoleProblems, openPreset, paramTotal, showWholeGraph } from './editor-helpers';
import { boxOf, intersects, nodeBoxes } from './student-helpers';

/**
 * Building a network as a student does: the parameter total never passes off a partial count as
 * real, a hand-built logistic regression needs one click after wiring, an entry a param cannot take
 * stays visible until fixed or put back, new and copied cards land clear of others, a second wire
 * into an input says it replaced the first, a wire dropped on a card's body connects, ports are big
 * enough to hit, and the palette finds nodes by the values of their settings.
 */

failOnConsoleProblems({ open: '/' });

async function expectNoCardOnCard(page: Page): Promise<void> {
  const boxes = [...(await nodeBoxes(page)).entries()];
  const pairs: string[] = [];
  for (const [index, [id, box]] of boxes.entries()) {
    for (const [other, otherBox] of boxes.slice(index + 1)) if (intersects(box, otherBox)) pairs.push(`${id}/${other}`);
  }
  expect(pairs, 'cards on cards').toEqual([]);
}

test('the parameter total is not shown as a count while a layer cannot be counted', async ({ page }) => {
  await page.getByTestId('action-new').click();
  await expect(paramTotal(page)).toHaveText('0');
  await page.getByTestId('palette-dense').click();
  // A lone Dense has no input, so no shape and no count: "—", not 0.
  await expect(paramTotal(page)).toHaveText('—');
  await expect(paramTotal(page)).toHaveAttribute('data-complete', 'false');
  await openPreset(page, 'mnist-logreg');
  await expect(paramTotal(page)).toHaveText('7,850');
  await expect(paramTotal(page)).toHaveAttribute('data-complete', 'true');
});

test('logistic regression built by hand: wire five nodes, one click matches the labels, and it is ready to train', async ({ page }) => {
  await page.getByTestId('action-new').click();
  await dropFromPalette(page, 'dataset', 110, 70);
  await dropFromPalette(page, 'flatten', 330, 70);
  await dropFromPalette(page, 'dense', 550, 70);
  await dropFromPalette(page, 'loss', 110, 280);
  await dropFromPalette(page, 'optimizer', 330, 280);
  await connectPorts(page, 'handle-dataset-1-images', 'handle-flatten-1-in');
  await connectPorts(page, 'handle-flatten-1-out', 'handle-dense-1-in');
  await connectPorts(page, 'handle-dense-1-out', 'handle-loss-1-prediction');
  await connectPorts(page, 'handle-dataset-1-labels', 'handle-loss-1-labels');
  await connectPorts(page, 'handle-loss-1-loss', 'handle-optimizer-1-loss');
  await expect(page.locator('.react-flow__edge')).toHaveCount(5);

  await page.getByTestId('node-dense-1').click();
  await page.getByTestId('fix-match-labels').click();
  await expect(page.getByTestId('param-units')).toHaveValue('10');
  await expect(page.getByTestId('param-activation')).toHaveValue('softmax');
  await expect(paramTotal(page)).toHaveText('7,850');
  await expect(page.getByTestId('problems-button')).toHaveAttribute('data-tone', 'ok');
  await expect(page.getByTestId('fix-match-labels')).toHaveCount(0);

  // A new Conv2D is a relu layer, like every hidden layer of the course's presets.
  await dropFromPalette(page, 'conv2d', 550, 280);
  await expect(page.getByTestId('node-conv2d-1').getByTestId('node-summary')).toContainText('relu');
});

test('an entry a param cannot take stays in its box, marked, until fixed or Escape puts the value back', async ({ page }) => {
  await showWholeGraph(page);
  await page.getByTestId('node-dense1').click();
  const units = page.getByTestId('param-units');
  for (const entry of ['0', '-5', 'abc', '10.5']) {
    await units.fill(entry);
    await page.keyboard.press('Tab');
    // Leaving the box does not quietly put the old value back.
    await expect(units).toHaveValue(entry);
    await expect(units).toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByTestId('param-error')).toBeVisible();
    await expect(page.getByTestId('param-not-applied')).toContainText('128');
  }
  await expect(paramTotal(page)).toHaveText('1,199,882');
  // It outlives selecting another node, and the card says it has an entry not applied.
  await expect(page.getByTestId('node-dense1').getByTestId('node-draft')).toBeVisible();
  await page.getByTestId('node-conv1').click();
  await page.getByTestId('node-dense1').click();
  await expect(units).toHaveValue('10.5');
  // Escape puts the node's value back.
  await units.focus();
  await page.keyboard.press('Escape');
  await expect(units).toHaveValue('128');
  await expect(page.getByTestId('param-error')).toHaveCount(0);
  await expect(page.getByTestId('node-dense1').getByTestId('node-draft')).toHaveCount(0);
  // Fixing it applies it.
  await units.fill('64');
  await page.keyboard.press('Tab');
  await expect(page.getByTestId('param-error')).toHaveCount(0);
  await expect(paramTotal(page)).not.toHaveText('1,199,882');
});

test('clicked, pasted and duplicated cards land clear of every other card', async ({ page }) => {
  await showWholeGraph(page);
  for (const type of ['dense', 'dense', 'dropout', 'activation']) await page.getByTestId(`palette-${type}`).click();
  await expect(page.getByTestId('node-activation-1')).toBeVisible();
  await showWholeGraph(page);
  await expectNoCardOnCard(page);

  await page.getByTestId('node-conv1').click();
  await page.getByTestId('node-conv2').click({ modifiers: ['Shift'] });
  await page.keyboard.press('Control+c');
  await page.keyboard.press('Control+v');
  await page.keyboard.press('Control+v');
  await page.getByTestId('node-dense2').click();
  await page.keyboard.press('Control+d');
  await page.keyboard.press('Control+d');
  await expect(page.getByTestId('node-dense-2')).toBeVisible();
  await showWholeGraph(page);
  await expectNoCardOnCard(page);
  // One node copied is "1 node".
  await page.getByTestId('node-dense1').click();
  await page.keyboard.press('Control+c');
  await expect(page.getByTestId('toast')).toHaveText('Copied 1 node.');
});

test('a second wire into an input says it replaced the first; a wire dropped on a card body connects to its port', async ({ page }) => {
  await page.getByTestId('action-new').click();
  await dropFromPalette(page, 'dataset', 110, 70);
  await dropFromPalette(page, 'flatten', 360, 40);
  await dropFromPalette(page, 'reshape', 360, 240);
  await dropFromPalette(page, 'dense', 600, 120);
  await connectPorts(page, 'handle-dataset-1-images', 'handle-flatten-1-in');
  await connectPorts(page, 'handle-flatten-1-out', 'handle-dense-1-in');
  await expect(page.locator('.react-flow__edge')).toHaveCount(2);
  await connectPorts(page, 'handle-dataset-1-images', 'handle-reshape-1-in');
  // Into Dense's occupied input: the old wire goes, and the toast says so.
  await connectPorts(page, 'handle-reshape-1-out', 'handle-dense-1-in');
  await expect(page.getByTestId('toast')).toHaveAttribute('data-kind', 'replaced');
  await expect(page.locator('.react-flow__edge')).toHaveCount(3);

  // Dropped on the card's body, well away from its port.
  await page.getByTestId('action-new').click();
  await dropFromPalette(page, 'dataset', 110, 70);
  await dropFromPalette(page, 'flatten', 420, 70);
  const from = await boxOf(page.getByTestId('handle-dataset-1-images'));
  const card = await boxOf(page.getByTestId('node-flatten-1'));
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(card.x + card.width * 0.6, card.y + card.height / 2, { steps: 10 });
  await page.mouse.up();
  await expect(page.locator('.react-flow__edge')).toHaveCount(1);
  await expect(page.getByTestId('shape-flatten-1-out')).toHaveText('784');
});

test('ports are easy to hit at the zoom a preset opens at', async ({ page }) => {
  const handle = page.getByTestId('handle-conv1-in');
  const box = await boxOf(handle);
  expect(box.width).toBeGreaterThanOrEqual(11);
  // A point 9 px from the dot's centre still belongs to the port.
  const hit = await page.evaluate(
    ({ x, y }) => document.elementFromPoint(x, y)?.closest('.react-flow__handle')?.getAttribute('data-testid') ?? null,
    { x: box.x + box.width / 2 - 9, y: box.y + box.height / 2 },
  );
  expect(hit).toBe('handle-conv1-in');
});

test('palette search finds nodes by the values their settings offer', async ({ page }) => {
  const search = page.getByTestId('palette-search');
  for (const word of ['softmax', 'relu']) {
    await search.fill(word);
    await expect(page.getByTestId('palette-activation')).toBeVisible();
    await expect(page.getByTestId('palette-dense')).toBeVisible();
    await expect(page.getByTestId('palette-conv2d')).toBeVisible();
    await expect(page.getByTestId('palette-flatten')).toHaveCount(0);
  }
});
