import { expect, type Page, test } from '@playwright/test';
import { failOnConsoleProblems, openPreset } from './editor-helpers';
import { batchesDone, openPanel, runPosition, setParam, waitForBatches } from './training-helpers';

/**
 * Every view tells the truth about the current graph and run: results of a graph that has since
 * changed are marked out of date everywhere they are shown (and current again after Undo), Resume
 * is refused for a changed graph with the reason, the top bar shows the run's state, the charts'
 * x axis spans the run so far, the test-set evaluation after Stop is a visible wait, and leaving the
 * page during a run asks first.
 */

failOnConsoleProblems({ open: '/' });

async function clickPane(page: Page): Promise<void> {
  await page.locator('.react-flow__pane').click({ position: { x: 10, y: 10 } });
}

test('results, model summary, drawing pad and status are marked out of date once the graph changes, and current again after Undo', async ({ page }) => {
  await openPreset(page, 'mnist-logreg');
  await setParam(page, 'dataset', 'trainSubset', '1000');
  await setParam(page, 'dataset', 'batchSize', '50');
  await setParam(page, 'optimizer', 'epochs', '2');
  await openPanel(page);
  await page.getByTestId('training-train').click();
  const panel = page.getByTestId('training-panel');
  await expect(panel).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
  await page.getByTestId('training-tab-evaluation').click();
  await expect(page.getByTestId('test-accuracy')).toHaveText(/\d+\.\d\d%/, { timeout: 30_000 });
  await expect(panel).toHaveAttribute('data-stale', 'false');
  await expect(page.getByTestId('stale-note')).toHaveCount(0);

  // A confusion-matrix cell is named as the sentence it stands for, with its count.
  const cell = page.getByTestId('cm-cell-3-3');
  const count = (await cell.textContent())?.trim() ?? '';
  await expect(cell).toHaveAccessibleName(new RegExp(`3.*3.*\\b${count}\\b`));
  // The gallery says why it shows fewer images than there are mistakes.
  await expect(page.getByTestId('gallery-cap')).toHaveAttribute('data-reason', /view|mistakes/);

  // Change the Dense layer: every result of the trained graph is now marked.
  await page.getByTestId('node-dense').click();
  await page.getByTestId('param-units').fill('12');
  await expect(panel).toHaveAttribute('data-stale', 'true');
  await expect(page.getByTestId('stale-banner')).toBeVisible();
  await expect(page.getByTestId('stale-note')).toBeVisible();
  await expect(page.getByTestId('evaluation')).toHaveAttribute('data-stale', 'true');
  await expect(page.getByTestId('topbar-run')).toHaveAttribute('data-stale', 'true');
  await page.getByTestId('training-tab-model').click();
  await expect(page.getByTestId('stale-note')).toBeVisible();
  await page.getByTestId('training-tab-draw').click();
  await expect(page.getByTestId('stale-note')).toBeVisible();
  await expect(page.getByTestId('probability-bar')).toHaveCount(0);

  // Undo back to the trained graph: the results are its own again.
  await clickPane(page);
  await page.keyboard.press('Control+z');
  await expect(panel).toHaveAttribute('data-stale', 'false');
  await expect(page.getByTestId('stale-note')).toHaveCount(0);
  await expect(page.getByTestId('topbar-run')).toHaveAttribute('data-stale', 'false');

  // Deleting the Dense node marks them too.
  await page.getByTestId('node-dense').click();
  await page.getByTestId('inspector-delete').click();
  await expect(panel).toHaveAttribute('data-stale', 'true');
  await page.getByTestId('training-tab-evaluation').click();
  await expect(page.getByTestId('stale-note')).toBeVisible();
});

