import { expect, test } from '@playwright/test';
import { connectPorts, dropFromPalette, failOnConsoleProblems, openPreset, paramTotal, showWholeGraph } from './editor-helpers';

failOnConsoleProblems({ open: '/' });

test('opens on the course CNN over the built-in MNIST, at a zoom where cards can be read', async ({ page }) => {
  await expect(paramTotal(page)).toHaveText('1,199,882');
  await expect(page.getByTestId('node-dataset')).toBeInViewport();
  await expect(page.getByTestId('shape-conv1-out')).toBeVisible();
  const card = await page.getByTestId('node-conv1').boundingBox();
  // 172 px wide at 100 %: the opening zoom is at least 0.6.
  expect(card?.width ?? 0).toBeGreaterThanOrEqual(100);
  await expect(page.getByTestId('graph-title-display')).toContainText('MNIST');
});

test('builds a network from an empty canvas by dragging and wiring, with shapes and the parameter total', async ({ page }) => {
  await page.getByTestId('action-new').click();
  await expect(page.getByTestId('canvas-empty')).toBeVisible();
  await expect(paramTotal(page)).toHaveText('0');

  await dropFromPalette(page, 'dataset', 110, 60);
  await dropFromPalette(page, 'flatten', 330, 60);
  await dropFromPalette(page, 'dense', 550, 60);
  await dropFromPalette(page, 'dense', 110, 260);
  await dropFromPalette(page, 'loss', 330, 260);
  await dropFromPalette(page, 'optimizer', 550, 260);
  for (const id of ['dataset-1', 'flatten-1', 'dense-1', 'dense-2', 'loss-1', 'optimizer-1']) {
    await expect(page.getByTestId(`node-${id}`)).toBeVisible();
  }

  // The last dropped node is selected: make the second dense the softmax classifier.
  await page.getByTestId('node-dense-2').click();
  await page.getByTestId('param-units').fill('10');
  await page.getByTestId('param-activation').selectOption('softmax');

  await connectPorts(page, 'handle-dataset-1-images', 'handle-flatten-1-in');
  await connectPorts(page, 'handle-flatten-1-out', 'handle-dense-1-in');
  await connectPorts(page, 'handle-dense-1-out', 'handle-dense-2-in');
  await connectPorts(page, 'handle-dense-2-out', 'handle-loss-1-prediction');
  await connectPorts(page, 'handle-dataset-1-labels', 'handle-loss-1-labels');
  await connectPorts(page, 'handle-loss-1-loss', 'handle-optimizer-1-loss');

  await expect(page.getByTestId('shape-dataset-1-images')).toHaveText('28×28×1');
  await expect(page.getByTestId('shape-flatten-1-out')).toHaveText('784');
  // A new dense layer has 128 units.
  await expect(page.getByTestId('shape-dense-1-out')).toHaveText('128');
  await expect(page.getByTestId('shape-dense-2-out')).toHaveText('10');
  // The long wire from the first dense layer back to the second carries its shape as a label.
  await expect(page.locator('.ke-label', { hasText: /^128$/ })).toHaveCount(1);
  // 784·128 + 128 + 128·10 + 10
  await expect(paramTotal(page)).toHaveText('101,770');
  await expect(page.getByTestId('problems-button')).toContainText('Ready to train');
});

test('refuses a connection that makes no sense and says why', async ({ page }) => {
  await page.getByTestId('action-new').click();
  await dropFromPalette(page, 'dataset', 110, 80);
  await dropFromPalette(page, 'flatten', 380, 80);
  await connectPorts(page, 'handle-dataset-1-labels', 'handle-flatten-1-in');
  await expect(page.getByTestId('toast')).toContainText('Cannot connect');
  await expect(page.getByTestId('toast')).toContainText('labels');
  await expect(page.locator('.react-flow__edge')).toHaveCount(0);
});

test('loads the CNN preset from the gallery and shows 1,199,882 parameters', async ({ page }) => {
  await openPreset(page, 'mnist-logreg');
  await expect(paramTotal(page)).toHaveText('7,850');
  await openPreset(page, 'mnist-cnn');
  await expect(paramTotal(page)).toHaveText('1,199,882');
  await expect(page.getByTestId('shape-conv1-out')).toHaveText('26×26×32');
});

