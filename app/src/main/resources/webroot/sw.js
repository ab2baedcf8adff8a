// The demo's service worker: keeps the page's own files so it opens with no network, which is
// when the edits the SDK queued in IndexedDB matter. Network first, so a new server's files win;
// the cached copy only when the network fails. Lockstep's own paths are never touched.
const CACHE = 'lockstep-demo';
const FILES = ['./', 'index.html', 'demo.css', 'demo.js'].map((file) => new URL(file, self.registration.scope).pathname);

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(FILES)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== self.location.origin || !FILES.includes(url.pathname)) return;
  event.respondWith(
    fetch(event.request)
      .then((response) => {
        if (response.ok) {
          const copy = response.clone();
          caches.open(CACHE).then((cache) => cache.put(url.pathname, copy));
        }
        return response;
      })
      .catch(() => caches.match(url.pathname).then((cached) => cached ?? Response.error())),
  );
});
