import { expect, test } from '@playwright/test';
import { openPreset, watchConsole } from './editor-helpers';
import { openPanel, setParam, waitForBatches } from './training-helpers';

/**
 * Issue 14, case 14: the built app is served with a strict Content-Security-Policy (self only,
 * WebAssembly allowed, no framing) and X-Content-Type-Options: nosniff, carries the policy as a
 * <meta> for hosts that cannot send headers, refuses to be framed by another site — and still
 * trains under it, with no violation reported.
 */

declare global {
  interface Window {
    __cspViolations?: string[];
  }
}

test('every response carries the policy and nosniff; the page carries the policy as a meta too', async ({ page, request }) => {
  const response = await request.get('/');
  const headers = response.headers();
  const policy = headers['content-security-policy'] ?? '';
  expect(policy).toContain("default-src 'self'");
  expect(policy).toContain("frame-ancestors 'none'");
  expect(policy).toMatch(/script-src 'self' 'wasm-unsafe-eval'/);
  expect(policy).not.toContain('unsafe-inline');
  expect(policy).not.toMatch(/'unsafe-eval'/);
  expect(headers['x-content-type-options']).toBe('nosniff');

  // The worker scripts get the same policy (a worker's policy comes from its own response).
  const html = await response.text();
  const script = html.match(/src="(\/assets\/[^"]+\.js)"/)?.[1];
  expect(script).toBeDefined();
  const asset = await request.get(script ?? '/');
  expect(asset.headers()['content-security-policy']).toBe(policy);
  expect(asset.headers()['x-content-type-options']).toBe('nosniff');

  await page.goto('/');
  const meta = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(meta).toContain("default-src 'self'");
  // frame-ancestors does nothing in a meta (and makes the browser warn): the header carries it.
  expect(meta).not.toContain('frame-ancestors');
});

test('another site cannot show the editor in a frame', async ({ page, baseURL }) => {
  const app = `${baseURL ?? ''}/`;
  await page.route('http://elsewhere.test/', (route) =>
    route.fulfill({ contentType: 'text/html', body: `<!doctype html><iframe id="kairo" src="${app}"></iframe>` }),
  );
  // goto resolves on the outer page's load event, which waits for the frame to load or be refused.
  await page.goto('http://elsewhere.test/');
  const frame = page.frames().find((each) => each !== page.mainFrame());
  expect(frame).toBeDefined();
  // Framed, the editor's own page would be there at once (its #root is in the HTML itself).
  const framedPage = await frame?.evaluate(() => document.getElementById('root') !== null).catch(() => false);
  expect(framedPage).toBe(false);
  expect(frame?.url()).not.toBe(app);
});

test('the app loads and trains under the policy without a single violation', async ({ page }) => {
  const problems = watchConsole(page);
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (event) => {
      window.__cspViolations?.push(`${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}:${event.columnNumber}`);
    });
  });
  await page.goto('/');
  await openPreset(page, 'mnist-logreg');
  await setParam(page, 'dataset', 'trainSubset', '640');
  await setParam(page, 'dataset', 'batchSize', '32');
  await openPanel(page);
  await page.getByTestId('training-train').click();
  await expect(page.getByTestId('training-panel')).toHaveAttribute('data-status', 'training', { timeout: 60_000 });
  await waitForBatches(page, 5);
  await page.getByTestId('training-stop').click();
  await expect(page.getByTestId('training-progress')).toHaveAttribute('data-status', 'done');
  expect(await page.evaluate(() => window.__cspViolations)).toEqual([]);
  expect(problems).toEqual([]);
});
