import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Plugin } from 'vite';

/**
 * The two response headers that make a page cross-origin isolated (`self.crossOriginIsolated`),
 * which browsers require before they share memory between threads (SharedArrayBuffer): the WASM
 * backend's threaded build needs that. `require-corp` rather than `credentialless`: Safari knows
 * only the former, and the app loads nothing from other origins.
 */
export const CROSS_ORIGIN_ISOLATION_HEADERS: Readonly<Record<string, string>> = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/**
 * A page opened with this query parameter is served without the headers (and the service worker
 * that adds them on static hosts leaves it alone): the app then runs as on a host that cannot
 * isolate, on one thread. For the browser tests of that fallback, and for anyone who wants to
 * compare.
 */
export const NO_ISOLATION_QUERY = 'kairo-no-isolation';

/**
 * A page opened with this query parameter is served without the headers, as by a static host that
 * cannot send them, but with nothing else changed: public/isolation-sw.js then has to isolate it.
 * For the browser test of that fallback.
 */
export const STATIC_HOST_QUERY = 'kairo-static-host';

function hasQuery(url: string | undefined, name: string): boolean {
  if (url === undefined) return false;
  const query = url.indexOf('?');
  return query >= 0 && new URLSearchParams(url.slice(query + 1)).has(name);
}

/** Whether a request URL (path and query) asks to be served without isolation. */
export function optsOutOfIsolation(url: string | undefined): boolean {
  return hasQuery(url, NO_ISOLATION_QUERY) || hasQuery(url, STATIC_HOST_QUERY);
}

function addHeaders(request: IncomingMessage, response: ServerResponse, next: () => void): void {
  // The referer carries the opt-out to the page's own scripts and workers, so that nothing on an
  // opted-out page is served differently from a host without the headers.
  if (!optsOutOfIsolation(request.url) && !optsOutOfIsolation(request.headers.referer)) {
    for (const [name, value] of Object.entries(CROSS_ORIGIN_ISOLATION_HEADERS)) response.setHeader(name, value);
  }
  next();
}

/**
 * Serves every response of `vite` (npm start) and `vite preview` with the cross-origin isolation
 * headers, so the app trains on all CPU cores there. Hosting the built app elsewhere: see
 * README ("Hosting"); public/isolation-sw.js covers hosts that cannot set headers.
 */
export function crossOriginIsolation(): Plugin {
  return {
    name: 'kairo-cross-origin-isolation',
    configureServer(server) {
      server.middlewares.use(addHeaders);
    },
    configurePreviewServer(server) {
      server.middlewares.use(addHeaders);
    },
  };
}
