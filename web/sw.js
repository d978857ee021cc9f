// Service worker: the page keeps working offline once it has been loaded. On install it stores the
// page's own files (the list and a content version are written in by tools/build-web.mjs); every
// same-origin GET goes to the network first (so a new deploy is seen at once) and falls back to the
// stored copy when the network fails. It never touches another origin, and it is registered only
// on http(s) by the page itself (src/app.js, src/embed-page.js).
const VERSION = 'dev'; // build-web: content hash
const FILES = []; // build-web: every file of build/web, relative to this worker
const CACHE = `mlsysim-${VERSION}`;

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((c) => c.addAll(FILES)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) if (key.startsWith('mlsysim-') && key !== CACHE) await caches.delete(key);
    await self.clients.claim();
  })());
});

/** A folder's address for its index.html and the other way round: one stored copy serves both. */
function sameFile(url) {
  const u = new URL(url);
  u.search = '';
  if (u.pathname.endsWith('/')) u.pathname += 'index.html';
  else if (u.pathname.endsWith('/index.html')) u.pathname = u.pathname.slice(0, -'index.html'.length);
  return u.href;
}

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET' || new URL(req.url).origin !== self.location.origin) return;
  event.respondWith((async () => {
    const cache = await caches.open(CACHE);
    try {
      const res = await fetch(req);
      if (res.ok && res.type === 'basic') cache.put(req, res.clone()).catch(() => {});
      return res;
    } catch (err) {
      // Offline: the stored copy (a page opened with ?query, e.g. the embed page, matches its file).
      const navigate = req.mode === 'navigate';
      const hit = await cache.match(req, { ignoreSearch: navigate }) ?? (navigate ? await cache.match(sameFile(req.url)) : undefined);
      if (hit) return hit;
      throw err;
    }
  })());
});
