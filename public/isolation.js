// Loaded first by index.html. Where the host sent the cross-origin isolation headers (npm start,
// vite preview, a configured server) the page is isolated already and this does nothing.
// Elsewhere it registers isolation-sw.js, which adds the headers, and reloads the page once so
// that the page itself comes through it. If the page is still not isolated after that reload (a
// browser without service workers for this page, or one that refuses), it gives up: Kairo then
// trains on one thread and says why. ?kairo-no-isolation turns this off.
(() => {
  const RELOADED = 'kairo-isolation-reloaded';
  if (self.crossOriginIsolated || !self.isSecureContext || !('serviceWorker' in navigator)) return;
  if (new URLSearchParams(location.search).has('kairo-no-isolation')) return;
  if (sessionStorage.getItem(RELOADED) === location.href) return;
  const script = document.currentScript ? document.currentScript.src : location.href;
  navigator.serviceWorker
    .register(new URL('isolation-sw.js', script))
    .then(() => navigator.serviceWorker.ready)
    .then(() => {
      sessionStorage.setItem(RELOADED, location.href);
      location.reload();
    })
    .catch((error) => console.warn('Kairo: cross-origin isolation is not available here, training uses one thread.', error));
})();
