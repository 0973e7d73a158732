// The mobile app's service worker: keeps the app shell so that the identity list opens offline.
// Pages: network first (they are never stale online), the cache when offline. Static files: the
// cache first, refreshed in the background. Nothing secret is ever cached: no API response is.
const CACHE = 'zeropin-app-v1';
const SHELL = [
  '/m/',
  '/m/manifest.webmanifest',
  '/css/zeropin.css',
  '/js/page-mobile-home.js',
  '/js/store.js',
  '/js/sw-register.js',
  '/img/zeropin.svg',
  '/img/zeropin-192.png',
];

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(caches.keys()
    .then((keys) => Promise.all(keys.filter((key) => key !== CACHE).map((key) => caches.delete(key))))
    .then(() => self.clients.claim()));
});

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== self.location.origin || url.pathname.startsWith('/api/')) {
    return;
  }
  if (event.request.mode === 'navigate') {
    event.respondWith(fetch(event.request)
      .then((response) => {
        if (response.ok && url.pathname === '/m/') {
          const copy = response.clone();
          caches.open(CACHE).then((cache) => cache.put('/m/', copy));
        }
        return response;
      })
      .catch(() => caches.match(event.request, { ignoreSearch: true })
        .then((cached) => cached || caches.match('/m/'))));
    return;
  }
  event.respondWith(caches.match(event.request).then((cached) => {
    const fresh = fetch(event.request).then((response) => {
      if (response.ok && SHELL.includes(url.pathname)) {
        const copy = response.clone();
        caches.open(CACHE).then((cache) => cache.put(event.request, copy));
      }
      return response;
    });
    return cached || fresh;
  }));
});
