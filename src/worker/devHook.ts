/**
 * A window hook that lets the browser tests drive the real app's training worker (start it, call
 * its API, collect events) without going through the UI. Installed only when the page URL carries
 * `?kairo-test`, so users never see it.
 */
import * as Comlink from 'comlink';
import { startKairoWorker } from './client';

export const WORKER_TEST_QUERY = 'kairo-test';

export interface KairoWorkerTestHook {
  startKairoWorker: typeof startKairoWorker;
  /** Comlink.proxy, to pass event callbacks from a test's page.evaluate. */
  proxy: typeof Comlink.proxy;
}

declare global {
  interface Window {
    __kairoWorkerTest?: KairoWorkerTestHook;
  }
}

/** Call once at startup (src/ui/main.tsx). Does nothing unless the URL has `?kairo-test`. */
export function installWorkerTestHook(target: Window = window): void {
  if (!new URLSearchParams(target.location.search).has(WORKER_TEST_QUERY)) return;
  target.__kairoWorkerTest = { startKairoWorker, proxy: Comlink.proxy };
}
