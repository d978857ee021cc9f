// The catalog listing the build writes into index.html and embed.html (tools/page-catalog.mjs):
// the engine's own catalog() converts every catalog entry, which a cold start should not wait for.
import { readDataBlock } from './data-block.js';

/**
 * The page's listing (the same shape as engine.catalog(), fewer fields), or null when the page has
 * none or it does not parse: the caller then asks the engine.
 */
export function readCatalogListing() {
  const listing = readDataBlock('catalog-listing');
  return listing?.ok === true && Array.isArray(listing.hardware) && Array.isArray(listing.models) ? listing : null;
}
