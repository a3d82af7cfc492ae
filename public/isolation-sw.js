// Cross-origin isolation for static hosts that cannot send headers (GitHub Pages and the like).
//
// Kairo trains on all CPU cores only in a cross-origin isolated page (the browser shares memory
// between threads only there), and a page is isolated only when its own response carries
// Cross-Origin-Opener-Policy and Cross-Origin-Embedder-Policy. Where the host cannot send them,
// this service worker adds them to every same-origin response it passes on; isolation.js
// registers it and reloads the page once. It caches nothing: every request still goes to the
// network. A page opened with ?kairo-no-isolation is passed through unchanged.

const NO_ISOLATION_QUERY = 'kairo-no-isolation';

self.addEventListener('install', () => {
  self.skipWaiting();
});

self.addEventListener('activate', (event) => {
  event.waitUntil(self.clients.claim());
});

function optsOut(request) {
  const own = new URL(request.url).searchParams.has(NO_ISOLATION_QUERY);
  const from = request.referrer ? new URL(request.referrer).searchParams.has(NO_ISOLATION_QUERY) : false;
  return own || from;
}

async function withIsolationHeaders(request) {
  const response = await fetch(request);
  // Opaque and error responses cannot be rewritten; other origins keep their own headers.
  if (response.type === 'opaque' || response.type === 'opaqueredirect' || response.status === 0) return response;
  if (new URL(request.url).origin !== self.location.origin) return response;
  const headers = new Headers(response.headers);
  headers.set('Cross-Origin-Opener-Policy', 'same-origin');
  headers.set('Cross-Origin-Embedder-Policy', 'require-corp');
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  // A request the browser may only answer from the cache cannot be passed to fetch() here.
  if (request.cache === 'only-if-cached' && request.mode !== 'same-origin') return;
  if (new URL(request.url).origin !== self.location.origin || optsOut(request)) return;
  event.respondWith(withIsolationHeaders(request));
});
