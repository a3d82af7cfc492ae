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
