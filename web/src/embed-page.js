// embed.html: ?panel=NAME&mlsysim=<hash string, URL-encoded> → that one panel (NAME: any of
// embed-panels.js PANELS; an unknown name shows the list).
// The scenario sits under one namespaced query key so a host page's own parameters never collide.
import { renderEmbed } from './embed-core.js';
import { readCatalogListing } from './catalog-listing.js';

const q = new URLSearchParams(location.search);
const root = document.querySelector('#embed');
renderEmbed(root, { hash: q.get('mlsysim') ?? '', panel: q.get('panel') ?? 'roofline', listing: readCatalogListing() }).then((r) => {
  document.body.dataset.state = root.querySelector('.embed-box')?.dataset.state ?? (r.ok ? 'ok' : 'error');
});
if ('serviceWorker' in navigator && /^https?:$/.test(location.protocol)) {
  const sw = new URL('../sw.js', import.meta.url);
  if (sw.origin === location.origin) navigator.serviceWorker.register(sw, { scope: new URL('../', import.meta.url).pathname }).catch(() => {});
}