test('undo and redo every change with the keyboard and the buttons', async ({ page }) => {
  await showWholeGraph(page);
  await page.getByTestId('node-dense1').click();
  await page.getByTestId('param-units').fill('64');
  await expect(paramTotal(page)).not.toHaveText('1,199,882');
  const changed = await paramTotal(page).textContent();

  await page.locator('.react-flow__pane').click({ position: { x: 20, y: 20 } });
  await page.keyboard.press('Control+z');
  await expect(paramTotal(page)).toHaveText('1,199,882');
  await page.keyboard.press('Control+Shift+z');
  await expect(paramTotal(page)).toHaveText(changed ?? '');
  await page.getByTestId('action-undo').click();
  await expect(paramTotal(page)).toHaveText('1,199,882');
  await page.keyboard.press('Control+y');
  await expect(paramTotal(page)).toHaveText(changed ?? '');

  // Deleting a node takes its edges with it; one undo brings both back.
  const edges = await page.locator('.react-flow__edge').count();
  await page.getByTestId('node-flatten').click();
  await page.keyboard.press('Delete');
  await expect(page.getByTestId('node-flatten')).toHaveCount(0);
  await expect(page.locator('.react-flow__edge')).toHaveCount(edges - 2);
  await page.keyboard.press('Control+z');
  await expect(page.getByTestId('node-flatten')).toBeVisible();
  await expect(page.locator('.react-flow__edge')).toHaveCount(edges);
});

test('a drag of a node is one undo step', async ({ page }) => {
  await showWholeGraph(page);
  const node = page.getByTestId('node-dense1');
  const before = await node.boundingBox();
  if (!before) throw new Error('no box');
  await page.mouse.move(before.x + 40, before.y + 8);
  await page.mouse.down();
  for (let step = 1; step <= 10; step++) await page.mouse.move(before.x + 40 + step * 6, before.y + 8 + step * 8);
  await page.mouse.up();
  const after = await node.boundingBox();
  expect(Math.round((after?.y ?? 0) - before.y)).toBeGreaterThan(40);
  await page.keyboard.press('Control+z');
  await expect.poll(async () => Math.round((await node.boundingBox())?.y ?? 0)).toBe(Math.round(before.y));
});

test('inspector refuses invalid values, says why, and commits valid ones at once', async ({ page }) => {
  await showWholeGraph(page);
  await page.getByTestId('node-dense1').click();
  const units = page.getByTestId('param-units');
  await units.fill('0');
  await expect(page.getByTestId('param-error')).toHaveText('Must be at least 1.');
  await expect(paramTotal(page)).toHaveText('1,199,882');
  await units.fill('12.5');
  await expect(page.getByTestId('param-error')).toHaveText('Enter a whole number.');
  await units.fill('256');
  await expect(page.getByTestId('param-error')).toHaveCount(0);
  // 9216·256 + 256 + 256·10 + 10, plus the two convolutions (320 + 18,496)
  await expect(paramTotal(page)).toHaveText('2,380,938');

  await page.getByTestId('node-conv1').click();
  await page.getByTestId('param-kernelSize-0').fill('5');
  await page.getByTestId('param-kernelSize-1').fill('5');
  await expect(page.getByTestId('shape-conv1-out')).toHaveText('24×24×32');
  await page.getByTestId('param-kernelSize-1').fill('');
  await expect(page.getByTestId('param-error')).toBeVisible();
  await expect(page.getByTestId('shape-conv1-out')).toHaveText('24×24×32');
});

test('shows the reason for a problem on the node, reachable by keyboard', async ({ page }) => {
  await showWholeGraph(page);
  await page.getByTestId('node-dense2').click();
  await page.getByTestId('param-activation').selectOption('relu');
  // Cross-entropy on outputs that are not probabilities: the loss node carries the warning.
  const badge = page.getByTestId('node-loss').getByTestId('node-warning');
  await expect(badge).toBeVisible();
  await expect(badge).toHaveAttribute('title', /softmax/);
  await expect(page.getByTestId('problems-button')).toContainText('1 warning');
  await badge.focus();
  await expect(badge.locator('.kn-tip')).toBeVisible();
});

