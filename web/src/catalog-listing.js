// The catalog listing the build writes into index.html and embed.html (tools/page-catalog.mjs):
// the engine's own catalog() converts every catalog entry, which a cold start should not wait for.

/**
 * The page's listing (the same shape as engine.catalog(), fewer fields), or null when the page has
 * none or it does not parse: the caller then asks the engine.
 */
export function readCatalogListing() {
  const text = document.getElementById('catalog-listing')?.textContent;
  if (!text) return null;
  let listing;
  try {
    listing = JSON.parse(text);
  } catch {
    return null;
  }
  return listing?.ok === true && Array.isArray(listing.hardware) && Array.isArray(listing.models) ? listing : null;
}
