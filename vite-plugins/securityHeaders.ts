/**
 * Kairo's security headers, in `npm start` (the dev server) and `vite preview`, and the same policy
 * as a <meta> in the built index.html for hosts that cannot send headers (README: "Hosting").
 *
 * The Content-Security-Policy allows the page's own origin only: no inline script, no eval, no
 * third-party request, no framing by other sites. Two exceptions, each needed by the engine:
 *  - 'wasm-unsafe-eval' lets the WASM backend compile its WebAssembly (nothing else is evaluated);
 *  - blob: for workers: the threaded WASM build starts each thread's worker from a Blob URL of the
 *    package's worker source (src/engine/wasm/browserPaths.ts); those workers then load the
 *    Emscripten script from the app's own assets, which 'self' allows.
 * The service worker that isolates the page on static hosts (public/isolation-sw.js) is a worker
 * from 'self' too, and its registration script (public/isolation.js) a script file, not inline.
 * Images may be data:/blob: URLs (canvas snapshots of samples and drawings).
 * `frame-ancestors` has no effect in a <meta> (browsers ignore it there and warn), so the meta
 * leaves it out; X-Frame-Options says the same to older browsers.
 *
 * The dev server injects an inline module script (React refresh) and <style> tags (CSS with hot
 * reload): it marks them with a per-start nonce (Vite's html.cspNonce), allowed in its policy only.
 */
import { randomBytes } from 'node:crypto';
import type { Plugin } from 'vite';

type Directives = Readonly<Record<string, readonly string[]>>;

export const CONTENT_SECURITY_POLICY: Directives = {
  'default-src': ["'self'"],
  'script-src': ["'self'", "'wasm-unsafe-eval'"],
  'worker-src': ["'self'", 'blob:'],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'data:', 'blob:'],
  'font-src': ["'self'"],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
  'frame-ancestors': ["'none'"],
};

/** Directives a <meta> policy cannot carry. */
const HEADER_ONLY = new Set(['frame-ancestors']);

export function policyText(directives: Directives, except: ReadonlySet<string> = new Set()): string {
  return Object.entries(directives)
    .filter(([name]) => !except.has(name))
    .map(([name, sources]) => `${name} ${sources.join(' ')}`)
    .join('; ');
}

/** The headers every response gets. */
export function securityHeaders(directives: Directives = CONTENT_SECURITY_POLICY): Record<string, string> {
  return {
    'Content-Security-Policy': policyText(directives),
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer',
  };
}

/** The dev server's policy: the production one plus its nonce for injected scripts and styles, and its HMR socket. */
function devDirectives(nonce: string): Directives {
  const withNonce = (name: string) => [...(CONTENT_SECURITY_POLICY[name] ?? []), `'nonce-${nonce}'`];
  return {
    ...CONTENT_SECURITY_POLICY,
    'script-src': withNonce('script-src'),
    'style-src': withNonce('style-src'),
    'connect-src': [...(CONTENT_SECURITY_POLICY['connect-src'] ?? []), 'ws:', 'wss:'],
  };
}

type Middleware = (request: unknown, response: { setHeader(name: string, value: string): void }, next: () => void) => void;

function headerMiddleware(headers: Record<string, string>): Middleware {
  return (_request, response, next) => {
    for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
    next();
  };
}

export function securityHeadersPlugin(): Plugin {
  const nonce = randomBytes(16).toString('base64');
  return {
    name: 'kairo-security-headers',
    config(_config, env) {
      if (env.command === 'serve' && !env.isPreview) return { html: { cspNonce: nonce } };
      return undefined;
    },
    configureServer(server) {
      server.middlewares.use(headerMiddleware(securityHeaders(devDirectives(nonce))));
    },
    configurePreviewServer(server) {
      server.middlewares.use(headerMiddleware(securityHeaders()));
    },
    transformIndexHtml: {
      order: 'post',
      handler(_html, context) {
        // Only the built page: the dev server's own policy (with its nonce) comes as a header.
        if (context.server) return undefined;
        return [
          {
            tag: 'meta',
            attrs: { 'http-equiv': 'Content-Security-Policy', content: policyText(CONTENT_SECURITY_POLICY, HEADER_ONLY) },
            injectTo: 'head-prepend',
          },
        ];
      },
    },
  };
}
