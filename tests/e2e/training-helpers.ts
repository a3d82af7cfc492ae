import { expect, type Page } from '@playwright/test';
import type { BackendName, BackendReasonCode } from '../../src/worker/api';

/** Sets one parameter of a node through the inspector and waits until the field holds it. */
export async function setParam(page: Page, nodeId: string, param: string, value: string): Promise<void> {
  await page.getByTestId(`node-${nodeId}`).click();
  const field = page.getByTestId(`param-${param}`);
  await field.fill(value);
  await field.blur();
  await expect(field).toHaveValue(value);
}

export async function openPanel(page: Page): Promise<void> {
  const toggle = page.getByTestId('training-toggle');
  if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
}

/** Where the run is, as the worker last reported it (the progress element's data attributes). */
export interface RunPosition {
  epoch: number;
  batch: number;
  batchesPerEpoch: number;
}

export async function runPosition(page: Page): Promise<RunPosition> {
  // One read of the element, so the three numbers come from the same render.
  const values = await page
    .getByTestId('training-progress')
    .evaluate((element) => ['data-epoch', 'data-batch', 'data-batches-per-epoch'].map((name) => element.getAttribute(name)));
  const [epoch, batch, batchesPerEpoch] = values.map((value) => (value === null ? Number.NaN : Number(value)));
  if (epoch === undefined || batch === undefined || batchesPerEpoch === undefined || [epoch, batch, batchesPerEpoch].some(Number.isNaN)) {
    throw new Error(`the progress shows no run position (${values.join(', ')})`);
  }
  return { epoch, batch, batchesPerEpoch };
}

/** Batches done since the run started. */
export function batchesDone(position: RunPosition): number {
  return (position.epoch - 1) * position.batchesPerEpoch + position.batch;
}

/** Waits until the worker has reported at least `count` batches of the run. */
export async function waitForBatches(page: Page, count: number, timeout = 60_000): Promise<void> {
  await expect.poll(async () => batchesDone(await runPosition(page)), { timeout }).toBeGreaterThanOrEqual(count);
}

/**
 * The backend 'auto' picks for each reason it can give. Which reason applies is a fact of the
 * machine (a hardware GPU, a software renderer, no WebGL); that the pair agrees is a fact of Kairo.
 */
export const AUTO_BACKEND_FOR_REASON: Readonly<Partial<Record<BackendReasonCode, BackendName>>> = {
  gpu: 'webgl',
  'no-gpu': 'wasm',
  'no-webgl': 'wasm',
  'webgl-failed': 'wasm',
  'wasm-failed': 'cpu',
};

/** Waits until the panel names the backend that 'auto' chose, and checks that backend and reason agree. */
export async function expectAutoBackendShown(page: Page): Promise<{ backend: string; reason: string }> {
  const shown = page.getByTestId('training-backend');
  await expect(shown).toHaveAttribute('data-reason', /.+/, { timeout: 60_000 });
  const backend = (await shown.getAttribute('data-backend')) ?? '';
  const reason = (await shown.getAttribute('data-reason')) ?? '';
  expect(Object.keys(AUTO_BACKEND_FOR_REASON), 'a reason that auto gives').toContain(reason);
  expect(backend).toBe(AUTO_BACKEND_FOR_REASON[reason as BackendReasonCode]);
  return { backend, reason };
}

/**
 * Opens the Draw tab and draws a "1" on the pad. `hover()` first waits until the pad is visible and
 * stands still (the same box two frames running) and scrolls it into view, so the stroke lands on
 * the pad even while the panel is still laying out; the pad holds a digit once "Look inside" is enabled.
 */
export async function drawOne(page: Page): Promise<void> {
  await page.getByTestId('training-tab-draw').click();
  const pad = page.getByTestId('drawing-pad');
  await pad.hover({ position: { x: 2, y: 2 } });
  const box = await pad.boundingBox();
  if (!box) throw new Error('the drawing pad has no box');
  await page.mouse.move(box.x + box.width * 0.52, box.y + box.height * 0.15);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.85, { steps: 12 });
  await page.mouse.up();
  await expect(page.getByTestId('drawing-look-inside')).toBeEnabled();
}
