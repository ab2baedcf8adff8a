// Registers the service worker that keeps the page's own files (sw.js), so the demo also opens
// with no network and shows the edits queued in IndexedDB. Browsers allow service workers only on
// https:// and on localhost; elsewhere the page still works, just not when opened offline.
export function keepPageForOffline() {
  if (!('serviceWorker' in navigator)) return Promise.resolve(false);
  return navigator.serviceWorker.register('sw.js')
    .then(() => navigator.serviceWorker.ready)
    .then(() => true, () => false);
}
