// The catalog listing the build writes into index.html and embed.html (tools/page-catalog.mjs):
// the engine's own catalog() converts every catalog entry, which a cold start should not wait for.

/** The page's listing (the same shape as engine.catalog(), fewer fields), or null without one. */
export function pageCatalog(doc = document) {
  const text = doc.getElementById('catalog-listing')?.textContent;
  if (!text) return null;
  const listing = JSON.parse(text);
  return listing?.ok === true && Array.isArray(listing.hardware) && Array.isArray(listing.models) ? listing : null;
}