test('a paused run of a changed graph cannot be resumed, and says why; the top bar, charts and leaving tell the truth meanwhile', async ({ page }) => {
  await openPreset(page, 'mnist-logreg');
  // 50 epochs of 1,875 batches: the run lasts as long as the test needs it.
  await setParam(page, 'dataset', 'batchSize', '32');
  await setParam(page, 'optimizer', 'epochs', '50');
  await openPanel(page);
  await page.getByTestId('training-train').click();
  const progress = page.getByTestId('training-progress');
  await expect(progress).toHaveAttribute('data-status', 'training', { timeout: 60_000 });

  // The top bar shows the run, not "Ready to train".
  await expect(page.getByTestId('topbar-run')).toHaveAttribute('data-status', 'training');
  await expect(page.getByTestId('problems-button')).not.toContainText('Ready to train');

  // The charts' x axis spans the run so far: within the first of 50 epochs it ends at ≤ 1 epoch,
  // and the curve reaches more than half way across it.
  await waitForBatches(page, 100);
  const chart = page.getByTestId('chart-loss');
  await expect.poll(async () => Number(await chart.getAttribute('data-x-reached'))).toBeGreaterThan(0);
  const xMax = Number(await chart.getAttribute('data-x-max'));
  const reached = Number(await chart.getAttribute('data-x-reached'));
  expect(xMax).toBeLessThanOrEqual(1);
  expect(reached / xMax).toBeGreaterThanOrEqual(0.5);

  // Leaving during a run asks first; staying keeps the run going.
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.type());
    void dialog.dismiss();
  });
  await page.evaluate(() => window.location.reload());
  await expect.poll(() => dialogs).toEqual(['beforeunload']);
  await expect(progress).toHaveAttribute('data-status', 'training');

  // Pause, then change the graph: Resume is refused, with the reason.
  await page.getByTestId('training-pause').click();
  await expect(progress).toHaveAttribute('data-status', 'paused');
  const pausedAt = batchesDone(await runPosition(page));
  await page.getByTestId('node-dense').click();
  await page.getByTestId('param-units').fill('12');
  const resume = page.getByTestId('training-resume');
  await expect(resume).toBeDisabled();
  await expect(page.getByTestId('training-blocked')).toHaveAttribute('data-reason', 'graph-changed');
  await expect(page.getByTestId('topbar-run')).toHaveAttribute('data-stale', 'true');
  expect(batchesDone(await runPosition(page))).toBe(pausedAt);

  // Undo: the run's graph again, and Resume goes on.
  await clickPane(page);
  await page.keyboard.press('Control+z');
  await expect(resume).toBeEnabled();
  await resume.click();
  await expect(progress).toHaveAttribute('data-status', 'training');
  await waitForBatches(page, pausedAt + 10);

  // Stop: the test-set evaluation that follows is a visible wait, and Train says why it waits.
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { kairoSeen: string[] }).kairoSeen = seen;
    const record = () => {
      const element = document.querySelector('[data-testid="training-progress"]');
      const blocked = document.querySelector('[data-testid="training-blocked"]');
      if (element?.getAttribute('data-evaluating') === 'true') {
        seen.push(`evaluating:${element.textContent?.trim() !== ''}:${blocked?.getAttribute('data-reason') ?? ''}`);
      }
    };
    new MutationObserver(record).observe(document.body, { subtree: true, attributes: true, childList: true });
  });
  await page.getByTestId('training-stop').click();
  await expect(progress).toHaveAttribute('data-status', 'done');
  await page.getByTestId('training-tab-evaluation').click();
  await expect(page.getByTestId('test-accuracy')).toHaveText(/\d+\.\d\d%/, { timeout: 30_000 });
  const seen = await page.evaluate(() => (window as unknown as { kairoSeen: string[] }).kairoSeen);
  expect(seen).toContain('evaluating:true:evaluating');
  await expect(progress).toHaveAttribute('data-evaluating', 'false');
});

test('an idle editor reloads without asking', async ({ page }) => {
  let asked = false;
  page.on('dialog', (dialog) => {
    asked = true;
    void dialog.dismiss();
  });
  // A click gives the page the user activation a leave prompt needs; a reload from the page itself
  // (Playwright's own reload never runs beforeunload) is then free to ask, and must not.
  await page.getByTestId('node-conv1').click();
  await expect(page.locator('.app')).toHaveAttribute('data-confirm-leaving', 'false');
  await page.evaluate(() => window.location.reload());
  await expect(page.getByTestId('canvas')).toBeVisible();
  await expect(page.getByTestId('node-conv1')).toBeVisible();
  expect(asked).toBe(false);
});
