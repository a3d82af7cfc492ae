import { expect, test } from '@playwright/test';
import { translate } from '../../src/i18n/index';
import { openPreset, paramTotal, watchConsole } from './editor-helpers';
import { openPanel, setParam, waitForBatches } from './training-helpers';

/**
 * A training engine that crashes in the middle of a run (an uncaught error in the worker, as a bug
 * or a browser's own failure would end it): the panel says so in the user's language, the graph is
 * exactly as it was, and Restart gives a fresh engine that trains again.
 *
 * The crash is put into the built worker by the test itself: its script gets a listener on a
 * BroadcastChannel that throws when told to, so the test crashes it at a moment it chooses (during
 * training, after a few batches) instead of after some time.
 */

const CRASH_CHANNEL = 'kairo-test-crash';

test('a worker that crashes mid-run is reported in both languages; the graph stays and Restart trains again', async ({ page }) => {
  const problems = watchConsole(page);
  await page.route('**/assets/worker-*.js', async (route) => {
    const response = await route.fetch();
    const crashOnRequest = `\n;new BroadcastChannel(${JSON.stringify(CRASH_CHANNEL)}).onmessage = () => { throw new Error('simulated crash'); };\n`;
    await route.fulfill({ response, body: (await response.text()) + crashOnRequest });
  });
  await page.goto('/');
  await openPreset(page, 'mnist-logreg');
  await setParam(page, 'dataset', 'batchSize', '32');
  await setParam(page, 'optimizer', 'epochs', '50');
  const total = await paramTotal(page).textContent();
  await openPanel(page);
  await page.getByTestId('training-train').click();
  await expect(page.getByTestId('training-panel')).toHaveAttribute('data-status', 'training', { timeout: 60_000 });
  await waitForBatches(page, 3);

  await page.evaluate((name) => new BroadcastChannel(name).postMessage('crash'), CRASH_CHANNEL);
  const message = page.getByTestId('training-error-message');
  await expect(message).toHaveAttribute('data-code', 'WORKER_CRASHED');
  await expect(message).toHaveText(translate('en', 'engine.WORKER_CRASHED'));
  await page.getByTestId('language-ja').click();
  await expect(message).toHaveText(translate('ja', 'engine.WORKER_CRASHED'));
  await expect(paramTotal(page)).toHaveText(total ?? '');

  await page.getByTestId('training-restart').click();
  await expect(page.getByTestId('training-panel')).toHaveAttribute('data-status', 'idle');
  await page.getByTestId('training-train').click();
  await expect(page.getByTestId('training-panel')).toHaveAttribute('data-status', 'training', { timeout: 60_000 });
  await waitForBatches(page, 2);
  await page.getByTestId('training-stop').click();
  await expect(page.getByTestId('training-progress')).toHaveAttribute('data-status', 'done');
  // The crash itself is the only thing the console may report.
  expect(problems.filter((line) => !/simulated crash/.test(line))).toEqual([]);
});