test('draws the activation function of an activation node', async ({ page }) => {
  await page.getByTestId('palette-search').fill('活性化');
  await expect(page.getByTestId('palette-activation')).toBeVisible();
  await expect(page.getByTestId('palette-dense')).toHaveCount(0);
  await page.getByTestId('palette-activation').click();
  const card = page.getByTestId('node-activation-1');
  await expect(card.getByTestId('activation-curve')).toHaveAttribute('aria-label', 'relu');
  await page.getByTestId('param-function').selectOption('leakyRelu');
  await expect(page.getByTestId('param-alpha')).toBeVisible();
  await expect(card.getByTestId('activation-curve')).toHaveAttribute('aria-label', 'leakyRelu');
  await page.getByTestId('param-function').selectOption('tanh');
  await expect(page.getByTestId('param-alpha')).toHaveCount(0);
});

test('duplicate, copy and paste selected nodes with the keyboard', async ({ page }) => {
  await showWholeGraph(page);
  await page.getByTestId('node-dense1').click();
  await page.keyboard.press('Control+d');
  await expect(page.getByTestId('node-dense-1')).toBeVisible();
  await page.getByTestId('node-conv1').click();
  await page.getByTestId('node-conv2').click({ modifiers: ['Shift'] });
  await page.keyboard.press('Control+c');
  await page.keyboard.press('Control+v');
  await expect(page.getByTestId('node-conv2d-1')).toBeVisible();
  await expect(page.getByTestId('node-conv2d-2')).toBeVisible();
  await expect(page.getByTestId('inspector')).toContainText('2 nodes selected');
});

test('switches to Japanese, remembers it, and lists shortcuts on ?', async ({ page }) => {
  await page.getByTestId('language-ja').click();
  await expect(page.getByTestId('action-new')).toHaveText('新規');
  await expect(page.getByTestId('node-conv1')).toContainText('畳み込み層');
  await page.reload();
  await expect(page.getByTestId('action-new')).toHaveText('新規');
  await expect(page.locator('html')).toHaveAttribute('lang', 'ja');

  await page.getByTestId('action-presets').click();
  await expect(page.getByTestId('preset-mnist-cnn')).toContainText('MNIST');
  await page.keyboard.press('Escape');

  await page.locator('.react-flow__pane').click({ position: { x: 20, y: 20 } });
  await page.keyboard.press('?');
  await expect(page.getByTestId('help-overlay')).toContainText('キーボードショートカット');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('help-overlay')).toBeHidden();
  await page.getByTestId('language-en').click();
  await expect(page.getByTestId('action-new')).toHaveText('New');
});

test('the layout fits 1280×720 without overflow', async ({ page }) => {
  const overflow = await page.evaluate(() => ({
    width: document.documentElement.scrollWidth,
    height: document.documentElement.scrollHeight,
  }));
  expect(overflow.width).toBeLessThanOrEqual(1280);
  expect(overflow.height).toBeLessThanOrEqual(720);
  for (const id of ['topbar', 'palette', 'canvas', 'inspector', 'training-dock', 'param-total']) {
    await expect(page.getByTestId(id)).toBeInViewport();
  }
  await page.getByTestId('node-conv1').click();
  await page.screenshot({ path: '/tmp/kairo-editor.png' });
});

test('shift-drag on the canvas selects the nodes inside the box', async ({ page }) => {
  const first = await page.getByTestId('node-conv1').boundingBox();
  const second = await page.getByTestId('node-conv2').boundingBox();
  if (!first || !second) throw new Error('no boxes');
  await page.keyboard.down('Shift');
  await page.mouse.move(first.x - 8, first.y - 24);
  await page.mouse.down();
  await page.mouse.move(second.x + second.width + 4, second.y + second.height + 6, { steps: 8 });
  await page.mouse.up();
  await page.keyboard.up('Shift');
  await expect(page.getByTestId('inspector')).toContainText('2 nodes selected');
  await page.keyboard.press('Delete');
  await expect(page.getByTestId('node-conv1')).toHaveCount(0);
  await expect(page.getByTestId('node-conv2')).toHaveCount(0);
  await page.keyboard.press('Control+z');
  await expect(page.getByTestId('node-conv1')).toBeVisible();
  await expect(paramTotal(page)).toHaveText('1,199,882');
});
